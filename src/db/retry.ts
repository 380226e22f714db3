import type { Logger } from '../lib/logger.ts';

// A database that goes away for a moment (failover, restart, pg_terminate_backend, a network blip)
// or two transactions that deadlock fail the unit of work in flight, not the process. Every unit
// the worker runs is one transaction that carries its own progress (a batch with its cursor, an
// outbox row with its status), so running it again after a rollback is safe.

/** PostgreSQL SQLSTATEs for a lost or refused connection (classes 08 and 57P0x). */
const CONNECTION_SQLSTATES = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03']);
/** Node socket errors on the way to or from the server. */
const SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** node-postgres reports a dead socket by message only. */
const CONNECTION_MESSAGES = [/connection terminated/i, /not queryable/i, /connection ended/i, /timeout exceeded when trying to connect/i, /Client was closed/i];
/** Deadlock and serialization failure: the server rolled the transaction back; running it again is the cure. */
const CONFLICT_SQLSTATES = new Set(['40P01', '40001']);

export type TransientKind = 'connection' | 'conflict' | 'busy';

/** Whether an error means "try again": the connection was lost, or the transaction lost a race. */
export function transientKind(e: unknown): TransientKind | null {
  if (typeof e !== 'object' || e === null) return null;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (CONNECTION_SQLSTATES.has(code) || SOCKET_CODES.has(code)) return 'connection';
    if (CONFLICT_SQLSTATES.has(code)) return 'conflict';
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return 'busy';
  }
  const message = (e as { message?: unknown }).message;
  if (typeof message === 'string' && CONNECTION_MESSAGES.some((re) => re.test(message))) return 'connection';
  const cause = (e as { cause?: unknown }).cause;
  return cause && cause !== e ? transientKind(cause) : null;
}

export interface RetryOptions {
  logger: Logger;
  /** What is retried, for the one log line ("storing a batch of profile 3"). */
  what: string;
  /** Give up after this long without success (the error is then thrown). */
  maxMs?: number;
  /** Milliseconds to wait before retry number `attempt` (1-based). */
  delayMs?: (attempt: number) => number;
}

export function defaultRetryDelayMs(attempt: number): number {
  return Math.min(100 * 2 ** (attempt - 1), 2000) + Math.floor(Math.random() * 50);
}

/**
 * Runs `fn` and runs it again after a transient database error until it succeeds or `maxMs` has
 * passed. One line is logged per unit that needed a retry, when it finally succeeds or gives up,
 * naming what was retried, how often and why; not one per failed attempt.
 */
export async function retryTransient<T>(fn: () => Promise<T>, opts: RetryOptions): Promise<T> {
  const started = Date.now();
  const maxMs = opts.maxMs ?? 60_000;
  const delay = opts.delayMs ?? defaultRetryDelayMs;
  let attempt = 0;
  let first: { kind: TransientKind; message: string; code: unknown } | null = null;
  for (;;) {
    try {
      const result = await fn();
      if (first) opts.logger.warn({ retried: opts.what, attempts: attempt + 1, cause: first }, `database ${first.kind === 'connection' ? 'connection lost' : first.kind}; retried ${opts.what}`);
      return result;
    } catch (e) {
      const kind = transientKind(e);
      if (!kind) throw e;
      const info = { kind, message: e instanceof Error ? e.message : String(e), code: (e as { code?: unknown }).code };
      first ??= info;
      attempt += 1;
      if (Date.now() - started >= maxMs) {
        opts.logger.error({ retried: opts.what, attempts: attempt, cause: first }, `database unavailable; gave up ${opts.what}`);
        throw e;
      }
      await new Promise((r) => setTimeout(r, delay(attempt)));
    }
  }
}

/**
 * Reports dropped connections once per outage: a failover drops every connection of the pool at
 * the same moment, which is one event for the operator, not ten.
 */
export function connectionLossReporter(logger: Logger, windowMs = 10_000): (err: Error) => void {
  let lastAt = 0;
  let suppressed = 0;
  return (err) => {
    const now = Date.now();
    if (now - lastAt < windowMs) {
      suppressed += 1;
      return;
    }
    logger.warn({ err, alsoDroppedSinceLastReport: suppressed }, 'a database connection was dropped; reconnecting');
    lastAt = now;
    suppressed = 0;
  };
}
