import { networkOf } from '../core/channel.ts';
import { ChannelError, type ChannelClient, type OutboundMessage, type SentMessage } from '../channels/types.ts';
import { pacedClientForProfile } from '../channels/clients.ts';
import { HISTORY } from '../core/tickets/history.ts';
import { SYSTEM_USER_ID } from '../core/tickets/service.ts';
import { addMs, growingMs, nowIso } from '../core/time.ts';
import { isActive } from '../core/social/profiles.ts';
import { findArticle, knownExternalIds, setDelivery } from '../db/repos/articles.ts';
import { findProfile } from '../db/repos/profiles.ts';
import { retryTransient } from '../db/retry.ts';
import { addHistory, findTicket } from '../db/repos/tickets.ts';
import { notify } from '../core/notifications/service.ts';
import type { OutboxRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { mediaIdsFor } from '../attachments/outgoing.ts';
import { claimDue, markFailed, markRetry, markSent } from './store.ts';
import { failureVerdict } from './verdict.ts';

export interface DeliveryOptions {
  owner: string;
  /** How long a claimed message is ours before another worker may take it over (PARLEY_LEASE_SECONDS). */
  leaseMs?: number;
  limit?: number;
  /** Attempts (not counting rate limits) before a message is marked failed. */
  maxAttempts?: number;
  backoffMs?: (attempt: number) => number;
}

export interface DeliveryStats {
  sent: number;
  retried: number;
  failed: number;
}

export function defaultBackoffMs(attempt: number): number {
  const base = growingMs(attempt, 5000, 10 * 60_000);
  return base + Math.floor(Math.random() * 1000);
}

/** Sends every due outbox message once; a crashed attempt is first looked up on X, never repeated blindly. */
export async function deliverDue(deps: Deps, opts: DeliveryOptions): Promise<DeliveryStats> {
  const now = nowIso();
  const leaseMs = opts.leaseMs ?? deps.config.leaseSeconds * 1000;
  const rows = await retryTransient(() => claimDue(deps.db, opts.owner, now, leaseMs, opts.limit ?? 20), { logger: deps.logger, what: 'claiming outbox messages', maxMs: leaseMs });
  const stats: DeliveryStats = { sent: 0, retried: 0, failed: 0 };
  for (const row of rows) {
    const outcome = await deliverOne(deps, row, now, opts);
    stats[outcome] += 1;
  }
  return stats;
}

async function deliverOne(deps: Deps, row: OutboxRow, claimedAt: string, opts: DeliveryOptions): Promise<keyof DeliveryStats> {
  const log = deps.logger.child({ outbox: row.id, article: row.article_id });
  // Only database steps are run again after a lost connection, never the call to X.
  const retry = <T,>(what: string, fn: () => Promise<T>) => retryTransient(fn, { logger: log, what, maxMs: opts.leaseMs ?? deps.config.leaseSeconds * 1000 });
  const profile = await retry('reading the profile', () => findProfile(deps.db, row.profile_id));
  const message = JSON.parse(row.message) as OutboundMessage;
  const maxAttempts = opts.maxAttempts ?? 6;
  const backoff = opts.backoffMs ?? defaultBackoffMs;
  const adapter = profile ? deps.channels.get(profile.type) : undefined;
  if (!profile || !adapter || !isActive(adapter, profile)) {
    return retryOrFail(deps, row, opts.owner, `The profile "${profile?.name ?? row.profile_id}" is not active (complete, verified and valid).`, addMs(claimedAt, backoff(row.attempts)), row.attempts >= maxAttempts, log, false, networkOf(adapter, profile?.type));
  }
  let client: ChannelClient | null = null;
  let sent: SentMessage | null = null;
  // Set by an earlier attempt that never reported back, or whose answer was lost: X may already
  // have the message, so X is asked before it is sent again.
  const lostBefore = row.attempt_started_at !== null && row.attempt_started_at !== claimedAt;
  let uncertain = lostBefore;
  // A failed media upload comes before the send (and after any look-up): X cannot have the message.
  let uploading = false;
  // The network in words ("X", "Mastodon", "Bluesky"), for the log and the ticket's history.
  const network = networkOf(adapter, profile.type);
  try {
    client = (await pacedClientForProfile(deps, profile)).client;
    if (uncertain) {
      sent = await notStoredYet(deps, adapter.channel, row, await client.findSent(message, new Date(Date.parse(row.attempt_started_at!) - 60_000)));
      if (sent) log.info({ profile: profile.name, externalId: sent.externalId }, `found a message ${network} took before its answer was lost; not sending it again`);
      uncertain = false;
    }
    if (!sent) {
      uploading = true;
      const mediaIds = await mediaIdsFor(deps, client, row.article_id, message.kind);
      uploading = false;
      sent = await client.send(mediaIds.length ? { ...message, mediaIds } : message);
    }
    await recordSent(deps, row, opts.owner, sent, retry);
    return 'sent';
  } catch (e) {
    if (sent) {
      // X has the message but the database did not take the record: the row stays claimed, and
      // whoever takes it over after the lease finds the message on X instead of sending it again.
      log.error({ err: e, profile: profile.name }, 'sent, but could not record it; it is reconciled after the lease');
      return 'retried';
    }
    if (!(e instanceof ChannelError)) log.error({ err: e, profile: profile.name }, 'sending failed unexpectedly');
    else log.warn({ profile: profile.name, kind: e.kind, status: e.status, error: e.message }, `sending to ${network} failed`);
    const error = e instanceof ChannelError ? e : { kind: 'internal' as const, reason: null, message: 'Parley could not send the message (an internal error was logged).', retryAt: null };
    const verdict = failureVerdict(error, { uncertain, lostBefore, attempts: row.attempts, maxAttempts, uploading });
    if (verdict.then === 'look_up' && client) {
      const found = await notStoredYet(deps, adapter.channel, row, await lookUpDuplicate(client, message, row, log, network));
      if (found) {
        await recordSent(deps, row, opts.owner, found, retry);
        return 'sent';
      }
      return retryOrFail(deps, row, opts.owner, error.message, claimedAt, true, log, false, network);
    }
    if (verdict.then === 'wait') {
      // Rate limits are X saying "later", not a failed attempt.
      const at = error.retryAt ? error.retryAt.toISOString() : addMs(claimedAt, 60_000);
      await retry('holding back a rate-limited message', () =>
        deps.db.transaction().execute(async (trx) => {
          await trx.updateTable('outbox').set({ attempts: Math.max(0, row.attempts - 1) }).where('id', '=', row.id).execute();
          await markRetry(trx, row.id, opts.owner, error.message, at, nowIso(), verdict.maybeSent);
          // The zoom says why the message waits, and until when.
          await setDelivery(trx, row.article_id, 'queued', { error: `Held back by ${network}'s limit; it goes at ${at.slice(11, 16)} UTC.` });
        }),
      );
      return 'retried';
    }
    return retryOrFail(deps, row, opts.owner, error.message, addMs(claimedAt, backoff(row.attempts)), verdict.then === 'fail', log, verdict.maybeSent, network);
  }
}

/** Records X's id for the message and its article in one transaction (only while the row is ours). */
async function recordSent(deps: Deps, row: OutboxRow, owner: string, sent: SentMessage, retry: Retry): Promise<void> {
  await retry(`recording message ${row.id} as sent`, () => deps.db.transaction().execute(async (trx) => {
    if (!(await markSent(trx, row.id, owner, nowIso()))) return;
    await setDelivery(trx, row.article_id, 'sent', { externalId: sent.externalId, url: sent.url, conversationKey: sent.conversationKey });
    // A ticket an agent started learns its conversation from X's answer to the first message.
    const article = await findArticle(trx, row.article_id);
    if (article) {
      await trx.updateTable('tickets').set({ conversation_key: sent.conversationKey }).where('id', '=', article.ticket_id).where('conversation_key', 'is', null).execute();
    }
  }));
}

type Retry = <T>(what: string, fn: () => Promise<T>) => Promise<T>;

/**
 * A message found on X is this row's only if no other article holds it already: the same text to
 * the same target, sent by an earlier article, is that article's (recording it twice would break
 * the unique key and leave this row claimed for ever).
 */
async function notStoredYet(deps: Deps, channel: string, row: OutboxRow, found: SentMessage | null): Promise<SentMessage | null> {
  if (!found) return null;
  const known = await retryTransient(() => knownExternalIds(deps.db, channel, row.profile_id, [found.externalId]), { logger: deps.logger, what: 'checking a message found on the network' });
  return known.has(found.externalId) ? null : found;
}

/** X refused the text as a duplicate: if that is this very message, sent earlier, it is sent. */
async function lookUpDuplicate(client: ChannelClient, message: OutboundMessage, row: OutboxRow, log: Deps['logger'], network: string): Promise<SentMessage | null> {
  try {
    const found = await client.findSent(message, new Date(Date.parse(row.attempt_started_at ?? row.created_at) - 60_000));
    if (found) log.info({ externalId: found.externalId }, `${network} called the message a duplicate: it is ours, sent before its answer was lost`);
    return found;
  } catch (e) {
    log.warn({ err: e }, `could not look up a message ${network} called a duplicate`);
    return null;
  }
}

async function retryOrFail(
  deps: Deps,
  row: OutboxRow,
  owner: string,
  error: string,
  nextAttemptAt: string,
  final: boolean,
  log: Deps['logger'],
  maybeSent = false,
  network: string,
): Promise<'retried' | 'failed'> {
  const now = nowIso();
  const retry = <T,>(what: string, fn: () => Promise<T>) => retryTransient(fn, { logger: log, what });
  if (!final) {
    await retry(`scheduling message ${row.id} again`, () => markRetry(deps.db, row.id, owner, error, nextAttemptAt, now, maybeSent));
    return 'retried';
  }
  await retry(`recording message ${row.id} as failed`, () => deps.db.transaction().execute(async (trx) => {
    if (!(await markFailed(trx, row.id, owner, error, now, maybeSent))) return;
    await setDelivery(trx, row.article_id, 'failed', { error });
    const article = await findArticle(trx, row.article_id);
    if (article) {
      await addHistory(trx, [{ ticketId: article.ticket_id, type: HISTORY.deliveryFailed, message: `Sending to ${network} failed: ${error}`, key: 'history.sendFailed', params: { error, network }, createdBy: SYSTEM_USER_ID, createdAt: now }]);
      const ticket = await findTicket(trx, article.ticket_id);
      if (ticket) {
        const message = `Your message on ticket ${ticket.number} was not delivered: ${error}`;
        await notify(trx, [{ event: { type: 'deliveryFailed', authorId: article.created_by }, ticketId: ticket.id, queueId: ticket.queue_id, articleId: article.id, message, key: 'notify.deliveryFailed', params: { number: ticket.number, error } }], null, now);
      }
    }
  }));
  log.error({ error }, 'message failed for good; the agent can retry it');
  return 'failed';
}
