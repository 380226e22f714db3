import { parseId } from '../../core/ids.ts';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { AppError, FieldErrors } from '../../core/errors.ts';
import type { Actor } from '../../core/tickets/service.ts';
import type { AppEnv } from '../context.ts';
import { t } from '../../i18n/index.ts';
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
      return c.text(t('ui.adminOnly'));
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

/** The `files` parts of a multipart form; a browser sends an empty file part when nothing was picked. */
export async function formFiles(c: Ctx): Promise<unknown[]> {
  const given = (await c.req.parseBody({ all: true }))['files'];
  return (given === undefined ? [] : Array.isArray(given) ? given : [given]).filter((v) => !(v instanceof File && v.size === 0 && !v.name));
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
  if (e instanceof FieldErrors) return { ...e.fields };
  if (e instanceof AppError && e.code !== 'forbidden') return { [e.field ?? fallbackField]: e.message };
  if (e instanceof AppError) return { _form: e.message };
  throw e;
}

export function flashFrom(c: Ctx): string | null {
  const v = c.req.query('saved');
  return v ? v : null;
}

/** An id from the path: decimal digits only, up to 2³¹−1 (see core/ids.ts); otherwise null. */
export function idParam(c: Ctx, name = 'id'): number | null {
  return parseId(c.req.param(name));
}

/** An admin module's pages: the overview, "add", and the edit page of one row. */
export interface AdminPages<R extends { id: number }> {
  /** e.g. /admin/queues */
  base: string;
  /** e.g. Queue: used in "Queue "X" added."; called per request, so it is in the request's language. */
  noun: () => string;
  find(c: Ctx, id: number): Promise<R | undefined>;
  list(c: Ctx): Promise<Response>;
  form(c: Ctx, row: R | null, values: Record<string, string>, errors?: Errors): Promise<Response>;
  values(c: Ctx, row: R): Promise<Record<string, string>>;
  /** Saves the posted form; answers the name for the confirmation. */
  save(c: Ctx, id: number | null, form: Record<string, string>): Promise<string>;
}

/** The routes every plain admin module shares: list, add, edit; errors come back into the form. */
export function adminPageRoutes<R extends { id: number }>(app: Hono<AppEnv>, p: AdminPages<R>): void {
  const saved = (c: Ctx, name: string, verb: 'added' | 'saved') => c.redirect(`${p.base}?saved=${encodeURIComponent(t('admin.frame.saved', { noun: p.noun(), name, verb }))}`, 303);
  const load = async (c: Ctx) => {
    const id = idParam(c);
    return id ? p.find(c, id) : undefined;
  };
  app.get(p.base, (c) => p.list(c));
  app.get(`${p.base}/new`, (c) => p.form(c, null, {}));
  app.post(`${p.base}/new`, async (c) => {
    const f = await form(c);
    try {
      return saved(c, await p.save(c, null, f), 'added');
    } catch (e) {
      c.status(400);
      return p.form(c, null, f, errorsFrom(e));
    }
  });
  app.get(`${p.base}/:id`, async (c) => {
    const row = await load(c);
    return row ? p.form(c, row, await p.values(c, row)) : c.notFound();
  });
  app.post(`${p.base}/:id`, async (c) => {
    const row = await load(c);
    if (!row) return c.notFound();
    const f = await form(c);
    try {
      return saved(c, await p.save(c, row.id, f), 'saved');
    } catch (e) {
      c.status(400);
      return p.form(c, row, f, errorsFrom(e));
    }
  });
}
