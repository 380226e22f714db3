import { describe, expect, it } from 'vitest';
import type { InboundEntity } from '../core/channel.ts';
import type { QueueFollowUp } from '../core/followup.ts';
import { planIngest, type StoredTicket } from './plan.ts';

const dm = (id: string, key: string): InboundEntity => ({
  kind: 'dm',
  stream: 'dms',
  externalId: id,
  conversationKey: key,
  inReplyToExternalId: null,
  author: { externalUserId: '9', handle: 'carol', displayName: 'Carol', avatarUrl: null },
  text: `text ${id}`,
  createdAt: '2026-11-25T10:00:00Z',
  url: null,
});

const stored = (id: number, stateType: StoredTicket['stateType'], ownerValid = true): StoredTicket => ({ id, stateType, state: stateType === 'closed' ? 'closed successful' : stateType, lock: 'unlock', ownerValid, queueId: 5 });
const queues = (q: QueueFollowUp) => new Map([[5, q]]);

describe('planIngest: a batch, entity by entity', () => {
  it('two DMs of a new conversation: one ticket, two articles, one auto response', () => {
    const plan = planIngest({ entities: [dm('1', 'dm:a'), dm('2', 'dm:a')], tickets: new Map(), queues: new Map() });
    expect(plan.newTickets).toEqual([{ key: 'dm:a', entityIndex: 0, previousTicketId: null }]);
    expect(plan.articles).toEqual([
      { ticket: { newIndex: 0 }, entityIndex: 0 },
      { ticket: { newIndex: 0 }, entityIndex: 1 },
    ]);
    expect(plan.dmOpeners).toEqual([{ ticket: { newIndex: 0 }, entityIndex: 0 }]);
  });

  it.each([
    ['possible', false, [{ id: 7 }], 'open', null, 0],
    ['possible', true, [{ id: 7 }], 'open', 'lock', 0],
    ['new_ticket', true, [{ newIndex: 0 }], null, null, 1],
    ['reject', true, [], null, null, 0],
  ] as const)('closed ticket, queue %s (lock %s)', (followUp, followUpLock, targets, newState, lock, created) => {
    const plan = planIngest({ entities: [dm('1', 'dm:a')], tickets: new Map([['dm:a', stored(7, 'closed')]]), queues: queues({ followUp, followUpLock }) });
    expect(plan.articles.map((a) => a.ticket)).toEqual(targets);
    expect(plan.newTickets).toHaveLength(created);
    if (newState) expect(plan.updates.get(7)).toEqual({ ticketId: 7, newState, lock, fromState: 'closed successful' });
    else expect(plan.updates.size).toBe(0);
    expect(plan.rejected).toHaveLength(followUp === 'reject' ? 1 : 0);
  });

  it('a reopened ticket takes the rest of the batch without reopening twice', () => {
    const plan = planIngest({
      entities: [dm('1', 'dm:a'), dm('2', 'dm:a')],
      tickets: new Map([['dm:a', stored(7, 'closed')]]),
      queues: queues({ followUp: 'possible', followUpLock: true }),
    });
    expect(plan.articles.map((a) => a.ticket)).toEqual([{ id: 7 }, { id: 7 }]);
    expect(plan.updates.get(7)).toEqual({ ticketId: 7, newState: 'open', lock: 'lock', fromState: 'closed successful' });
  });

  it('after "new ticket" for a closed one, the next entity follows up on the new ticket', () => {
    const plan = planIngest({
      entities: [dm('1', 'dm:a'), dm('2', 'dm:a')],
      tickets: new Map([['dm:a', stored(7, 'closed')]]),
      queues: queues({ followUp: 'new_ticket', followUpLock: false }),
    });
    expect(plan.newTickets).toEqual([{ key: 'dm:a', entityIndex: 0, previousTicketId: 7 }]);
    expect(plan.articles.map((a) => a.ticket)).toEqual([{ newIndex: 0 }, { newIndex: 0 }]);
  });

  it('a pending ticket is reopened by a follow-up; open and new ones keep their state', () => {
    const plan = planIngest({
      entities: [dm('1', 'dm:p'), dm('2', 'dm:o'), dm('3', 'dm:n')],
      tickets: new Map([
        ['dm:p', stored(1, 'pending reminder')],
        ['dm:o', stored(2, 'open')],
        ['dm:n', stored(3, 'new')],
      ]),
      queues: queues({ followUp: 'reject', followUpLock: true }),
    });
    expect(plan.articles.map((a) => a.ticket)).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect([...plan.updates.keys()]).toEqual([1]);
    expect(plan.updates.get(1)?.newState).toBe('open');
  });

  it('every rejected entity of a closed conversation is rejected, others still open tickets', () => {
    const plan = planIngest({
      entities: [dm('1', 'dm:a'), dm('2', 'dm:b'), dm('3', 'dm:a')],
      tickets: new Map([['dm:a', stored(7, 'closed')]]),
      queues: queues({ followUp: 'reject', followUpLock: false }),
    });
    expect(plan.rejected).toEqual([
      { entityIndex: 0, ticketId: 7 },
      { entityIndex: 2, ticketId: 7 },
    ]);
    expect(plan.newTickets.map((t) => t.key)).toEqual(['dm:b']);
  });
});
