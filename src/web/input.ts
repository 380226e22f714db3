import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.ts';
import { errorBody, tRequest } from './errors.ts';

// Checks every request makes before any route sees it: no NUL character anywhere in the path, the
// query or a text body. PostgreSQL cannot store NUL in text and SQLite cuts strings at it, so
// the only honest answer is a 400, on every route at once (routes added later included).

const TEXT_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'application/yaml', 'application/x-yaml', 'text/'];

function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => hasNul(v, depth + 1));
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v, depth + 1));
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

async function bodyHasNul(c: Parameters<MiddlewareHandler<AppEnv>>[0]): Promise<boolean> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    // Files may hold any bytes; the text fields may not.
    const body = await c.req.parseBody({ all: true });
    return hasNul(Object.fromEntries(Object.entries(body).map(([k, v]) => [k, (Array.isArray(v) ? v : [v]).filter((x) => typeof x === 'string')])));
  }
  if (!TEXT_TYPES.some((t) => type.startsWith(t))) return false;
  const text = await c.req.text();
  if (text.includes('\u0000')) return true;
  if (type.startsWith('application/json')) {
    if (!text.includes('\\u0000')) return false;
    try {
      return hasNul(JSON.parse(text));
    } catch {
      return false;
    }
  }
  if (type.startsWith('application/x-www-form-urlencoded')) return /%00/i.test(text);
  return false;
}

export function refuseNul(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const decoded = safeDecode(url.pathname + url.search);
    if (decoded === null) return c.json(errorBody('invalid_input', tRequest(c, 'api.badPercentEncoding')), 400);
    const bad = decoded.includes('\u0000') || (c.req.method !== 'GET' && c.req.method !== 'HEAD' && (await bodyHasNul(c)));
    if (bad) return c.json(errorBody('invalid_input', tRequest(c, 'api.nul')), 400);
    return next();
  };
}
