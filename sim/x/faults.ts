// Injected failures: "the next N calls of this endpoint fail like so", so that tests can watch
// Parley wait out a 429, back off on 5xx, give up on a request X never answers, and find out
// whether a write whose answer was lost happened.

/**
 * 'timeout': the request is held open, unprocessed. 'lost': X does what was asked, then the
 * answer is lost — the connection is reset, after being held open `delayMs` (so a client with a
 * shorter timeout gives up first).
 */
export type FaultStatus = 429 | 500 | 503 | 'timeout' | 'lost';

export interface FaultRule {
  method: string;
  /** The route pattern, e.g. /2/users/:id/mentions. */
  path: string;
  status: FaultStatus;
  /** How many more calls fail. */
  remaining: number;
  /** For 'timeout': how long the request is held open before it is answered normally; for 'lost': before the reset. */
  delayMs: number;
}

export const DEFAULT_TIMEOUT_DELAY_MS = 30_000;

/** Takes one use of the first matching rule, dropping rules that are used up. */
export function takeFault(rules: FaultRule[], method: string, path: string): FaultRule | null {
  const index = rules.findIndex((r) => r.method === method && r.path === path && r.remaining > 0);
  if (index < 0) return null;
  const rule = rules[index];
  if (!rule) return null;
  rule.remaining -= 1;
  if (rule.remaining === 0) rules.splice(index, 1);
  return rule;
}

/** Resolves after `ms`, or early with false when the client hangs up. */
export function holdOpen(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
