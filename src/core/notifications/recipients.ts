import { SUPERUSER_ID } from '../agents/permissions.ts';
import type { NotificationType, NotifyPrefs } from './types.ts';

// Who is told about an event, decided from the agents who can see the ticket's queue. Like OTRS's
// ticket notifications: new tickets and moves go to the agents who have the queue among "My
// queues"; a follow-up goes to the owner when the owner holds the ticket, otherwise to the queue's
// agents; a failed message to its author; an assignment to the new owner. Nobody is told about
// what they did themselves.

export interface Candidate {
  agentId: number;
  valid: boolean;
  /** At least ro on the group of the ticket's queue. */
  canRead: boolean;
  /** The queue is among the agent's "My queues". */
  myQueue: boolean;
  hasEmail: boolean;
  prefs: NotifyPrefs;
}

export type NotifyEvent =
  | { type: 'newTicket' }
  | { type: 'moved' }
  /** `ownerHolds`: the owner can hold the ticket (see canHoldLock); then only the owner is told. */
  | { type: 'followUp'; ownerId: number; ownerHolds: boolean }
  | { type: 'deliveryFailed'; authorId: number }
  | { type: 'assigned'; ownerId: number };

export interface Recipient {
  agentId: number;
  web: boolean;
  email: boolean;
}

function addressees(event: NotifyEvent, candidates: readonly Candidate[]): Candidate[] {
  const reachable = candidates.filter((c) => c.valid && c.canRead);
  const queueAgents = () => reachable.filter((c) => c.myQueue);
  const only = (id: number) => reachable.filter((c) => c.agentId === id);
  switch (event.type) {
    case 'newTicket':
    case 'moved':
      return queueAgents();
    case 'followUp':
      return event.ownerHolds ? only(event.ownerId) : queueAgents();
    case 'deliveryFailed':
      // The system user's messages (auto responses) have no author to tell.
      return event.authorId === SUPERUSER_ID ? [] : only(event.authorId);
    case 'assigned':
      return only(event.ownerId);
  }
}

export function decideRecipients(event: NotifyEvent, candidates: readonly Candidate[], actorId: number | null): Recipient[] {
  const type: NotificationType = event.type;
  return addressees(event, candidates)
    .filter((c) => c.agentId !== actorId)
    .map((c) => ({ agentId: c.agentId, web: c.prefs[type].web, email: c.prefs[type].email && c.hasEmail }))
    .filter((r) => r.web || r.email);
}

/** "My queues": chosen explicitly, or, until the agent chooses, every queue they may work in. */
export function inMyQueues(myQueueIds: readonly number[] | null, queueId: number, rw: boolean): boolean {
  return myQueueIds === null ? rw : myQueueIds.includes(queueId);
}
