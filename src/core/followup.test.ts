import { describe, expect, it } from 'vitest';
import { decideFollowUp, type FoundTicket, type QueueFollowUp } from './followup.ts';
import type { StateType } from './tickets/states.ts';

const ticket = (stateType: StateType, ownerValid = true): FoundTicket => ({ id: 7, stateType, lock: 'unlock', ownerValid });
const queue = (followUp: QueueFollowUp['followUp'], followUpLock = false): QueueFollowUp => ({ followUp, followUpLock });

describe('decideFollowUp (MISSION F1–F5)', () => {
  it('F1: no ticket found → a new ticket', () => {
    expect(decideFollowUp(null, queue('possible'))).toEqual({ action: 'create', reason: 'no_ticket', previousTicketId: null });
  });

  // F2: whatever the queue says, a ticket that is not closed takes the entity.
  it.each(['possible', 'reject', 'new_ticket'] as const)('F2 with follow-up %s', (option) => {
    expect(decideFollowUp(ticket('new'), queue(option, true))).toEqual({ action: 'append', ticketId: 7, reason: 'not_closed', newState: null, lock: null });
    expect(decideFollowUp(ticket('open'), queue(option, true))).toEqual({ action: 'append', ticketId: 7, reason: 'not_closed', newState: null, lock: null });
    expect(decideFollowUp(ticket('pending reminder'), queue(option, true))).toEqual({ action: 'append', ticketId: 7, reason: 'not_closed', newState: 'open', lock: null });
    expect(decideFollowUp(ticket('pending auto'), queue(option))).toEqual({ action: 'append', ticketId: 7, reason: 'not_closed', newState: 'open', lock: null });
  });

  it('F3: closed and "new ticket" → a new ticket linked to the old one', () => {
    expect(decideFollowUp(ticket('closed'), queue('new_ticket', true))).toEqual({ action: 'create', reason: 'closed_new_ticket', previousTicketId: 7 });
  });

  it.each([
    [false, true, null],
    [true, true, 'lock'],
    [true, false, 'unlock'],
  ] as const)('F4: closed and "possible" (follow-up lock %s, owner valid %s) → reopen, lock %s', (followUpLock, ownerValid, lock) => {
    expect(decideFollowUp(ticket('closed', ownerValid), queue('possible', followUpLock))).toEqual({
      action: 'append',
      ticketId: 7,
      reason: 'reopened',
      newState: 'open',
      lock,
    });
  });

  it('F5: closed and "reject" → nothing is stored', () => {
    expect(decideFollowUp(ticket('closed'), queue('reject', true))).toEqual({ action: 'reject', ticketId: 7 });
  });

  it('treats removed like closed, as Znuny does', () => {
    expect(decideFollowUp(ticket('removed'), queue('reject'))).toEqual({ action: 'reject', ticketId: 7 });
  });
});
