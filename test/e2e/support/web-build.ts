import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const WEB = join(__dirname, '../../../web');
const BUILT_INDEX = join(WEB, 'dist/index.html');
const SOURCES = ['src', 'index.html', 'vite.config.ts', 'tsconfig.json', 'package.json'];

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

function npm(args: string[]) {
  // Jest sets NODE_ENV=test, which would make Vite bundle React's development build.
  execFileSync('npm', args, {
    cwd: WEB,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

/**
 * The API serves web/dist: build it when it is missing or older than its sources (CI builds it
 * before the tests; this keeps a local run from testing a stale build).
 */
export function ensureWebBuild(): void {
  const builtAt = existsSync(BUILT_INDEX) ? statSync(BUILT_INDEX).mtimeMs : 0;
  const changedAt = Math.max(
    ...SOURCES.map((name) => join(WEB, name))
      .filter(existsSync)
      .map(newestChange),
  );
  if (builtAt >= changedAt) return;
  if (!existsSync(join(WEB, 'node_modules'))) npm(['ci', '--no-audit', '--no-fund']);
  npm(['run', 'build']);
}
