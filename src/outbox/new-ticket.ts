import { networkOf } from '../core/channel.ts';
import { clientForProfile } from '../channels/clients.ts';
import { t } from '../i18n/index.ts';
import { ChannelError, type EntityKind, type OutboundMessage } from '../channels/types.ts';
import { forbidden, invalid, notFound } from '../core/errors.ts';
import { allowedActions } from '../core/options/acl.ts';
import { ACTIONS } from '../core/options/actions.ts';
import { allowedProfileIds } from '../core/social/profile-acl.ts';
import { isActive } from '../core/social/profiles.ts';
import { assertQueueAccess } from '../core/tickets/access.ts';
import { HISTORY } from '../core/tickets/history.ts';
import { createTicket, type Actor } from '../core/tickets/service.ts';
import { titleFromText } from '../core/tickets/title.ts';
import { nowIso } from '../core/time.ts';
import { findProfile } from '../db/repos/profiles.ts';
import { findQueue } from '../db/repos/queues.ts';
import { addHistory } from '../db/repos/tickets.ts';
import type { ArticleRow, TicketRow } from '../db/schema.ts';
import { inTransaction } from '../db/tx.ts';
import type { Deps } from '../deps.ts';
import { ensureSocialCustomers } from '../db/repos/social-customers.ts';
import { insertOutgoing, outgoingBody } from './reply.ts';
import { storeFiles, type UploadedFile } from '../attachments/outgoing.ts';
import { enqueue } from './store.ts';

export interface NewSocialTicketInput {
  profileId: number;
  /** "tweet": a public post; "dm": a direct message to `to`. */
  kind: 'tweet' | 'dm';
  /** The recipient's @handle (required for a DM; a post may mention whoever it likes). */
  to?: string | null | undefined;
  body: string;
  files?: UploadedFile[] | undefined;
  title?: string | null | undefined;
  /** Defaults to the profile's target queue. */
  queueId?: number | null | undefined;
}

/**
 * "New social media ticket": an agent starts a conversation from a profile (X, Mastodon, Bluesky).
 * The ticket holds the first article, queued for the outbox like any reply. A DM's recipient is
 * looked up on the network first, so a wrong handle is refused before anything is stored.
 */
export async function startSocialTicket(deps: Deps, actor: Actor, input: NewSocialTicketInput, now = nowIso()): Promise<{ ticket: TicketRow; article: ArticleRow }> {
  const profile = await findProfile(deps.db, input.profileId);
  if (!profile) throw notFound(t('errors.noun.socialProfile', { id: input.profileId }), 'profileId');
  const adapter = deps.channels.get(profile.type);
  if (!adapter || !isActive(adapter, profile)) throw invalid('profileId', t('errors.profile.notActive', { name: profile.name }));
  const allowed = await allowedProfileIds(deps.db, actor, null, [profile], ACTIONS.newSocial);
  if (!allowed.has(profile.id)) throw forbidden(`You may not use the profile "${profile.name}".`, 'profileId');
  if (!(await allowedActions(deps.db, actor, null, [ACTIONS.newSocial], ACTIONS.newSocial)).has(ACTIONS.newSocial)) {
    throw forbidden('You may not start new social media tickets.');
  }
  const kind: EntityKind = input.kind === 'dm' ? 'dm' : 'tweet';
  const files = input.files ?? [];
  const body = await outgoingBody(deps.db, adapter, profile, actor.id, kind, input.body, files, 'This network takes no attachments.');
  const queueId = input.queueId ?? profile.target_queue_id;
  if (!queueId) throw invalid('queueId', 'Choose a queue.');

  let recipient = null;
  if (kind === 'dm') {
    const handle = (input.to ?? '').trim();
    if (!handle) throw invalid('to', 'A direct message needs the recipient\'s @handle.');
    try {
      recipient = await clientForProfile(deps, profile).lookupUser(handle);
    } catch (e) {
      if (e instanceof ChannelError && e.kind === 'permanent') throw invalid('to', e.message);
      if (e instanceof ChannelError) throw invalid('to', t('limits.lookupFailed', { network: networkOf(adapter, adapter.type), handle, message: e.message }));
      throw e;
    }
  }

  return inTransaction(deps.db, async (trx) => {
    const queue = await findQueue(trx, queueId);
    if (!queue) throw notFound(t('errors.noun.queue', { id: queueId }), 'queueId');
    if (queue.validity !== 'valid') throw invalid('queueId', t('errors.queue.notValid', { name: queue.name }));
    assertQueueAccess(actor.access, queue, 'rw');
    const customer = recipient ? (await ensureSocialCustomers(trx, adapter.channel, [recipient], now)).get(recipient.externalUserId) : undefined;
    const ticket = await createTicket(
      trx,
      {
        title: input.title?.trim() || titleFromText(body),
        queueId: queue.id,
        ownerId: actor.id,
        lock: 'lock',
        state: 'open',
        customerId: customer?.customerId ?? null,
        socialProfileId: profile.id,
        // A DM conversation is known now; a post's conversation is its own id, learned on sending.
        // (Networks that name a DM conversation only on sending, as Bluesky does, learn it then.)
        conversationKey: recipient && profile.account_id ? (adapter.dmConversationKey?.(profile.account_id, recipient.externalUserId) ?? null) : null,
      },
      actor.id,
      now,
    );
    const message: OutboundMessage = { kind, text: body, ...(recipient ? { recipientExternalUserId: recipient.externalUserId } : {}) };
    const article = await insertOutgoing(trx, ticket, profile, { body, kind, to: recipient ? `@${recipient.handle}` : '', inReplyTo: null, senderType: 'agent', createdBy: actor.id, now });
    await storeFiles(deps, trx, article, files, now);
    await enqueue(trx, article.id, profile.id, message, now);
    await addHistory(trx, [
      { ticketId: ticket.id, type: HISTORY.sendAnswer, message: `${kind === 'dm' ? `Direct message to @${recipient!.handle}` : 'Post'} queued via profile "${profile.name}".`, key: kind === 'dm' ? 'history.dmQueued' : 'history.postQueued', params: kind === 'dm' ? { handle: recipient!.handle, profile: profile.name } : { profile: profile.name }, createdBy: actor.id, createdAt: now },
    ]);
    return { ticket, article };
  });
}
