import { findAgent, loadAgentAccess } from '../../db/repos/agents.ts';
import { insertArticle } from '../../db/repos/articles.ts';
import { findCustomer } from '../../db/repos/customers.ts';
import { findProfile } from '../../db/repos/profiles.ts';
import { findQueue } from '../../db/repos/queues.ts';
import { allocateTicketNumbers } from '../../db/repos/ticket-numbers.ts';
import { addHistory, findTicket, insertTicket, updateTicketRow, type MessageParams } from '../../db/repos/tickets.ts';
import type { ArticleRow, Db, TicketRow, TicketUpdate } from '../../db/schema.ts';
import { inTransaction } from '../../db/tx.ts';
import { can, type AgentAccess } from '../agents/permissions.ts';
import { conflict, forbidden, invalid, notFound } from '../errors.ts';
import { t } from '../../i18n/index.ts';
import { ARTICLE_BODY_MAX, textLength, TITLE_MAX } from '../limits.ts';
import { nowIso } from '../time.ts';
import { assertQueueAccess } from './access.ts';
import { ACTIONS } from '../options/actions.ts';
import { assertActionAllowed, assertPatchAllowed } from '../options/enforce.ts';
import { HISTORY } from './history.ts';
import { decideRequiredLock, REQUIRED_LOCK_ACTIONS, type RequiredLockAction } from './ownership.ts';
import { notify, type TicketNotice } from '../notifications/service.ts';
import { DEFAULT_PRIORITY, parsePriority, priorityName } from './priorities.ts';
import { isStateName, planStateChange, stateTypeOf, type StateName } from './states.ts';

/** The agent who acts: permissions are checked against `access`; `admin` may unlock others' tickets. */
export interface Actor {
  id: number;
  login: string;
  access: AgentAccess;
  admin: boolean;
}

const TAKING: Record<RequiredLockAction, string> = { reply: 'answering', close: 'closing', move: 'moving', owner: 'changing the owner' };

/** System actions (ingestion, auto close) are written as user 1, as OTRS does. */
export const SYSTEM_USER_ID = 1;

export interface NewTicket {
  title: string;
  queueId: number;
  ownerId?: number;
  priority?: number;
  customerId?: number | null;
  socialProfileId?: number | null;
  conversationKey?: string | null;
  state?: StateName;
  lock?: 'lock' | 'unlock';
}

export async function createTicket(db: Db, input: NewTicket, createdBy: number, now = nowIso()): Promise<TicketRow> {
  const title = checkedTitle(input.title);
  return inTransaction(db, async (trx) => {
    const queue = await findQueue(trx, input.queueId);
    if (!queue) throw notFound(t('errors.noun.queue', { id: input.queueId }), 'queueId');
    // The ticket tables carry no foreign keys (see the migration): every reference is checked here.
    if (input.customerId && !(await findCustomer(trx, input.customerId))) throw notFound(t('errors.noun.customer', { id: input.customerId }), 'customerId');
    if (input.ownerId !== undefined && !(await findAgent(trx, input.ownerId))) throw notFound(t('errors.noun.agent', { id: input.ownerId }), 'ownerId');
    if (input.socialProfileId && !(await findProfile(trx, input.socialProfileId))) throw notFound(t('errors.noun.socialProfile', { id: input.socialProfileId }), 'socialProfileId');
    const [number] = await allocateTicketNumbers(trx, 1, new Date(now));
    const state = input.state ?? 'new';
    const ticket = await insertTicket(trx, {
      number: number!,
      title,
      queue_id: queue.id,
      state,
      state_type: stateTypeOf(state),
      lock: input.lock ?? 'unlock',
      owner_id: input.ownerId ?? SYSTEM_USER_ID,
      priority: input.priority ?? DEFAULT_PRIORITY,
      customer_id: input.customerId ?? null,
      social_profile_id: input.socialProfileId ?? null,
      conversation_key: input.conversationKey ?? null,
      pending_until: null,
      created_at: now,
      changed_at: now,
      created_by: createdBy,
      changed_by: createdBy,
    });
    await addHistory(trx, [
      { ticketId: ticket.id, type: HISTORY.newTicket, message: `New ticket [${ticket.number}] created in queue "${queue.name}" (${state}).`, key: 'history.newTicket', params: { number: ticket.number, queue: queue.name, state }, createdBy, createdAt: now },
    ]);
    return ticket;
  });
}

/** A title is required and at most TITLE_MAX characters, as in OTRS. */
export function checkedTitle(value: unknown): string {
  const title = typeof value === 'string' ? value.trim() : '';
  if (!title) throw invalid('title', t('validation.required', { label: t('validation.label.title') }));
  if (textLength(title) > TITLE_MAX) throw invalid('title', t('validation.titleMax', { max: TITLE_MAX }));
  return title;
}

export interface TicketPatch {
  state?: unknown;
  pendingUntil?: string | null;
  lock?: unknown;
  ownerId?: unknown;
  queueId?: unknown;
  priority?: unknown;
  title?: unknown;
}

/**
 * Loads a ticket the actor may see (ro) or change (rw), or throws 404/403. Seeing a ticket is the
 * screen AgentTicketZoom: an ACL that takes it away closes the ticket, its articles and its
 * history to pages and API alike. Changes are checked against their own screens.
 */
export async function loadTicketFor(db: Db, actor: Actor, ticketId: number, need: 'ro' | 'rw') {
  const ticket = await findTicket(db, ticketId);
  if (!ticket) throw notFound(t('errors.noun.ticket', { id: ticketId }));
  const queue = await findQueue(db, ticket.queue_id);
  if (!queue) throw notFound(t('errors.noun.queue', { id: ticket.queue_id }));
  assertQueueAccess(actor.access, queue, need);
  if (need === 'ro') await assertActionAllowed(db, actor, ticket, ACTIONS.zoom);
  return { ticket, queue };
}

function assertNotLockedByOther(actor: Actor, ticket: TicketRow, ownerLogin: string): void {
  if (ticket.lock === 'lock' && ticket.owner_id !== actor.id) {
    throw conflict('lock', t('errors.ticket.lockedBy', { login: ownerLogin }));
  }
}

/**
 * Changes state, lock, owner, queue, priority and title in one transaction, with one history
 * entry per change. Everything is checked before anything is written.
 */
export async function updateTicket(
  db: Db,
  actor: Actor,
  ticketId: number,
  patch: TicketPatch,
  now = nowIso(),
  requiredLock: ReadonlySet<RequiredLockAction> = new Set(REQUIRED_LOCK_ACTIONS),
): Promise<TicketRow> {
  return inTransaction(db, async (trx) => {
    const { ticket, queue } = await loadTicketFor(trx, actor, ticketId, 'rw');
    await assertPatchAllowed(trx, actor, ticket, patch);
    const owner = await findAgent(trx, ticket.owner_id);
    const set: TicketUpdate = {};
    const history: { type: string; message: string; key: string; params?: MessageParams }[] = [];
    let lock = ticket.lock;
    let ownerId = ticket.owner_id;

    if (patch.lock !== undefined) {
      if (patch.lock !== 'lock' && patch.lock !== 'unlock') throw invalid('lock', t('validation.lock'));
      if (patch.lock === 'lock' && ticket.lock === 'lock' && ticket.owner_id !== actor.id) {
        throw conflict('lock', owner ? t('errors.ticket.alreadyLockedBy', { login: owner.login }) : t('errors.ticket.alreadyLocked'));
      }
      if (patch.lock === 'unlock' && ticket.lock === 'lock' && ticket.owner_id !== actor.id && !actor.admin) {
        throw conflict('lock', owner ? t('errors.ticket.unlockOnlyBy', { login: owner.login }) : t('errors.ticket.unlockOnlyOwner'));
      }
    } else {
      assertNotLockedByOther(actor, ticket, owner?.login ?? 'another agent');
    }

    if (patch.title !== undefined) {
      const title = checkedTitle(patch.title);
      if (title !== ticket.title) {
        set.title = title;
        history.push({ type: HISTORY.titleUpdate, message: `Title changed from "${ticket.title}" to "${title}".`, key: 'history.title', params: { from: ticket.title, to: title } });
      }
    }

    if (patch.priority !== undefined) {
      const priority = parsePriority(patch.priority);
      if (priority !== ticket.priority) {
        set.priority = priority;
        history.push({ type: HISTORY.priorityUpdate, message: `Priority changed from "${priorityName(ticket.priority)}" to "${priorityName(priority)}".`, key: 'history.priority', params: { fromPriority: priorityName(ticket.priority), toPriority: priorityName(priority) } });
      }
    }

    let targetQueue = queue;
    if (patch.queueId !== undefined) {
      const queueId = Number(patch.queueId);
      if (!Number.isInteger(queueId)) throw invalid('queueId', t('validation.queueId', { field: 'queueId' }));
      if (queueId !== ticket.queue_id) {
        const q = await findQueue(trx, queueId);
        if (!q) throw notFound(t('errors.noun.queue', { id: queueId }), 'queueId');
        if (q.validity !== 'valid') throw invalid('queueId', t('errors.queue.notValid', { name: q.name }));
        if (!can(actor.access, q.group_id, 'rw')) throw forbidden(t('errors.ticket.moveForbidden', { name: q.name }), 'queueId');
        targetQueue = q;
        set.queue_id = q.id;
        history.push({ type: HISTORY.move, message: `Ticket moved from queue "${queue.name}" to "${q.name}".`, key: 'history.move', params: { from: queue.name, to: q.name } });
      }
    }

    if (patch.ownerId !== undefined) {
      const id = Number(patch.ownerId);
      if (!Number.isInteger(id)) throw invalid('ownerId', t('validation.agentId', { field: 'ownerId' }));
      if (id !== ticket.owner_id) {
        const agent = await findAgent(trx, id);
        if (!agent) throw notFound(t('errors.noun.agent', { id }), 'ownerId');
        if (agent.validity !== 'valid') throw invalid('ownerId', t('errors.agent.notValid', { login: agent.login }));
        const access = await loadAgentAccess(trx, agent);
        if (!can(access, targetQueue.group_id, 'rw')) {
          throw invalid('ownerId', t('errors.ticket.ownerNoRw', { login: agent.login, queue: targetQueue.name }));
        }
        ownerId = id;
        set.owner_id = id;
        history.push({ type: HISTORY.ownerUpdate, message: `Owner changed from ${owner?.login ?? ticket.owner_id} to ${agent.login}.`, key: 'history.owner', params: { from: owner?.login ?? String(ticket.owner_id), to: agent.login } });
      }
    }

    if (patch.state !== undefined) {
      const current = isStateName(ticket.state) ? ticket.state : 'open';
      const change = planStateChange(current, patch.state, patch.pendingUntil, now);
      set.state = change.state;
      set.state_type = change.stateType;
      set.pending_until = change.pendingUntil;
      history.push({
        type: HISTORY.stateUpdate,
        message: change.pendingUntil
          ? `State changed from "${ticket.state}" to "${change.state}" until ${change.pendingUntil}.`
          : `State changed from "${ticket.state}" to "${change.state}".`,
        key: change.pendingUntil ? 'history.statePending' : 'history.state',
        params: { fromState: ticket.state, toState: change.state, ...(change.pendingUntil ? { until: change.pendingUntil } : {}) },
      });
      if (change.unlock && patch.lock === undefined && ticket.lock === 'lock') lock = 'unlock';
    }

    // RequiredLock: closing, moving or re-assigning an unlocked ticket takes it first. An explicit
    // lock or unlock in the same change wins. A ticket that ends closed stays unlocked, but the
    // agent becomes its owner — so a follow-up brings it back to them.
    const acted: RequiredLockAction[] = [];
    if (set.state_type === 'closed') acted.push('close');
    if (set.queue_id !== undefined) acted.push('move');
    if (patch.ownerId !== undefined && ownerId !== ticket.owner_id) acted.push('owner');
    const stateTypeAfter = set.state_type ?? ticket.state_type;
    const decisions = patch.lock === undefined ? acted.map((a) => decideRequiredLock(a, { lock: ticket.lock, ownerId: ticket.owner_id, stateTypeAfter }, actor.id, requiredLock)) : [];
    const takes = decisions.some((d) => d.take);
    if (takes) {
      if (decisions.some((d) => d.take && d.lock)) lock = 'lock';
      if (!acted.includes('owner') && ticket.owner_id !== actor.id) {
        ownerId = actor.id;
        set.owner_id = actor.id;
        history.push({ type: HISTORY.ownerUpdate, message: `Owner changed from ${owner?.login ?? ticket.owner_id} to ${actor.login} (${TAKING[acted[0]!]} takes the ticket).`, key: 'history.ownerTaken', params: { from: owner?.login ?? String(ticket.owner_id), to: actor.login, taking: acted[0]! } });
      }
    }

    if (patch.lock !== undefined) lock = patch.lock as 'lock' | 'unlock';
    if (lock !== ticket.lock) {
      set.lock = lock;
      if (lock === 'lock' && patch.ownerId === undefined && ownerId !== actor.id && !takes) {
        // Locking takes the ticket: the agent who locks becomes its owner, as in OTRS.
        set.owner_id = actor.id;
        history.push({ type: HISTORY.ownerUpdate, message: `Owner changed from ${owner?.login ?? ticket.owner_id} to ${actor.login}.`, key: 'history.owner', params: { from: owner?.login ?? String(ticket.owner_id), to: actor.login } });
      }
      history.push(lock === 'lock' ? { type: HISTORY.lock, message: 'Ticket locked.', key: 'history.locked' } : { type: HISTORY.unlock, message: 'Ticket unlocked.', key: 'history.unlocked' });
    }

    if (history.length === 0) return ticket;
    set.changed_at = now;
    set.changed_by = actor.id;
    await updateTicketRow(trx, ticket.id, set);
    await addHistory(trx, history.map((h) => ({ ticketId: ticket.id, ...h, createdBy: actor.id, createdAt: now })));
    const notices: TicketNotice[] = [];
    if (set.queue_id !== undefined) {
      notices.push({ event: { type: 'moved' }, ticketId: ticket.id, queueId: targetQueue.id, message: `${actor.login} moved ticket ${ticket.number} into "${targetQueue.name}": ${set.title ?? ticket.title}`, key: 'notify.moved', params: { login: actor.login, number: ticket.number, queue: targetQueue.name, title: set.title ?? ticket.title } });
    }
    if (patch.ownerId !== undefined && ownerId !== ticket.owner_id) {
      notices.push({ event: { type: 'assigned', ownerId }, ticketId: ticket.id, queueId: targetQueue.id, message: `${actor.login} assigned ticket ${ticket.number} to you: ${set.title ?? ticket.title}`, key: 'notify.assigned', params: { login: actor.login, number: ticket.number, title: set.title ?? ticket.title } });
    }
    await notify(trx, notices, actor.id, now);
    return (await findTicket(trx, ticket.id))!;
  });
}

/** An internal note: visible to agents only, never sent anywhere. */
export async function addNote(db: Db, actor: Actor, ticketId: number, body: unknown, now = nowIso()): Promise<ArticleRow> {
  const text = typeof body === 'string' ? body.trim() : '';
  if (!text) throw invalid('body', t('errors.note.empty'));
  if (textLength(text) > ARTICLE_BODY_MAX) throw invalid('body', t('errors.note.tooLong', { max: ARTICLE_BODY_MAX }));
  return inTransaction(db, async (trx) => {
    const { ticket } = await loadTicketFor(trx, actor, ticketId, 'rw');
    await assertActionAllowed(trx, actor, ticket, ACTIONS.note);
    const article = await insertArticle(trx, {
      ticket_id: ticket.id,
      channel: 'note',
      direction: 'outgoing',
      sender_type: 'agent',
      from_display: actor.login,
      to_display: '',
      body: text,
      visible_for_customer: 0,
      profile_id: null,
      kind: null,
      external_id: null,
      conversation_key: null,
      in_reply_to_external_id: null,
      url: null,
      identity_id: null,
      delivery_status: null,
      delivery_error: null,
      created_by: actor.id,
      created_at: now,
    });
    await updateTicketRow(trx, ticket.id, { changed_at: now, changed_by: actor.id });
    await addHistory(trx, [{ ticketId: ticket.id, type: HISTORY.addNote, message: 'Internal note added.', key: 'history.note', createdBy: actor.id, createdAt: now }]);
    return article;
  });
}
