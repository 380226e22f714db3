// A local stand-in for X API v2 over HTTP: the X endpoints Parley uses, checked and answered as
// X does, and a control API to play the people on the other side.
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { listen, type RunningSimulator } from '../common/serve.ts';
import { notFoundRoute } from './errors.ts';
import { registerApiRoutes, type Log } from './routes-api.ts';
import { registerBillingRoutes } from './routes-billing.ts';
import { registerControlRoutes, seedSchema } from './routes-control.ts';
import { SimError, SimState } from './state.ts';

export interface XSimulatorOptions {
  /** Per-endpoint limits for a 15-minute window, e.g. `{ 'GET /2/users/:id/mentions': 5 }`. */
  rateLimits?: Record<string, number>;
  /** The length of X's 15-minute rate-limit window, in ms (tests shorten it; default 15 minutes). */
  rateWindowMs?: number;
  /** The simulator's clock, in epoch milliseconds (tests move it to cross rate-limit windows). */
  now?: () => number;
  /** Where the simulator says what it does; silent by default. */
  log?: Log;
}

/** The simulators share how they listen (sim/common/serve.ts). */
export type RunningXSimulator = RunningSimulator;

export interface XSimulator {
  app: Hono;
  state: SimState;
  /** Accounts and users to create, in the shape of a seed file (see README). */
  seed(input: unknown): void;
  listen(port?: number, host?: string): Promise<RunningXSimulator>;
}

export function createXSimulator(options: XSimulatorOptions = {}): XSimulator {
  const log = options.log ?? (() => {});
  const state = new SimState({
    ...(options.now ? { now: options.now } : {}),
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    ...(options.rateWindowMs ? { rateWindowMs: options.rateWindowMs } : {}),
  });
  const app = new Hono();

  registerApiRoutes(app, state, log);
  registerControlRoutes(app, state, log);
  registerBillingRoutes(app, state);
  app.notFound((c) => (c.req.path.startsWith('/2/') ? c.json(notFoundRoute(), 404) : c.json({ error: `No route ${c.req.method} ${c.req.path}` }, 404)));
  app.onError((error, c) => {
    if (error instanceof SimError) return c.json({ error: error.message }, error.status as ContentfulStatusCode);
    log(`500 ${c.req.method} ${c.req.path}: ${error.stack ?? String(error)}`);
    return c.json({ title: 'Internal Server Error', type: 'about:blank', status: 500, detail: 'Internal Server Error' }, 500);
  });

  return {
    app,
    state,
    seed(input) {
      const parsed = seedSchema.parse(input);
      for (const account of parsed.accounts) {
        const { user, ...credentials } = state.createAccount(account);
        log(`account @${user.username} id=${user.id} consumerKey=${credentials.consumerKey} consumerSecret=${credentials.consumerSecret} accessToken=${credentials.accessToken} accessTokenSecret=${credentials.accessTokenSecret}`);
      }
      for (const input of parsed.users) {
        const user = state.createUser(input);
        log(`user @${user.username} id=${user.id}`);
      }
    },
    listen(port = 0, host = '127.0.0.1') {
      return listen(app, port, host);
    },
  };
}
