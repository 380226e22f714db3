import type { FollowUpOption } from './queues/followup-options.ts';
import type { StateType } from './tickets/states.ts';

// MISSION F1–F5: what happens to an incoming social media entity, decided from the ticket found
// for its conversation and the settings of that ticket's queue. A pure function; ingest applies it.

/** State types the F1 search looks in. Pending tickets count as open, as OTRS's TicketSearch
 * StateType "Open" includes them: a customer answering a ticket that waits for them must land
 * in that ticket, not open a new one. Merged and removed tickets are never continued. */
export const FOLLOW_UP_SEARCH_STATE_TYPES: readonly StateType[] = ['new', 'open', 'pending reminder', 'pending auto', 'closed'];

export interface FoundTicket {
  id: number;
  stateType: StateType;
  lock: 'lock' | 'unlock';
  /** Whether the owner is a valid agent who can hold a lock. */
  ownerValid: boolean;
}

export interface QueueFollowUp {
  followUp: FollowUpOption;
  followUpLock: boolean;
}

export type FollowUpDecision =
  | { action: 'create'; reason: 'no_ticket' | 'closed_new_ticket'; previousTicketId: number | null }
  | {
      action: 'append';
      ticketId: number;
      reason: 'not_closed' | 'reopened';
      /** The state to set, or null to leave it (a `new` ticket stays `new`). */
      newState: 'open' | null;
      /** The lock to set, or null to leave it. */
      lock: 'lock' | 'unlock' | null;
    }
  | { action: 'reject'; ticketId: number };

export function decideFollowUp(ticket: FoundTicket | null, queue: QueueFollowUp | null): FollowUpDecision {
  if (!ticket) return { action: 'create', reason: 'no_ticket', previousTicketId: null };
  const closed = ticket.stateType === 'closed' || ticket.stateType === 'removed';
  // F2: a ticket that is not closed always takes the entity.
  if (!closed) {
    return {
      action: 'append',
      ticketId: ticket.id,
      reason: 'not_closed',
      newState: ticket.stateType === 'new' || ticket.stateType === 'open' ? null : 'open',
      lock: null,
    };
  }
  const option = queue?.followUp ?? 'possible';
  // F3: closed, and the queue wants a fresh ticket for follow-ups.
  if (option === 'new_ticket') return { action: 'create', reason: 'closed_new_ticket', previousTicketId: ticket.id };
  // F5: closed and rejected. Znuny would still file the mail; the seed says no update at all.
  if (option === 'reject') return { action: 'reject', ticketId: ticket.id };
  // F4: reopen; lock it if the queue's follow-up lock says so and the owner can hold a lock.
  const lock = queue?.followUpLock ? (ticket.ownerValid ? 'lock' : 'unlock') : null;
  return { action: 'append', ticketId: ticket.id, reason: 'reopened', newState: 'open', lock };
}
