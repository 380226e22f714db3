import { networkOf } from '../core/channel.ts';
import type { ChannelAdapter, EntityKind, OutboundMessage } from '../channels/types.ts';
import { forbidden, invalid, notFound, conflict } from '../core/errors.ts';
import { isActive } from '../core/social/profiles.ts';
import { HISTORY } from '../core/tickets/history.ts';
import { loadTicketFor, type Actor } from '../core/tickets/service.ts';
import { nowIso } from '../core/time.ts';
import { insertArticle } from '../db/repos/articles.ts';
import { findAgent } from '../db/repos/agents.ts';
import { identitiesOf } from '../db/repos/customers.ts';
import { findProfile, limitsOf } from '../db/repos/profiles.ts';
import { addHistory, updateTicketRow, type HistoryEntry } from '../db/repos/tickets.ts';
import type { ArticleRow, Db, ProfileRow, TicketRow } from '../db/schema.ts';
import { inTransaction } from '../db/tx.ts';
import type { Deps } from '../deps.ts';
import { allowedProfileIds } from '../core/social/profile-acl.ts';
import { ACTIONS } from '../core/options/actions.ts';
import { assertActionAllowed } from '../core/options/enforce.ts';
import { storeFiles, type UploadedFile } from '../attachments/outgoing.ts';
import { enqueue } from './store.ts';
import { summonedReplyTarget, type ReplyTarget } from '../core/social/summoned.ts';
import { findPreferences } from '../db/repos/preferences.ts';
import { withSignature } from '../core/agents/preferences.ts';
import { decideRequiredLock, REQUIRED_LOCK_ACTIONS } from '../core/tickets/ownership.ts';
import { t } from '../i18n/index.ts';

export interface ReplyInput {
  body: string;
  profileId?: number | undefined;
  kind?: 'reply' | 'dm' | undefined;
  /** Photos, a GIF or a video to send with it, checked against the network's rules. */
  files?: UploadedFile[] | undefined;
}

/**
 * The post a public reply answers: the customer's newest post in the ticket that X lets the
 * account answer (it @mentions or quotes the account), or why there is none. Networks without
 * X's summons rule (the adapter says so) answer the customer's newest post.
 */
export async function publicReplyTarget(db: Db, ticketId: number, profile: Pick<ProfileRow, 'id' | 'account_username'>, adapter?: Pick<ChannelAdapter, 'repliesNeedSummons'>): Promise<ReplyTarget> {
  const rows = await db
    .selectFrom('articles')
    .select(['external_id', 'direction', 'body'])
    .where('ticket_id', '=', ticketId)
    .where('profile_id', '=', profile.id)
    .where('kind', '=', 'tweet')
    .where('external_id', 'is not', null)
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  const posts = rows.map((r) => ({ externalId: r.external_id!, direction: r.direction === 'incoming' ? ('incoming' as const) : ('outgoing' as const), text: r.body }));
  if (adapter && adapter.repliesNeedSummons === false) {
    const newest = posts.find((p) => p.direction === 'incoming');
    return newest ? { ok: true, externalId: newest.externalId } : { ok: false, reason: 'no_post', message: 'There is no post by the customer in this ticket to reply to; send a direct message instead.' };
  }
  return summonedReplyTarget(posts, profile.account_username);
}

/** The customer's newest direct message in the ticket: networks that thread DMs (Mastodon) answer it. */
async function latestIncomingDm(db: Db, ticketId: number, profileId: number): Promise<string | null> {
  const row = await db
    .selectFrom('articles')
    .select('external_id')
    .where('ticket_id', '=', ticketId)
    .where('profile_id', '=', profileId)
    .where('kind', '=', 'dm')
    .where('direction', '=', 'incoming')
    .where('external_id', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.external_id ?? null;
}

async function customerIdentity(db: Db, ticket: TicketRow, network: string) {
  if (!ticket.customer_id) return null;
  return (await identitiesOf(db, [ticket.customer_id])).find((i) => i.network === network) ?? null;
}

/**
 * What an agent sends: the text with their signature under a DM (it counts towards the limit),
 * refused with the network's reason — the profile's own server limits where it has them
 * (Mastodon's max_characters) — before anything is queued. Files may go without words.
 */
export async function outgoingBody(db: Db, adapter: ChannelAdapter, profile: ProfileRow, agentId: number, kind: EntityKind, text: string, files: readonly UploadedFile[], noMedia: string): Promise<string> {
  const signature = kind === 'dm' ? ((await findPreferences(db, agentId))?.dm_signature ?? null) : null;
  const body = withSignature(text.trim(), signature);
  const limits = limitsOf(profile);
  const check = adapter.checkText(kind, body, limits);
  if (!check.ok && !(files.length > 0 && body === '')) throw invalid('body', check.message ?? 'The text cannot be sent.');
  if (files.length > 0) {
    const refused = adapter.checkMedia ? adapter.checkMedia(kind, files.map((f) => ({ contentType: f.contentType, size: f.bytes.length })), limits) : noMedia;
    if (refused) throw invalid('files', refused);
  }
  return body;
}

/**
 * An agent's reply through the ticket's social profile: checked (permission, lock, ACL, length),
 * stored at once as a `queued` article with its outbox entry in one transaction; the worker sends it.
 */
export async function queueReply(deps: Deps, actor: Actor, ticketId: number, input: ReplyInput, now = nowIso()): Promise<ArticleRow> {
  return inTransaction(deps.db, async (trx) => {
    const { ticket } = await loadTicketFor(trx, actor, ticketId, 'rw');
    if (ticket.lock === 'lock' && ticket.owner_id !== actor.id) {
      const owner = await findAgent(trx, ticket.owner_id);
      throw conflict('lock', `The ticket is locked by ${owner?.login ?? 'another agent'}; only its owner can answer.`);
    }
    await assertActionAllowed(trx, actor, ticket, ACTIONS.reply);
    const profileId = input.profileId ?? ticket.social_profile_id;
    if (!profileId) throw invalid('profileId', t('errors.profile.noProfile'));
    const profile = await findProfile(trx, profileId);
    if (!profile) throw notFound(t('errors.noun.socialProfile', { id: profileId }), 'profileId');
    const adapter = deps.channels.get(profile.type);
    if (!adapter || !isActive(adapter, profile)) {
      throw invalid('profileId', t('errors.profile.notActive', { name: profile.name }));
    }
    const allowed = await allowedProfileIds(trx, actor, ticket, [profile], ACTIONS.reply);
    if (!allowed.has(profile.id)) throw forbidden(`You may not use the profile "${profile.name}".`, 'profileId');

    const kind: 'reply' | 'dm' = input.kind ?? (ticket.conversation_key?.startsWith('dm:') ? 'dm' : 'reply');
    const entityKind: EntityKind = kind === 'dm' ? 'dm' : 'tweet';
    const files = input.files ?? [];
    const body = await outgoingBody(trx, adapter, profile, actor.id, entityKind, input.body, files, `The ${adapter.channel} channel takes no attachments.`);

    const identity = await customerIdentity(trx, ticket, adapter.channel);
    const message: OutboundMessage = { kind: entityKind, text: body };
    let to = '';
    if (entityKind === 'dm') {
      if (!identity) throw invalid('kind', `This ticket has no ${networkOf(adapter, adapter.type)} customer to send a direct message to.`);
      message.recipientExternalUserId = identity.external_user_id;
      // Networks whose DMs are threaded (Mastodon) answer the latest one; the others ignore it.
      if (ticket.conversation_key?.startsWith('dm:')) {
        message.conversationKey = ticket.conversation_key;
        const answered = await latestIncomingDm(trx, ticket.id, profile.id);
        if (answered) message.inReplyToExternalId = answered;
      }
      to = `@${identity.handle}`;
    } else {
      const target = await publicReplyTarget(trx, ticket.id, profile, adapter);
      if (!target.ok) throw invalid('kind', target.message);
      message.inReplyToExternalId = target.externalId;
      message.conversationKey = ticket.conversation_key;
      to = identity ? `@${identity.handle}` : '';
    }
    const article = await insertOutgoing(trx, ticket, profile, { body, kind: entityKind, to, inReplyTo: entityKind === 'tweet' ? (message.inReplyToExternalId ?? null) : null, senderType: 'agent', createdBy: actor.id, now });
    await storeFiles(deps, trx, article, files, now);
    await enqueue(trx, article.id, profile.id, message, now);
    // Answering a new ticket opens it, as OTRS's reply screen does; answering an unlocked one takes
    // it (RequiredLock): locked, and the agent becomes the owner.
    const take = decideRequiredLock('reply', { lock: ticket.lock, ownerId: ticket.owner_id, stateTypeAfter: ticket.state === 'new' ? 'open' : ticket.state_type }, actor.id, deps.config.requiredLock ?? new Set(REQUIRED_LOCK_ACTIONS));
    await updateTicketRow(trx, ticket.id, {
      changed_at: now,
      changed_by: actor.id,
      ...(ticket.state === 'new' ? { state: 'open', state_type: 'open' } : {}),
      ...(take.take ? { owner_id: take.ownerId, ...(take.lock ? { lock: 'lock' } : {}) } : {}),
    });
    const history: HistoryEntry[] = [{ ticketId: ticket.id, type: HISTORY.sendAnswer, message: `${entityKind === 'dm' ? 'Direct message' : 'Reply post'} to ${to || networkOf(adapter, adapter.type)} queued via profile "${profile.name}".`, key: entityKind === 'dm' ? 'history.dmSent' : 'history.replySent', params: { to: to || networkOf(adapter, adapter.type), profile: profile.name }, createdBy: actor.id, createdAt: now }];
    if (ticket.state === 'new') history.push({ ticketId: ticket.id, type: HISTORY.stateUpdate, message: 'State changed from "new" to "open".', key: 'history.state', params: { fromState: 'new', toState: 'open' }, createdBy: actor.id, createdAt: now });
    if (take.take) {
      if (ticket.owner_id !== actor.id) {
        const previous = await findAgent(trx, ticket.owner_id);
        history.push({ ticketId: ticket.id, type: HISTORY.ownerUpdate, message: `Owner changed from ${previous?.login ?? ticket.owner_id} to ${actor.login} (answering takes the ticket).`, key: 'history.ownerTaken', params: { from: previous?.login ?? String(ticket.owner_id), to: actor.login, taking: 'reply' }, createdBy: actor.id, createdAt: now });
      }
      if (take.lock) history.push({ ticketId: ticket.id, type: HISTORY.lock, message: 'Ticket locked.', key: 'history.locked', createdBy: actor.id, createdAt: now });
    }
    await addHistory(trx, history);
    return article;
  });
}

export async function insertOutgoing(
  db: Db,
  ticket: TicketRow,
  profile: ProfileRow,
  a: { body: string; kind: EntityKind; to: string; inReplyTo: string | null; senderType: 'agent' | 'system'; createdBy: number; now: string },
): Promise<ArticleRow> {
  return insertArticle(db, {
    ticket_id: ticket.id,
    channel: profile.type,
    direction: 'outgoing',
    sender_type: a.senderType,
    from_display: profile.account_username ? `@${profile.account_username}` : profile.name,
    to_display: a.to,
    body: a.body,
    visible_for_customer: 1,
    profile_id: profile.id,
    kind: a.kind,
    external_id: null,
    conversation_key: ticket.conversation_key,
    in_reply_to_external_id: a.inReplyTo,
    url: null,
    identity_id: null,
    delivery_status: 'queued',
    delivery_error: null,
    created_by: a.createdBy,
    created_at: a.now,
  });
}
