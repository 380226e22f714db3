import { openCredentials } from '../core/social/profiles.ts';
import { createRateBudget } from '../core/social/rate-budget.ts';
import { recordBilledCall } from '../db/repos/billing.ts';
import { countApiCalls } from '../db/repos/profiles.ts';
import { loadRateLimits, saveRateLimit } from '../db/repos/rate-limits.ts';
import { clockOf } from '../deps.ts';
import { observeChannelCall } from '../lib/metrics.ts';
import type { ProfileRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import type { AccountInfo, ChannelAdapter, ChannelCallEvent, ChannelClient, RateBudget } from './types.ts';

export function adapterFor(deps: Pick<Deps, 'channels'>, type: string): ChannelAdapter {
  const adapter = deps.channels.get(type);
  if (!adapter) throw new Error(`No channel adapter for profile type "${type}".`);
  return adapter;
}

/**
 * The network's API address for a profile type (X: PARLEY_X_API_URL). Mastodon and Bluesky have
 * one per profile (its server, among the credentials), so there is none to configure.
 */
export function apiUrlFor(deps: Pick<Deps, 'config'>, type: string): string {
  if (type === 'twitter') return deps.config.xApiUrl;
  if (type === 'mastodon' || type === 'bluesky') return '';
  throw new Error(`No API address configured for profile type "${type}".`);
}

/**
 * Counts every call in profile_api_usage and what it was billed in profile_billed_usage (X bills
 * resources read and writes), and tells the metrics. Recording never holds up or fails the call.
 */
export function usageCounter(deps: Pick<Deps, 'db' | 'logger' | 'config' | 'clock'>, profile: Pick<ProfileRow, 'id' | 'name'>): (e: ChannelCallEvent) => void {
  return (e) => {
    const day = clockOf(deps).toISOString().slice(0, 10);
    observeChannelCall(profile, e, deps.config.xPrices);
    const recorded = Promise.all([
      countApiCalls(deps.db, profile.id, day, e.kind === 'read' ? 1 : 0, e.kind === 'write' ? 1 : 0),
      e.billed ? recordBilledCall(deps.db, profile.id, day, e.billed, deps.config.xPrices) : undefined,
    ]).catch((err: unknown) => deps.logger.warn({ err, profile: profile.name }, 'could not count an X API call'));
    pendingRecords.add(recorded);
    void recorded.finally(() => pendingRecords.delete(recorded));
  };
}

// The database is written without waiting (a count must never hold up a send); a client of the
// same process waits for those writes before it reads the limits, so it starts from the last answer.
const pendingWrites = new WeakMap<object, Map<number, Set<Promise<unknown>>>>();

function pending(db: object, profileId: number): Set<Promise<unknown>> {
  let byProfile = pendingWrites.get(db);
  if (!byProfile) pendingWrites.set(db, (byProfile = new Map()));
  let writes = byProfile.get(profileId);
  if (!writes) byProfile.set(profileId, (writes = new Set()));
  return writes;
}

const pendingRecords = new Set<Promise<unknown>>();

/** Waits until every call made so far is recorded (tests and the bench compare the meter then). */
export async function meterSettled(): Promise<void> {
  while (pendingRecords.size > 0) await Promise.all([...pendingRecords]);
}

/** Stores the limit every answer reports, so that all workers pace the profile by the same numbers. */
export function rateRecorder(deps: Pick<Deps, 'db' | 'logger'>, profile: Pick<ProfileRow, 'id' | 'name'>): (e: ChannelCallEvent) => void {
  return (e) => {
    if (!e.rateLimit) return;
    const writes = pending(deps.db, profile.id);
    const write = saveRateLimit(deps.db, profile.id, e.endpoint, e.rateLimit, new Date().toISOString())
      .catch((err: unknown) => deps.logger.warn({ err, profile: profile.name }, 'could not store an X rate limit'))
      .finally(() => writes.delete(write));
    writes.add(write);
  };
}

/** A client for a verified profile, with decrypted credentials that never leave this call chain. */
export function clientForProfile(deps: Deps, profile: ProfileRow, rateBudget?: RateBudget): ChannelClient {
  const adapter = adapterFor(deps, profile.type);
  const account: AccountInfo | null = profile.account_id
    ? { id: profile.account_id, username: profile.account_username ?? '', name: profile.account_name ?? '' }
    : null;
  const count = usageCounter(deps, profile);
  const record = rateRecorder(deps, profile);
  return adapter.createClient({
    credentials: openCredentials(adapter, profile, deps.secrets),
    account,
    apiUrl: apiUrlFor(deps, profile.type),
    onCall: (e) => {
      count(e);
      record(e);
    },
    ...(rateBudget ? { rateBudget } : {}),
  });
}

/**
 * A client that paces itself by the limits X last reported for the profile (stored by every
 * worker): a call with no room left waits for its window instead of meeting a 429.
 */
export async function pacedClientForProfile(deps: Deps, profile: ProfileRow): Promise<{ client: ChannelClient; budget: ReturnType<typeof createRateBudget> }> {
  await Promise.all(pending(deps.db, profile.id));
  const budget = createRateBudget(await loadRateLimits(deps.db, profile.id));
  return { client: clientForProfile(deps, profile, budget), budget };
}
