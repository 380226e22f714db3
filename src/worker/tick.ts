// How long the worker waits before its next look for work: at once while work is waiting, until
// the next job falls due otherwise, never less than a floor (a due profile may be polled by
// another worker right now) nor more than the idle tick (new replies arrive at any time).

export interface TickTiming {
  now: number;
  /** When the earliest known job falls due (ms since epoch), or null when none is scheduled. */
  nextDueAt: number | null;
  minMs: number;
  maxMs: number;
}

export function nextTickDelayMs(t: TickTiming): number {
  if (t.nextDueAt === null) return t.maxMs;
  return Math.min(t.maxMs, Math.max(t.minMs, t.nextDueAt - t.now));
}
