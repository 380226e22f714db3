import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../../core/errors.ts';
import type { Actor } from '../../core/tickets/service.ts';
import type { AppEnv } from '../context.ts';
import type { Errors } from './components.tsx';

export type Ctx = Context<AppEnv>;

/** Pages need a logged-in agent; otherwise to the login page and back afterwards. */
export function requireLogin(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.get('actor')) {
      const nextUrl = c.req.method === 'GET' ? c.req.path + (new URL(c.req.url).search || '') : '/';
      return c.redirect(`/login?next=${encodeURIComponent(nextUrl)}`, 303);
    }
    return next();
  };
}

export function requireAdminPage(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const actor = c.get('actor');
    if (!actor?.admin) {
      c.status(403);
      return c.text('This page needs an administrator (rw in the group "admin").');
    }
    return next();
  };
}

export function pageActor(c: Ctx): Actor {
  const a = c.get('actor');
  if (!a) throw new Error('requireLogin must run first');
  return a;
}

export function csrf(c: Ctx): string | null {
  return c.get('session')?.csrfToken ?? null;
}

/** The posted form as plain strings (repeated names: the last one wins unless listed). */
export async function form(c: Ctx): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === '_csrf') continue;
    out[k] = typeof v === 'string' ? v : Array.isArray(v) ? String(v[v.length - 1]) : '';
  }
  return out;
}

/** All values of a repeated form field (checkbox lists). */
export async function formAll(c: Ctx, name: string): Promise<string[]> {
  const body = await c.req.parseBody({ all: true });
  const v = body[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

/** A user's mistake becomes a red line next to its field; anything else is rethrown. */
export function errorsFrom(e: unknown, fallbackField = '_form'): Errors {
  if (e instanceof AppError && e.code !== 'forbidden') return { [e.field ?? fallbackField]: e.message };
  if (e instanceof AppError) return { _form: e.message };
  throw e;
}

export function flashFrom(c: Ctx): string | null {
  const v = c.req.query('saved');
  return v ? v : null;
}

export function idParam(c: Ctx, name = 'id'): number | null {
  const v = Number(c.req.param(name));
  return Number.isInteger(v) && v > 0 ? v : null;
}
