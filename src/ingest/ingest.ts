import type { ChannelAdapter, InboundBatch, StreamName } from '../channels/types.ts';
import { FOLLOW_UP_SEARCH_STATE_TYPES } from '../core/followup.ts';
import { notify, QueueAgents, type TicketNotice } from '../core/notifications/service.ts';
import type { FollowUpOption } from '../core/queues/followup-options.ts';
import { HISTORY } from '../core/tickets/history.ts';
import { DEFAULT_PRIORITY } from '../core/tickets/priorities.ts';
import { SYSTEM_USER_ID } from '../core/tickets/service.ts';
import type { StateType } from '../core/tickets/states.ts';
import { titleFromText } from '../core/tickets/title.ts';
import { nowIso } from '../core/time.ts';
import { knownExternalIds } from '../db/repos/articles.ts';
import { setCursor } from '../db/repos/profiles.ts';
import { historyRow, type HistoryEntry } from '../db/repos/tickets.ts';
import { allocateTicketNumbers } from '../db/repos/ticket-numbers.ts';
import type { Db, NewArticleRow, ProfileRow } from '../db/schema.ts';
import { enqueue } from '../outbox/store.ts';
import { ensureSocialCustomers } from '../db/repos/social-customers.ts';
import { followMerges } from './merged.ts';
import { attachmentRowsFor } from './attachments.ts';
import { planIngest, type StoredTicket, type TicketRef } from './plan.ts';
import { storableDeep } from '../core/text.ts';

export interface IngestStats {
  received: number;
  skipped: number;
  created: number;
  appended: number;
  rejected: number;
  autoResponses: number;
}


/**
 * Stores one batch of inbound entities and advances the stream's cursor in the same transaction:
 * after a crash the batch is either wholly stored with its cursor or not at all, so nothing is
 * lost and nothing is stored twice.
 */
export async function ingestBatch(
  db: Db,
  adapter: ChannelAdapter,
  profile: ProfileRow,
  stream: StreamName,
  batch: InboundBatch,
  now = nowIso(),
): Promise<IngestStats> {
  if (!profile.target_queue_id) throw new Error(`Profile "${profile.name}" has no target queue.`);
  const targetQueueId = profile.target_queue_id;
  return db.transaction().execute(async (trx) => {
    const stats: IngestStats = { received: batch.entities.length, skipped: 0, created: 0, appended: 0, rejected: 0, autoResponses: 0 };
    // Whatever the network sent, as the database can store it (a NUL must not block the stream).
    const incoming = batch.entities.map((e) => storableDeep(e));
    const known = await knownExternalIds(trx, adapter.channel, profile.id, incoming.map((e) => e.externalId));
    const seen = new Set<string>();
    // Never import the account's own messages (Zammad #406) nor anything stored already.
    const entities = incoming.filter((e) => {
      const keep = e.author.externalUserId !== profile.account_id && !known.has(e.externalId) && !seen.has(e.externalId);
      seen.add(e.externalId);
      return keep;
    });
    stats.skipped = incoming.length - entities.length;
    if (entities.length === 0) {
      await setCursor(trx, profile.id, stream, batch.cursor, now);
      return stats;
    }

    const customers = await ensureSocialCustomers(trx, adapter.channel, entities.map((e) => e.author), now);
    const keys = [...new Set(entities.map((e) => e.conversationKey))];
    const conversationTickets = () =>
      trx.selectFrom('tickets').select(['id', 'number', 'title', 'conversation_key', 'state', 'state_type', 'lock', 'queue_id', 'owner_id']);
    const found = await conversationTickets()
      .where('social_profile_id', '=', profile.id)
      .where('conversation_key', 'in', keys)
      .where('state_type', 'in', [...FOLLOW_UP_SEARCH_STATE_TYPES, 'merged'])
      .orderBy('id', 'desc')
      .execute();
    const ticketRows = await followMerges(trx, found, (ids) => conversationTickets().where('id', 'in', ids).execute());
    // The agents of every queue involved: whether an owner can hold a follow-up's lock, and whom to notify.
    const agents = await QueueAgents.load(trx, [targetQueueId, ...ticketRows.map((r) => r.queue_id)]);
    const tickets = new Map<string, StoredTicket>();
    const storedById = new Map<number, (typeof ticketRows)[number]>();
    for (const r of ticketRows) {
      if (tickets.has(r.conversation_key!)) continue;
      storedById.set(r.id, r);
      tickets.set(r.conversation_key!, {
        id: r.id,
        state: r.state,
        stateType: r.state_type as StateType,
        lock: r.lock === 'lock' ? 'lock' : 'unlock',
        // Never the system user, an invalid agent or one without rw on the queue (issue 11).
        ownerValid: agents.ownerHolds(r.queue_id, r.owner_id),
        queueId: r.queue_id,
      });
    }
    const queueIds = [...new Set([...tickets.values()].map((t) => t.queueId))];
    const queueRows = queueIds.length ? await trx.selectFrom('queues').select(['id', 'follow_up', 'follow_up_lock']).where('id', 'in', queueIds).execute() : [];
    const queues = new Map(queueRows.map((q) => [q.id, { followUp: q.follow_up as FollowUpOption, followUpLock: q.follow_up_lock === 1 }]));

    const plan = planIngest({ entities, tickets, queues });
    const history: HistoryEntry[] = [];
    const notices: TicketNotice[] = [];

    // New tickets, numbered in one atomic reservation.
    const newIds: number[] = [];
    if (plan.newTickets.length > 0) {
      const numbers = await allocateTicketNumbers(trx, plan.newTickets.length, new Date(now));
      const rows = await trx
        .insertInto('tickets')
        .values(
          plan.newTickets.map((t, i) => {
            const e = entities[t.entityIndex]!;
            return {
              number: numbers[i]!,
              title: titleFromText(e.text, e.kind === 'dm' ? 'Direct message' : 'Post'),
              queue_id: targetQueueId,
              state: 'new',
              state_type: 'new',
              lock: 'unlock',
              owner_id: SYSTEM_USER_ID,
              priority: DEFAULT_PRIORITY,
              customer_id: customers.get(e.author.externalUserId)?.customerId ?? null,
              social_profile_id: profile.id,
              conversation_key: t.key,
              pending_until: null,
              created_at: now,
              changed_at: now,
              created_by: SYSTEM_USER_ID,
              changed_by: SYSTEM_USER_ID,
            };
          }),
        )
        .returning(['id', 'number'])
        .execute();
      const idByNumber = new Map(rows.map((r) => [r.number, r.id]));
      plan.newTickets.forEach((t, i) => {
        const id = idByNumber.get(numbers[i]!)!;
        newIds.push(id);
        const e = entities[t.entityIndex]!;
        const via = e.kind === 'dm' ? 'direct message' : 'post';
        const title = titleFromText(e.text, e.kind === 'dm' ? 'Direct message' : 'Post');
        notices.push({ event: { type: 'newTicket' }, ticketId: id, queueId: targetQueueId, message: `New ticket ${numbers[i]} from @${e.author.handle}: ${title}`, key: 'notify.newTicket', params: { number: numbers[i]!, handle: e.author.handle, title } });
        history.push({ ticketId: id, type: HISTORY.newTicket, message: `New ticket from @${e.author.handle} (${via} via profile "${profile.name}").`, key: e.kind === 'dm' ? 'history.newFromDm' : 'history.newFromPost', params: { handle: e.author.handle, profile: profile.name }, createdBy: SYSTEM_USER_ID, createdAt: now });
      });
      const links = plan.newTickets
        .map((t, i) => (t.previousTicketId ? { source_ticket_id: t.previousTicketId, target_ticket_id: newIds[i]!, type: 'Normal', created_at: now } : null))
        .filter((l) => l !== null);
      if (links.length) {
        await trx.insertInto('ticket_links').values(links).execute();
        for (const l of links) {
          history.push({ ticketId: l.target_ticket_id, type: HISTORY.linkAdd, message: `Follow-up to closed ticket ${l.source_ticket_id}: the queue opens a new ticket.`, key: 'history.followUpNewTicket', params: { id: String(l.source_ticket_id) }, createdBy: SYSTEM_USER_ID, createdAt: now });
        }
      }
    }
    const idOf = (ref: TicketRef): number => ('id' in ref ? ref.id : newIds[ref.newIndex]!);

    // Articles, one row per entity, in the order they happened.
    const account = profile.account_username ? `@${profile.account_username}` : profile.name;
    const articles: NewArticleRow[] = plan.articles.map(({ ticket, entityIndex }) => {
      const e = entities[entityIndex]!;
      return {
        ticket_id: idOf(ticket),
        channel: adapter.channel,
        direction: 'incoming',
        sender_type: 'customer',
        from_display: `@${e.author.handle}`,
        to_display: account,
        body: e.text,
        visible_for_customer: 1,
        profile_id: profile.id,
        kind: e.kind,
        external_id: e.externalId,
        conversation_key: e.conversationKey,
        in_reply_to_external_id: e.inReplyToExternalId,
        url: e.url,
        identity_id: customers.get(e.author.externalUserId)?.identityId ?? null,
        delivery_status: null,
        delivery_error: null,
        created_by: SYSTEM_USER_ID,
        created_at: e.createdAt,
        ...(e.links?.length ? { links: JSON.stringify(e.links) } : {}),
      };
    });
    // Chunked: SQLite allows at most 32766 bound parameters per statement.
    for (let i = 0; i < articles.length; i += 500) await trx.insertInto('articles').values(articles.slice(i, i + 500)).execute();
    await attachmentRowsFor(trx, adapter.channel, profile.id, plan.articles.map(({ ticket, entityIndex }) => ({ ticketId: idOf(ticket), entity: entities[entityIndex]! })), now);
    stats.created = plan.newTickets.length;
    stats.appended = plan.articles.filter((a) => 'id' in a.ticket).length;
    stats.rejected = plan.rejected.length;

    // Follow-ups on stored tickets: reopen, lock, and touch — one UPDATE per kind of change.
    const perTicket = new Map<number, number>();
    for (const a of plan.articles) if ('id' in a.ticket) perTicket.set(a.ticket.id, (perTicket.get(a.ticket.id) ?? 0) + 1);
    const groups = new Map<string, number[]>();
    for (const id of perTicket.keys()) {
      const u = plan.updates.get(id);
      const key = `${u?.newState ?? ''}|${u?.lock ?? ''}`;
      groups.set(key, [...(groups.get(key) ?? []), id]);
    }
    for (const [key, ids] of groups) {
      const [newState, lock] = key.split('|');
      await trx
        .updateTable('tickets')
        .set({
          changed_at: now,
          changed_by: SYSTEM_USER_ID,
          ...(newState ? { state: newState, state_type: 'open' } : {}),
          ...(lock ? { lock } : {}),
        })
        .where('id', 'in', ids)
        .execute();
    }
    for (const [id, count] of perTicket) {
      const u = plan.updates.get(id);
      history.push({ ticketId: id, type: HISTORY.followUp, message: `${count === 1 ? 'A follow-up' : `${count} follow-ups`} arrived via profile "${profile.name}".`, key: 'history.followUp', params: { count, profile: profile.name }, createdBy: SYSTEM_USER_ID, createdAt: now });
      if (u?.newState) history.push({ ticketId: id, type: HISTORY.stateUpdate, message: `State changed from "${u.fromState}" to "open" by a follow-up.`, key: 'history.stateByFollowUp', params: { fromState: u.fromState, toState: 'open' }, createdBy: SYSTEM_USER_ID, createdAt: now });
      if (u?.lock === 'lock') history.push({ ticketId: id, type: HISTORY.lock, message: 'Ticket locked by a follow-up (the queue locks follow-ups).', key: 'history.lockedByFollowUp', createdBy: SYSTEM_USER_ID, createdAt: now });
      if (u?.lock === 'unlock' && storedById.get(id)?.lock === 'lock') history.push({ ticketId: id, type: HISTORY.unlock, message: 'Ticket unlocked: its owner cannot hold the follow-up lock.', key: 'history.unlockedByFollowUp', createdBy: SYSTEM_USER_ID, createdAt: now });
      const t = storedById.get(id)!;
      const ownerHolds = agents.ownerHolds(t.queue_id, t.owner_id);
      const from = entities[plan.articles.find((a) => 'id' in a.ticket && a.ticket.id === id)!.entityIndex]!.author.handle;
      notices.push({
        event: { type: 'followUp', ownerId: t.owner_id, ownerHolds },
        ticketId: id,
        queueId: t.queue_id,
        message: `Follow-up from @${from} on ticket ${t.number}: ${t.title}${u?.newState && !ownerHolds ? ' (reopened; nobody holds it)' : ''}`,
        key: u?.newState && !ownerHolds ? 'notify.followUpReopened' : 'notify.followUp',
        params: { handle: from, number: t.number, title: t.title },
      });
    }

    // Auto responses: a DM that opened a ticket gets the profile's text back, once.
    if (profile.auto_response_enabled === 1 && profile.auto_response_text && plan.dmOpeners.length > 0) {
      for (const { ticket, entityIndex } of plan.dmOpeners) {
        const e = entities[entityIndex]!;
        const ticketId = idOf(ticket);
        const article = await trx
          .insertInto('articles')
          .values({
            ticket_id: ticketId,
            channel: adapter.channel,
            direction: 'outgoing',
            sender_type: 'system',
            from_display: account,
            to_display: `@${e.author.handle}`,
            body: profile.auto_response_text,
            visible_for_customer: 1,
            profile_id: profile.id,
            kind: 'dm',
            external_id: null,
            conversation_key: e.conversationKey,
            in_reply_to_external_id: null,
            url: null,
            identity_id: null,
            delivery_status: 'queued',
            delivery_error: null,
            created_by: SYSTEM_USER_ID,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        // The DM answered and its conversation ride along for networks that thread DMs (Mastodon); X ignores them.
        await enqueue(trx, article.id, profile.id, { kind: 'dm', text: profile.auto_response_text, recipientExternalUserId: e.author.externalUserId, conversationKey: e.conversationKey, inReplyToExternalId: e.externalId }, now);
        history.push({ ticketId, type: HISTORY.sendAutoReply, message: `Auto response queued to @${e.author.handle}.`, key: 'history.autoReply', params: { handle: e.author.handle }, createdBy: SYSTEM_USER_ID, createdAt: now });
        stats.autoResponses += 1;
      }
    }

    for (let i = 0; i < history.length; i += 500) {
      await trx
        .insertInto('ticket_history')
        .values(history.slice(i, i + 500).map(historyRow))
        .execute();
    }
    await notify(trx, notices, null, now, agents);
    await setCursor(trx, profile.id, stream, batch.cursor, now);
    return stats;
  });
}
