import express, { Express } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config';

/** The page and its stylesheet, as written (web/explorer). */
const SOURCE_DIR = path.join(PROJECT_ROOT, 'web', 'explorer');

/** The explorer's modules, compiled from web/explorer/src by `npm run build`. */
export const EXPLORER_BUILD_DIR = path.join(PROJECT_ROOT, 'dist', 'web', 'explorer');

/** Cytoscape's minified UMD build, served from the project's own dependency. */
const CYTOSCAPE_FILE = path.join(path.dirname(require.resolve('cytoscape')), 'cytoscape.min.js');

/**
 * The page runs only scripts and styles of this server and talks only to its API: no
 * inline script, no CDN, no frames. Cytoscape draws on canvases and sets styles through the
 * CSSOM, which `style-src 'self'` allows.
 */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Compiled module names: lower-case words and dashes, so no path can escape the folder. */
const MODULE_NAME = /^[a-z][a-z0-9-]*\.js$/;

/**
 * Serves the graph explorer at `/explorer`: a static page and its assets, all from this
 * server (it works with no internet). The page uses only the public GraphQL API, so it is
 * served in production too.
 */
export function mountExplorer(app: Express): void {
  const page = readFileSync(path.join(SOURCE_DIR, 'index.html'));
  app.get('/explorer', (req, res) => {
    // The page's URLs are relative to /explorer: send /explorer/ there, with its query.
    if (req.path.endsWith('/')) {
      const query = req.url.indexOf('?');
      res.redirect(301, `../explorer${query >= 0 ? req.url.slice(query) : ''}`);
      return;
    }
    if (!existsSync(path.join(EXPLORER_BUILD_DIR, 'main.js'))) {
      res.status(503).type('text').send('The explorer is not built: run `npm run build`.\n');
      return;
    }
    res
      .type('html')
      .set('content-security-policy', EXPLORER_CSP)
      .set('x-content-type-options', 'nosniff')
      .set('referrer-policy', 'no-referrer')
      .set('cache-control', 'no-cache')
      .send(page);
  });

  const router = express.Router();
  router.get('/:asset', (req, res) => {
    const name = req.params.asset;
    let file: string | undefined;
    let type = 'text/javascript';
    let cache = 'no-cache';
    if (name === 'cytoscape.min.js') {
      file = CYTOSCAPE_FILE;
      cache = 'public, max-age=86400';
    } else if (name === 'explorer.css') {
      file = path.join(SOURCE_DIR, 'explorer.css');
      type = 'text/css';
    } else if (name === 'icon.svg') {
      file = path.join(SOURCE_DIR, 'icon.svg');
      type = 'image/svg+xml';
      cache = 'public, max-age=86400';
    } else if (MODULE_NAME.test(name)) {
      file = path.join(EXPLORER_BUILD_DIR, name);
    }
    if (!file || !existsSync(file)) {
      res.status(404).json({ error: 'not found' });
      return;
    }
    res
      .type(type)
      .set('x-content-type-options', 'nosniff')
      .set('cache-control', cache)
      .send(readFileSync(file));
  });
  app.use('/explorer/assets', router);
}
