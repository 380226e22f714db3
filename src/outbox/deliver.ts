import { ChannelError, type OutboundMessage, type SentMessage } from '../channels/types.ts';
import { clientForProfile } from '../channels/clients.ts';
import { HISTORY } from '../core/tickets/history.ts';
import { SYSTEM_USER_ID } from '../core/tickets/service.ts';
import { addMs, nowIso } from '../core/time.ts';
import { isActive } from '../core/social/profiles.ts';
import { findArticle, setDelivery } from '../db/repos/articles.ts';
import { findProfile } from '../db/repos/profiles.ts';
import { addHistory } from '../db/repos/tickets.ts';
import type { OutboxRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { mediaIdsFor } from '../attachments/outgoing.ts';
import { claimDue, markFailed, markRetry, markSent } from './store.ts';

export interface DeliveryOptions {
  owner: string;
  /** How long a claimed message is ours before another worker may take it over. */
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
  const base = Math.min(5000 * 2 ** Math.max(0, attempt - 1), 10 * 60_000);
  return base + Math.floor(Math.random() * 1000);
}

/** Sends every due outbox message once; a crashed attempt is first looked up on X, never repeated blindly. */
export async function deliverDue(deps: Deps, opts: DeliveryOptions): Promise<DeliveryStats> {
  const now = nowIso();
  const rows = await claimDue(deps.db, opts.owner, now, opts.leaseMs ?? 120_000, opts.limit ?? 20);
  const stats: DeliveryStats = { sent: 0, retried: 0, failed: 0 };
  for (const row of rows) {
    const outcome = await deliverOne(deps, row, now, opts);
    stats[outcome] += 1;
  }
  return stats;
}

async function deliverOne(deps: Deps, row: OutboxRow, claimedAt: string, opts: DeliveryOptions): Promise<keyof DeliveryStats> {
  const log = deps.logger.child({ outbox: row.id, article: row.article_id });
  const profile = await findProfile(deps.db, row.profile_id);
  const message = JSON.parse(row.message) as OutboundMessage;
  const maxAttempts = opts.maxAttempts ?? 6;
  const backoff = opts.backoffMs ?? defaultBackoffMs;
  const adapter = profile ? deps.channels.get(profile.type) : undefined;
  if (!profile || !adapter || !isActive(adapter, profile)) {
    return retryOrFail(deps, row, opts.owner, `The profile "${profile?.name ?? row.profile_id}" is not active (complete, verified and valid).`, addMs(claimedAt, backoff(row.attempts)), row.attempts >= maxAttempts, log);
  }
  try {
    const client = clientForProfile(deps, profile);
    let sent: SentMessage | null = null;
    // Set by an earlier attempt that never reported back: X may already have the message.
    if (row.attempt_started_at && row.attempt_started_at !== claimedAt) {
      sent = await client.findSent(message, new Date(Date.parse(row.attempt_started_at) - 60_000));
      if (sent) log.info({ profile: profile.name, externalId: sent.externalId }, 'found a message sent before a crash; not sending it again');
    }
    if (!sent) {
      const mediaIds = await mediaIdsFor(deps, client, row.article_id, message.kind);
      sent = await client.send(mediaIds.length ? { ...message, mediaIds } : message);
    }
    await deps.db.transaction().execute(async (trx) => {
      if (!(await markSent(trx, row.id, opts.owner, nowIso()))) return;
      await setDelivery(trx, row.article_id, 'sent', { externalId: sent.externalId, url: sent.url, conversationKey: sent.conversationKey });
      // A ticket an agent started learns its conversation from X's answer to the first message.
      const article = await findArticle(trx, row.article_id);
      if (article) {
        await trx.updateTable('tickets').set({ conversation_key: sent.conversationKey }).where('id', '=', article.ticket_id).where('conversation_key', 'is', null).execute();
      }
    });
    return 'sent';
  } catch (e) {
    if (!(e instanceof ChannelError)) {
      log.error({ err: e, profile: profile.name }, 'sending failed unexpectedly');
      return retryOrFail(deps, row, opts.owner, 'Parley could not send the message (an internal error was logged).', addMs(claimedAt, backoff(row.attempts)), row.attempts >= maxAttempts, log);
    }
    log.warn({ profile: profile.name, kind: e.kind, status: e.status, error: e.message }, 'sending to X failed');
    if (e.kind === 'rate_limit') {
      // Rate limits are X saying "later", not a failed attempt.
      const at = e.retryAt ? e.retryAt.toISOString() : addMs(claimedAt, 60_000);
      await deps.db.updateTable('outbox').set({ attempts: Math.max(0, row.attempts - 1) }).where('id', '=', row.id).execute();
      return retryOrFail(deps, row, opts.owner, e.message, at, false, log);
    }
    const final = e.kind === 'permanent' || e.kind === 'auth' || row.attempts >= maxAttempts;
    return retryOrFail(deps, row, opts.owner, e.message, addMs(claimedAt, backoff(row.attempts)), final, log);
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
): Promise<'retried' | 'failed'> {
  const now = nowIso();
  if (!final) {
    await markRetry(deps.db, row.id, owner, error, nextAttemptAt, now);
    return 'retried';
  }
  await deps.db.transaction().execute(async (trx) => {
    if (!(await markFailed(trx, row.id, owner, error, now))) return;
    await setDelivery(trx, row.article_id, 'failed', { error });
    const article = await findArticle(trx, row.article_id);
    if (article) {
      await addHistory(trx, [{ ticketId: article.ticket_id, type: HISTORY.deliveryFailed, message: `Sending to X failed: ${error}`, createdBy: SYSTEM_USER_ID, createdAt: now }]);
    }
  });
  log.error({ error }, 'message failed for good; the agent can retry it');
  return 'failed';
}
