import { findAgent } from '../../db/repos/agents.ts';
import { findQueue } from '../../db/repos/queues.ts';
import type { Db, TicketRow } from '../../db/schema.ts';
import { forbidden } from '../errors.ts';
import { t } from '../../i18n/index.ts';
import { parsePriority, priorityName } from '../tickets/priorities.ts';
import type { Actor, TicketPatch } from '../tickets/service.ts';
import { isStateName, stateTypeOf } from '../tickets/states.ts';
import { allowedActions, filterTicketField, type TicketField } from './acl.ts';
import { ACTIONS, type ActionName } from './actions.ts';

// The server-side half of the ACLs: whatever a browser or API client sends, a change the ACLs
// took away is refused with 403 and a message, before anything is written.

export async function assertActionAllowed(db: Db, actor: Actor, ticket: TicketRow | null, action: ActionName): Promise<void> {
  if (!(await allowedActions(db, actor, ticket, [action], action)).has(action)) {
    throw forbidden(t('errors.acl.actionDenied', { action }));
  }
}

async function assertValueAllowed(db: Db, actor: Actor, ticket: TicketRow, field: TicketField, id: string, label: string, action: ActionName, apiField: string): Promise<void> {
  const left = await filterTicketField(db, actor, ticket, field, { [id]: label }, action);
  if (!(id in left)) throw forbidden(t('errors.acl.valueDenied', { field: t(`errors.acl.field.${field}`), label }), apiField);
}

/** Checks every part of a ticket change against the deployed ACLs (screens and values). */
export async function assertPatchAllowed(db: Db, actor: Actor, ticket: TicketRow, patch: TicketPatch): Promise<void> {
  if (patch.lock !== undefined && patch.lock !== ticket.lock) await assertActionAllowed(db, actor, ticket, ACTIONS.lock);
  if (patch.state !== undefined && isStateName(patch.state)) {
    const type = stateTypeOf(patch.state);
    const action = type === 'closed' ? ACTIONS.close : type.startsWith('pending') ? ACTIONS.pending : ACTIONS.close;
    await assertActionAllowed(db, actor, ticket, action);
    await assertValueAllowed(db, actor, ticket, 'State', patch.state, patch.state, action, 'state');
  }
  if (patch.queueId !== undefined && Number(patch.queueId) !== ticket.queue_id) {
    await assertActionAllowed(db, actor, ticket, ACTIONS.move);
    const queue = await findQueue(db, Number(patch.queueId));
    if (queue) await assertValueAllowed(db, actor, ticket, 'Queue', String(queue.id), queue.name, ACTIONS.move, 'queueId');
  }
  if (patch.ownerId !== undefined && Number(patch.ownerId) !== ticket.owner_id) {
    await assertActionAllowed(db, actor, ticket, ACTIONS.owner);
    const owner = await findAgent(db, Number(patch.ownerId));
    if (owner) await assertValueAllowed(db, actor, ticket, 'Owner', String(owner.id), owner.login, ACTIONS.owner, 'ownerId');
  }
  if (patch.priority !== undefined) {
    const p = parsePriority(patch.priority);
    if (p !== ticket.priority) {
      await assertActionAllowed(db, actor, ticket, ACTIONS.priority);
      await assertValueAllowed(db, actor, ticket, 'Priority', String(p), priorityName(p), ACTIONS.priority, 'priority');
    }
  }
}
