// When to poll a profile again: after the poll interval, or — while a stream is still reading a
// backlog — as soon as X's limits let it read more.
import { getCursor } from '../db/repos/profiles.ts';
import type { ChannelAdapter, RateLimitState } from '../channels/types.ts';
import type { ProfileRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';

/**
 * Caught up: the interval. Catching up: at once, unless an endpoint is (almost) used up — then at
 * its reset; never later than the interval.
 */
export function nextPollMs(nowMs: number, pollMs: number, catchingUp: boolean, limits: readonly RateLimitState[]): number {
  const regular = nowMs + pollMs;
  if (!catchingUp) return regular;
  const resets = limits.map((l) => Date.parse(l.resetAt)).filter((reset, i) => reset > nowMs && (limits[i]?.remaining ?? 0) <= 1);
  return Math.min(regular, resets.length ? Math.min(...resets) : nowMs);
}

/** Is any stream of the profile still reading a backlog? */
export async function catchingUp(deps: Deps, adapter: ChannelAdapter, profile: ProfileRow): Promise<boolean> {
  if (!adapter.catchingUp) return false;
  for (const stream of adapter.streams) {
    if (adapter.catchingUp(stream, await getCursor(deps.db, profile.id, stream)) !== null) return true;
  }
  return false;
}
