// GET /metrics for Prometheus. It names profiles and shows what they cost, so it is not public:
// a scraper on the same host may read it (a direct loopback connection, not one forwarded by a
// proxy), anyone else only with PARLEY_METRICS_TOKEN as a bearer token.
import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { routePath } from 'hono/route';
import { budgetsOf, usageOf } from '../db/repos/billing.ts';
import { clockOf, type Deps } from '../deps.ts';
import {
  billedResources, billedUsd, billedUsdToday, billedWrites, budgetUsd, httpRequests, outboxOldestAge, outboxQueued, registry,
} from '../lib/metrics.ts';
import type { AppEnv } from './context.ts';
import { errorBody, tRequest } from './errors.ts';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

function remoteAddress(c: Context): string | null {
  // @hono/node-server passes the Node request as env.incoming; app.request() in tests has none.
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? null;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Who may read /metrics: a pure decision on what the request shows. */
export function metricsAccess(input: { remoteAddress: string | null; forwarded: boolean; bearer: string | null; token: string | null }): boolean {
  if (input.token !== null && input.bearer !== null) return sameToken(input.bearer, input.token);
  return input.remoteAddress !== null && LOOPBACK.test(input.remoteAddress) && !input.forwarded;
}

/** Counts every answered request by route pattern (never the raw path: ids would explode the labels). */
export function countRequests(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    httpRequests.inc({ method: c.req.method, route: c.res.status === 404 ? 'unmatched' : routePath(c), status: String(c.res.status) });
  };
}

async function refreshDatabaseFigures(deps: Deps): Promise<void> {
  const now = clockOf(deps);
  const profiles = await deps.db.selectFrom('social_profiles').select(['id', 'name']).execute();
  const ids = profiles.map((p) => p.id);
  const [usage, budgets] = await Promise.all([usageOf(deps.db, ids, now), budgetsOf(deps.db, ids)]);
  for (const gauge of [billedResources, billedWrites, billedUsd, billedUsdToday, budgetUsd]) gauge.reset();
  for (const p of profiles) {
    const u = usage.get(p.id);
    if (!u) continue;
    for (const [kind, n] of Object.entries(u.month.read)) billedResources.set({ profile: p.name, kind }, n);
    for (const [kind, n] of Object.entries(u.month.write)) billedWrites.set({ profile: p.name, kind }, n);
    billedUsd.set({ profile: p.name }, u.month.usd);
    billedUsdToday.set({ profile: p.name }, u.today.usd);
    const budget = budgets.get(p.id);
    if (budget !== null && budget !== undefined) budgetUsd.set({ profile: p.name }, budget);
  }
  const queued = await deps.db
    .selectFrom('outbox')
    .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.min('created_at').as('oldest')])
    .where('status', '=', 'queued')
    .executeTakeFirst();
  outboxQueued.set(Number(queued?.n ?? 0));
  const oldest = queued?.oldest ? Date.parse(String(queued.oldest)) : null;
  outboxOldestAge.set(oldest === null ? 0 : Math.max(0, (now.getTime() - oldest) / 1000));
}

export function metricsRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/metrics', async (c) => {
    const auth = c.req.header('authorization') ?? '';
    const allowed = metricsAccess({
      remoteAddress: remoteAddress(c),
      forwarded: c.req.header('x-forwarded-for') !== undefined || c.req.header('forwarded') !== undefined,
      bearer: /^Bearer\s+/i.test(auth) ? auth.replace(/^Bearer\s+/i, '') : null,
      token: deps.config.metricsToken,
    });
    if (!allowed) {
      return c.json(errorBody('forbidden', tRequest(c, 'api.metricsForbidden')), 403);
    }
    await refreshDatabaseFigures(deps);
    return c.body(await registry.metrics(), 200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
  });
  return app;
}
