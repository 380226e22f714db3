import type { RateLimitState } from '../../core/channel.ts';
import type { Db } from '../schema.ts';

export async function loadRateLimits(db: Db, profileId: number): Promise<Map<string, RateLimitState>> {
  const rows = await db.selectFrom('rate_limits').selectAll().where('profile_id', '=', profileId).execute();
  return new Map(rows.map((r) => [r.endpoint, { limit: Number(r.limit_total), remaining: Number(r.remaining), resetAt: r.reset_at }]));
}

/**
 * Keeps the newest word on an endpoint's limit. Reports of concurrent calls may be written out of
 * order, so a report replaces the row only for a later window, or the same window with fewer left
 * (core/social/rate-budget.ts mergeRateState, as SQL).
 */
export async function saveRateLimit(db: Db, profileId: number, endpoint: string, state: RateLimitState, now: string): Promise<void> {
  await db
    .insertInto('rate_limits')
    .values({ profile_id: profileId, endpoint, limit_total: state.limit, remaining: state.remaining, reset_at: state.resetAt, updated_at: now })
    .onConflict((oc) =>
      oc
        .columns(['profile_id', 'endpoint'])
        .doUpdateSet({ limit_total: state.limit, remaining: state.remaining, reset_at: state.resetAt, updated_at: now })
        .where((eb) =>
          eb.or([
            eb('rate_limits.reset_at', '<', state.resetAt),
            eb.and([eb('rate_limits.reset_at', '=', state.resetAt), eb('rate_limits.remaining', '>', state.remaining)]),
          ]),
        ),
    )
    .execute();
}
