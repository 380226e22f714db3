// What the simulators share: listening on a port, injected faults, a fixed-window rate limit per
// account and endpoint, control bodies checked by zod. Test equipment: imports nothing from src/.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Context, Hono } from 'hono';
import type { z } from 'zod';

export interface RunningSimulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

export function listen(app: Hono, port = 0, host = '127.0.0.1'): Promise<RunningSimulator> {
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined;
    try {
      server = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) => {
        const running = server;
        if (!running) return;
        const urlHost = info.address.includes(':') ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${urlHost}:${info.port}`,
          port: info.port,
          close: () =>
            new Promise<void>((done, fail) => {
              // Requests held open by an injected timeout must not keep the server alive.
              if ('closeAllConnections' in running) running.closeAllConnections();
              running.close((error) => (error ? fail(error) : done()));
            }),
        });
      });
      server.once('error', reject);
    } catch (error) {
      reject(error);
    }
  });
}

export type FaultStatus = 429 | 500 | 503 | 'timeout';

export interface FaultRule {
  /** "METHOD /path" as the simulator names its routes, e.g. "GET /api/v1/notifications". */
  endpoint: string;
  status: FaultStatus;
  remaining: number;
  delayMs: number;
}

export function takeFault(rules: FaultRule[], endpoint: string): FaultRule | null {
  const index = rules.findIndex((r) => r.endpoint === endpoint && r.remaining > 0);
  const rule = rules[index];
  if (!rule) return null;
  rule.remaining -= 1;
  if (rule.remaining === 0) rules.splice(index, 1);
  return rule;
}

/** Resolves after `ms`, or early when the client hangs up. */
export function holdOpen(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

export interface Window {
  used: number;
  resetAtMs: number;
}

/** One request against an account's fixed window for an endpoint; `limited` once it is spent. */
export function consume(windows: Map<string, Window>, key: string, limit: number, windowMs: number, nowMs: number): { limited: boolean; remaining: number; resetAtMs: number } {
  let w = windows.get(key);
  if (!w || nowMs >= w.resetAtMs) {
    w = { used: 0, resetAtMs: nowMs + windowMs };
    windows.set(key, w);
  }
  w.used += 1;
  return { limited: w.used > limit, remaining: Math.max(0, limit - w.used), resetAtMs: w.resetAtMs };
}

/** After an injected 429 the rest of the window is spent, as the header then says. */
export function exhaust(windows: Map<string, Window>, key: string, limit: number): void {
  const w = windows.get(key);
  if (w) w.used = Math.max(w.used, limit);
}

/** A running counter as a decimal string: ids that sort by age, like Mastodon's snowflakes. */
export function idCounter(start: bigint): () => string {
  let next = start;
  return () => String((next += 1n));
}

/** A control request's JSON body checked against `schema`; `fail` makes the simulator's own 400. */
export async function parseBody<T extends z.ZodType>(c: Context, schema: T, fail: (message: string) => Error): Promise<z.output<T>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw fail('The body must be JSON.');
  }
  const result = schema.safeParse(body);
  if (!result.success) throw fail(result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return result.data;
}
