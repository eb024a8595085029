import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertFollowed,
  ignored,
  parseDockerfile,
  parseEnv,
  readDockerignore,
} from '../../scripts/check-image';

const ROOT = join(__dirname, '../..');
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const major = readFileSync(join(ROOT, '.node-version'), 'utf8').trim().split('.')[0];

/** A two-stage Dockerfile like ours, with `extra` in its last stage. */
const sample = (extra: string, from = `node:${major}-bookworm-slim`) =>
  `FROM ${from} AS build\nWORKDIR /app\nRUN npm ci \\\n  && npm run build\n` +
  `FROM ${from} AS runtime\nCOPY --from=build --chown=node:node /app/dist ./dist\n${extra}\n` +
  'USER node\nCMD ["node", "dist/src/main.js"]\n';

describe('the image check (scripts/check-image.ts) reads the Dockerfile', () => {
  it('follows every instruction of the repository’s Dockerfile', () => {
    const stages = parseDockerfile(dockerfile);
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    expect(() => assertFollowed(stages)).not.toThrow();
    // Continuation lines make one RUN.
    const runs = stages[0].instructions.filter((i) => i.op === 'RUN');
    expect(runs[1].args).toMatch(
      /^npm run build +&& npm --prefix web ci .*&& npm prune --omit=dev/,
    );
  });

  it.each([
    ['an instruction it does not follow', sample('ADD web/dist ./web/dist'), /ADD is not followed/],
    ['a flag it does not follow', sample('COPY --link package.json ./'), /flag --link/],
    ['CMD in shell form', sample('CMD node dist/src/worker.js'), /exec form/],
    ['another Node major', sample('', 'node:20-bookworm-slim'), /FROM node:20-bookworm-slim/],
    ['an image running as root', sample('').replace('USER node', 'USER root'), /runs as root/],
  ])('fails on %s', (_, text, message) => {
    expect(() => assertFollowed(parseDockerfile(text))).toThrow(message);
  });

  it('reads ENV pairs, quoted or not, and the older form', () => {
    expect(parseEnv('A=1 B="two words" C=\'x\'')).toEqual({ A: '1', B: 'two words', C: 'x' });
    expect(parseEnv('NODE_ENV production')).toEqual({ NODE_ENV: 'production' });
    const runtime = parseDockerfile(dockerfile)[1].instructions.filter((i) => i.op === 'ENV');
    expect(Object.assign({}, ...runtime.map((i) => parseEnv(i.args)))).toMatchObject({
      NODE_ENV: 'production',
      MALLOC_ARENA_MAX: '2',
    });
  });

  it('leaves .env, node_modules and dist out of the build context, and keeps the sources', () => {
    const patterns = readDockerignore(readFileSync(join(ROOT, '.dockerignore'), 'utf8'));
    for (const path of ['.env', 'web/.env', 'node_modules', 'web/node_modules', 'dist', '.tools'])
      expect([path, ignored(patterns, path)]).toEqual([path, true]);
    for (const path of ['src', 'package.json', 'web/src', '.env.example'])
      expect([path, ignored(patterns, path)]).toEqual([path, false]);
  });
});
