import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { AppEnv } from './context.ts';

// A handful of files, read once at start and served with a long cache and a version in the URL.

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const FILES = new Map<string, { path: string; type: string }>(Object.entries({
  'app.css': { path: join(here, 'ui/static/app.css'), type: 'text/css; charset=utf-8' },
  'app.js': { path: join(here, 'ui/static/app.js'), type: 'text/javascript; charset=utf-8' },
  'favicon.svg': { path: join(here, 'ui/static/favicon.svg'), type: 'image/svg+xml' },
  'htmx.min.js': { path: require.resolve('htmx.org/dist/htmx.min.js'), type: 'text/javascript; charset=utf-8' },
}));

export function staticRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const cache = new Map<string, Buffer>();
  app.get('/static/:file', (c) => {
    const name = c.req.param('file');
    // A Map, not an object: `constructor` or `__proto__` must not find the prototype's members.
    const file = FILES.get(name);
    if (!file) return c.notFound();
    let body = cache.get(name);
    if (!body) {
      body = readFileSync(file.path);
      cache.set(name, body);
    }
    c.header('Content-Type', file.type);
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(new Uint8Array(body));
  });
  return app;
}
