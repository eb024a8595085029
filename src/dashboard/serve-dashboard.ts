import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** Top-level paths the API owns; a dashboard build holding one of them is refused. */
const API_PATHS = ['api', 'health', 'metrics'];

/**
 * The built dashboard (`npm --prefix web run build`): WEB_DIST_DIR, else web/dist at the repo
 * root, whether this file runs from src/ (tsx, tests) or from dist/src/ (compiled).
 */
export function dashboardDir(): string | null {
  const candidates = process.env.WEB_DIST_DIR
    ? [resolve(process.env.WEB_DIST_DIR)]
    : [join(__dirname, '../../web/dist'), join(__dirname, '../../../web/dist')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

/**
 * Serves the dashboard's static files at `/` (index.html for `/`) when it is built, and
 * returns whether it is. Static files only answer GET/HEAD for files that exist and pass
 * everything else on, so the API's routes (and its JSON 404s) are untouched.
 */
export function serveDashboard(app: NestExpressApplication): boolean {
  const dir = dashboardDir();
  if (!dir) return false;
  const clashes = API_PATHS.filter((name) => existsSync(join(dir, name)));
  if (clashes.length) {
    throw new Error(
      `Dashboard build ${dir} holds ${clashes.join(', ')}, which would shadow the API`,
    );
  }
  const assets = join(dir, 'assets') + sep;
  app.useStaticAssets(dir, {
    index: 'index.html',
    redirect: false,
    setHeaders: (res, path) => {
      // Vite fingerprints everything under assets/; index.html is revalidated to pick up a
      // new build.
      res.setHeader(
        'Cache-Control',
        path.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
      res.setHeader('X-Content-Type-Options', 'nosniff');
    },
  });
  return true;
}
