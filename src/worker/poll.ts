import { networkOf } from '../core/channel.ts';
import { ChannelError, type ChannelClient } from '../channels/types.ts';
import { pacedClientForProfile } from '../channels/clients.ts';
import { addMs, growingMs, nowIso } from '../core/time.ts';
import { getCursor, saveServerLimits, serverLimitsDue } from '../db/repos/profiles.ts';
import { retryTransient } from '../db/retry.ts';
import type { ProfileRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { ingestBatch, type IngestStats } from '../ingest/ingest.ts';
import { observeIngest } from '../lib/metrics.ts';
import { readingBudget } from './budget.ts';
import { acquireLease, releaseLease } from './leases.ts';
import { catchingUp, nextPollMs } from './pace.ts';

export interface PollOptions {
  owner: string;
  pollSeconds: number;
  leaseMs?: number;
}

export type PollOutcome =
  | { status: 'done'; stats: IngestStats }
  | { status: 'busy' }
  | { status: 'skipped'; reason: string }
  | { status: 'error'; kind: string; message: string; nextPollAt: string };

function backoffMs(failures: number, pollSeconds: number): number {
  return growingMs(failures, pollSeconds * 1000, 15 * 60_000);
}

/**
 * The profile's server limits (Mastodon: GET /api/v2/instance), asked again when the stored ones
 * are an hour old. A failure keeps the stored ones and does not hold up the poll.
 */
async function refreshServerLimits(deps: Deps, profile: ProfileRow, client: ChannelClient, log: Deps['logger']): Promise<void> {
  if (!client.serverLimits || !serverLimitsDue(profile, nowIso())) return;
  try {
    const limits = await client.serverLimits();
    await saveServerLimits(deps.db, profile.id, limits, nowIso());
  } catch (e) {
    if (!(e instanceof ChannelError)) throw e;
    log.warn({ kind: e.kind, error: e.message }, 'reading the server limits failed; keeping the stored ones');
  }
}

/**
 * Polls every stream of one profile under its lease. Each batch is stored with its cursor in one
 * transaction; a failure leaves the cursor at the last stored batch and schedules a retry: at
 * x-rate-limit-reset for 429, with growing back-off for 5xx and timeouts. A lost database
 * connection fails only the transaction in flight, which is run again once the database answers.
 * The next regular poll was scheduled when the profile was claimed (claimDuePolls).
 */
export async function pollProfile(deps: Deps, profile: ProfileRow, opts: PollOptions): Promise<PollOutcome> {
  const lease = `poll:${profile.id}`;
  const leaseMs = opts.leaseMs ?? 60_000;
  const started = nowIso();
  const log = deps.logger.child({ profile: profile.name, profileId: profile.id });
  const retry = <T,>(what: string, fn: () => Promise<T>) => retryTransient(fn, { logger: log, what, maxMs: leaseMs });
  if (!(await retry('taking the poll lease', () => acquireLease(deps.db, lease, opts.owner, leaseMs, started)))) return { status: 'busy' };
  const adapter = deps.channels.get(profile.type)!;
  const total: IngestStats = { received: 0, skipped: 0, created: 0, appended: 0, rejected: 0, autoResponses: 0 };
  try {
    const spending = await readingBudget(deps, profile.id);
    if (spending.paused) {
      // Checked again every interval: a raised budget resumes reading without a restart.
      await deps.db.updateTable('profile_poll_state').set({ next_poll_at: addMs(nowIso(), opts.pollSeconds * 1000) }).where('profile_id', '=', profile.id).execute();
      log.info({ resumesAt: spending.resumesAt }, 'monthly X budget reached; not reading');
      return { status: 'skipped', reason: spending.reason };
    }
    const { client, budget } = await pacedClientForProfile(deps, profile);
    await refreshServerLimits(deps, profile, client, log);
    const since = new Date(profile.completed_at ?? started);
    for (const stream of adapter.streams) {
      const cursor = await retry('reading the cursor', () => getCursor(deps.db, profile.id, stream));
      const batches = await client.fetchInbound(stream, cursor, since);
      for (const batch of batches) {
        // Still ours? A poll slower than its lease must not overlap with a successor.
        const stats = await retry(`storing a batch of ${batch.entities.length} from ${stream}`, async () =>
          (await acquireLease(deps.db, lease, opts.owner, leaseMs, nowIso())) ? ingestBatch(deps.db, adapter, profile, stream, batch) : null,
        );
        if (!stats) {
          log.warn('lost the poll lease; stopping this poll');
          return { status: 'busy' };
        }
        observeIngest(profile, stream, stats);
        for (const k of Object.keys(total) as (keyof IngestStats)[]) total[k] += stats[k];
      }
    }
    const now = nowIso();
    const behind = await retry('reading the cursors', () => catchingUp(deps, adapter, profile));
    // The claim already set the regular next poll; a backlog is read again as soon as X's limits allow.
    const sooner = behind ? new Date(nextPollMs(Date.parse(now), opts.pollSeconds * 1000, true, [...budget.snapshot().values()])).toISOString() : null;
    await retry('recording the poll', () =>
      deps.db
        .updateTable('profile_poll_state')
        .set({ ...(sooner ? { next_poll_at: sooner } : {}), last_poll_at: now, last_success_at: now, failures: 0, last_error: null })
        .where('profile_id', '=', profile.id)
        .execute(),
    );
    if (total.received > 0) log.info(total, 'polled');
    return { status: 'done', stats: total };
  } catch (e) {
    const now = nowIso();
    const state = await retry('reading the poll state', () => deps.db.selectFrom('profile_poll_state').select('failures').where('profile_id', '=', profile.id).executeTakeFirst());
    const failures = (state?.failures ?? 0) + 1;
    let kind = 'internal';
    let message = 'Internal error while polling (logged).';
    let next = addMs(now, backoffMs(failures, opts.pollSeconds));
    if (e instanceof ChannelError) {
      kind = e.kind;
      message = e.message;
      if (e.kind === 'rate_limit') next = e.retryAt && e.retryAt.toISOString() > now ? e.retryAt.toISOString() : addMs(now, 60_000);
      else if (e.kind === 'auth' || e.kind === 'permanent') next = addMs(now, 15 * 60_000);
      log.warn({ kind: e.kind, status: e.status, error: e.message, nextPollAt: next }, `polling ${networkOf(adapter, profile.type)} failed; will retry`);
    } else {
      log.error({ err: e, nextPollAt: next }, 'polling failed; will retry');
    }
    await retry('recording the failed poll', () =>
      deps.db
        .updateTable('profile_poll_state')
        .set({ next_poll_at: next, last_poll_at: now, last_error: message, last_error_at: now, failures })
        .where('profile_id', '=', profile.id)
        .execute(),
    );
    return { status: 'error', kind, message, nextPollAt: next };
  } finally {
    await releaseLease(deps.db, lease, opts.owner).catch(() => undefined);
  }
}
