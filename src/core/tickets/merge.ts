import { allocateTicketNumbers } from '../../db/repos/ticket-numbers.ts';
import { addHistory, findTicket, insertTicket, linkTickets, listLinks, updateTicketRow } from '../../db/repos/tickets.ts';
import { findAgent } from '../../db/repos/agents.ts';
import type { Db, TicketRow } from '../../db/schema.ts';
import { inTransaction } from '../../db/tx.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { t } from '../../i18n/index.ts';
import { ACTIONS } from '../options/actions.ts';
import { assertActionAllowed } from '../options/enforce.ts';
import { nowIso } from '../time.ts';
import { HISTORY } from './history.ts';
import { checkLink, checkMerge, parseLinkType, planSplit, type LinkType } from './relations.ts';
import { loadTicketFor, type Actor } from './service.ts';
import { titleFromText } from './title.ts';

// Split, merge and link (OTRS: AgentSplitSelection, AgentTicketMerge, AgentLinkObject). Shared by
// the zoom's forms and the REST API: each checks rw on both tickets' queues, the ACL screen, and
// the lock, then writes everything with its history in one transaction.

function ticketIdOf(v: unknown): number {
  const id = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
  if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0) throw invalid('targetTicketId', t('validation.ticketId', { field: 'targetTicketId' }));
  return id;
}

async function assertFree(db: Db, actor: Actor, ticket: TicketRow): Promise<void> {
  if (ticket.lock === 'lock' && ticket.owner_id !== actor.id) {
    const owner = await findAgent(db, ticket.owner_id);
    throw conflict('lock', owner ? t('errors.ticket.numberLockedBy', { number: ticket.number, login: owner.login }) : t('errors.ticket.numberLocked', { number: ticket.number }));
  }
}

/** The other ticket of a merge or link: a missing one is a 404 naming the field; rw on its queue. */
async function loadTarget(db: Db, actor: Actor, targetId: number): Promise<TicketRow> {
  if (!(await findTicket(db, targetId))) throw notFound(t('errors.noun.ticket', { id: targetId }), 'targetTicketId');
  return (await loadTicketFor(db, actor, targetId, 'rw')).ticket;
}

/**
 * Merges `ticketId` into `targetTicketId`, as OTRS does: the merged ticket gets state "merged" and
 * is unlocked, its articles move to the target, and a merge pointer sends later messages of its
 * conversation to the target (src/ingest follows it).
 */
export async function mergeTicket(db: Db, actor: Actor, ticketId: number, targetTicketId: unknown, now = nowIso()): Promise<TicketRow> {
  const targetId = ticketIdOf(targetTicketId);
  return inTransaction(db, async (trx) => {
    const { ticket } = await loadTicketFor(trx, actor, ticketId, 'rw');
    const target = await loadTarget(trx, actor, targetId);
    checkMerge({ id: ticket.id, stateType: ticket.state_type }, { id: target.id, stateType: target.state_type });
    await assertActionAllowed(trx, actor, ticket, ACTIONS.merge);
    await assertFree(trx, actor, ticket);
    const moved = await trx.updateTable('articles').set({ ticket_id: target.id }).where('ticket_id', '=', ticket.id).executeTakeFirst();
    const count = Number(moved.numUpdatedRows);
    // Attachments go with their articles (permissions follow the article's ticket either way).
    await trx.updateTable('attachments').set({ ticket_id: target.id }).where('ticket_id', '=', ticket.id).execute();
    await updateTicketRow(trx, ticket.id, { state: 'merged', state_type: 'merged', lock: 'unlock', pending_until: null, changed_at: now, changed_by: actor.id });
    await updateTicketRow(trx, target.id, { changed_at: now, changed_by: actor.id });
    await trx.insertInto('ticket_merges').values({ ticket_id: ticket.id, target_ticket_id: target.id, created_by: actor.id, created_at: now }).execute();
    await linkTickets(trx, target.id, ticket.id, 'ParentChild', now);
    await addHistory(trx, [
      { ticketId: ticket.id, type: HISTORY.merged, message: `Merged Ticket#${ticket.number} into Ticket#${target.number}; ${count} message(s) moved.`, key: 'history.merged', params: { source: ticket.number, target: target.number, count }, createdBy: actor.id, createdAt: now },
      { ticketId: ticket.id, type: HISTORY.stateUpdate, message: `State changed from "${ticket.state}" to "merged".`, key: 'history.state', params: { fromState: ticket.state, toState: 'merged' }, createdBy: actor.id, createdAt: now },
      { ticketId: target.id, type: HISTORY.merged, message: `Ticket#${ticket.number} merged into this ticket; ${count} message(s) added.`, key: 'history.mergedInto', params: { source: ticket.number, count }, createdBy: actor.id, createdAt: now },
    ]);
    return (await findTicket(trx, target.id))!;
  });
}

/**
 * Splits the article and every later one off into a new ticket of the same queue, customer and
 * conversation. The new ticket is the newest of its conversation, so later messages go to it.
 */
export async function splitTicket(db: Db, actor: Actor, ticketId: number, articleId: number, now = nowIso()): Promise<TicketRow> {
  return inTransaction(db, async (trx) => {
    const { ticket } = await loadTicketFor(trx, actor, ticketId, 'rw');
    if (ticket.state_type === 'merged') throw conflict('id', t('errors.ticket.splitMerged'));
    const ids = (await trx.selectFrom('articles').select('id').where('ticket_id', '=', ticket.id).orderBy('id').execute()).map((r) => r.id);
    const moving = planSplit(ids, articleId);
    await assertActionAllowed(trx, actor, ticket, ACTIONS.split);
    await assertFree(trx, actor, ticket);
    const first = await trx.selectFrom('articles').select('body').where('id', '=', moving[0]!).executeTakeFirstOrThrow();
    const [number] = await allocateTicketNumbers(trx, 1, new Date(now));
    const created = await insertTicket(trx, {
      number: number!,
      title: titleFromText(first.body, `Split from Ticket#${ticket.number}`),
      queue_id: ticket.queue_id,
      state: 'new',
      state_type: 'new',
      lock: 'unlock',
      owner_id: actor.id,
      priority: ticket.priority,
      customer_id: ticket.customer_id,
      social_profile_id: ticket.social_profile_id,
      conversation_key: ticket.conversation_key,
      pending_until: null,
      created_at: now,
      changed_at: now,
      created_by: actor.id,
      changed_by: actor.id,
    });
    for (let i = 0; i < moving.length; i += 500) {
      const chunk = moving.slice(i, i + 500);
      await trx.updateTable('articles').set({ ticket_id: created.id }).where('id', 'in', chunk).execute();
      await trx.updateTable('attachments').set({ ticket_id: created.id }).where('article_id', 'in', chunk).execute();
    }
    await updateTicketRow(trx, ticket.id, { changed_at: now, changed_by: actor.id });
    await linkTickets(trx, ticket.id, created.id, 'ParentChild', now);
    await addHistory(trx, [
      { ticketId: created.id, type: HISTORY.newTicket, message: `New ticket [${created.number}] split from Ticket#${ticket.number} (${moving.length} message(s)).`, key: 'history.splitNew', params: { number: created.number, source: ticket.number, count: moving.length }, createdBy: actor.id, createdAt: now },
      { ticketId: ticket.id, type: HISTORY.linkAdd, message: `${moving.length} message(s) split off into Ticket#${created.number}.`, key: 'history.splitOff', params: { count: moving.length, number: created.number }, createdBy: actor.id, createdAt: now },
    ]);
    return created;
  });
}

/** Links two tickets by hand (Normal, or ParentChild with this ticket as the parent). */
export async function linkTicket(db: Db, actor: Actor, ticketId: number, input: { targetTicketId?: unknown; type?: unknown }, now = nowIso()): Promise<{ source: TicketRow; target: TicketRow; type: LinkType }> {
  const targetId = ticketIdOf(input.targetTicketId);
  const type = parseLinkType(input.type ?? 'Normal');
  return inTransaction(db, async (trx) => {
    const { ticket } = await loadTicketFor(trx, actor, ticketId, 'rw');
    const target = await loadTarget(trx, actor, targetId);
    const existing = (await listLinks(trx, ticket.id)).map((l) => ({ source: l.source_ticket_id, target: l.target_ticket_id, type: l.type }));
    checkLink(ticket.id, target.id, existing);
    await assertActionAllowed(trx, actor, ticket, ACTIONS.link);
    await linkTickets(trx, ticket.id, target.id, type, now);
    const label = type === 'ParentChild' ? 'as parent of' : 'with';
    await addHistory(trx, [
      { ticketId: ticket.id, type: HISTORY.linkAdd, message: `Linked ${label} Ticket#${target.number} (${type}).`, key: type === 'ParentChild' ? 'history.linkParent' : 'history.link', params: { number: target.number, type }, createdBy: actor.id, createdAt: now },
      { ticketId: target.id, type: HISTORY.linkAdd, message: `Linked ${type === 'ParentChild' ? 'as child of' : 'with'} Ticket#${ticket.number} (${type}).`, key: type === 'ParentChild' ? 'history.linkChild' : 'history.link', params: { number: ticket.number, type }, createdBy: actor.id, createdAt: now },
    ]);
    return { source: ticket, target, type };
  });
}
