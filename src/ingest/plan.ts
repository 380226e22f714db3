import type { InboundEntity } from '../channels/types.ts';
import { decideFollowUp, type FoundTicket, type QueueFollowUp } from '../core/followup.ts';
import type { StateType } from '../core/tickets/states.ts';

// Pass one of ingestion, pure: walks a batch oldest first and decides, entity by entity, what
// happens (MISSION F1–F5), keeping the effect of earlier entities of the same batch in mind
// (a DM that opened a ticket makes the next DM of that conversation a follow-up).

/** A ticket as the plan sees it: stored (`id`) or created earlier in this batch (`newIndex`). */
export type TicketRef = { id: number } | { newIndex: number };

export interface PlannedTicket {
  key: string;
  entityIndex: number;
  previousTicketId: number | null;
}

export interface PlannedArticle {
  ticket: TicketRef;
  entityIndex: number;
}

export interface PlannedUpdate {
  ticketId: number;
  newState: 'open' | null;
  lock: 'lock' | 'unlock' | null;
  fromState: string;
}

export interface IngestPlan {
  newTickets: PlannedTicket[];
  articles: PlannedArticle[];
  updates: Map<number, PlannedUpdate>;
  rejected: { entityIndex: number; ticketId: number }[];
  /** Entities that opened a ticket from a DM: the auto response goes to these. */
  dmOpeners: { ticket: TicketRef; entityIndex: number }[];
}

export interface StoredTicket extends FoundTicket {
  state: string;
  queueId: number;
}

export interface PlanInput {
  entities: readonly InboundEntity[];
  /** The newest ticket found per conversation key (F1 search), or absent. */
  tickets: ReadonlyMap<string, StoredTicket>;
  /** Follow-up settings of the queues of the found tickets. */
  queues: ReadonlyMap<number, QueueFollowUp>;
}

type Current = { ref: TicketRef; ticket: StoredTicket | null; stateType: StateType };

export function planIngest(input: PlanInput): IngestPlan {
  const plan: IngestPlan = { newTickets: [], articles: [], updates: new Map(), rejected: [], dmOpeners: [] };
  const current = new Map<string, Current>();
  for (const [key, t] of input.tickets) current.set(key, { ref: { id: t.id }, ticket: t, stateType: t.stateType });

  input.entities.forEach((entity, entityIndex) => {
    const key = entity.conversationKey;
    const cur = current.get(key);
    let found: FoundTicket | null = null;
    let queue: QueueFollowUp | null = null;
    if (cur?.ticket && 'id' in cur.ref) {
      found = { ...cur.ticket, stateType: cur.stateType };
      queue = input.queues.get(cur.ticket.queueId) ?? null;
    } else if (cur) {
      // Created earlier in this batch: state new, not closed, so it takes the entity (F2).
      plan.articles.push({ ticket: cur.ref, entityIndex });
      return;
    }
    const decision = decideFollowUp(found, queue);
    if (decision.action === 'create') {
      const ref: TicketRef = { newIndex: plan.newTickets.length };
      plan.newTickets.push({ key, entityIndex, previousTicketId: decision.previousTicketId });
      plan.articles.push({ ticket: ref, entityIndex });
      if (entity.kind === 'dm') plan.dmOpeners.push({ ticket: ref, entityIndex });
      current.set(key, { ref, ticket: null, stateType: 'new' });
    } else if (decision.action === 'reject') {
      plan.rejected.push({ entityIndex, ticketId: decision.ticketId });
    } else {
      plan.articles.push({ ticket: { id: decision.ticketId }, entityIndex });
      if (decision.newState || decision.lock) {
        const prev = plan.updates.get(decision.ticketId);
        plan.updates.set(decision.ticketId, {
          ticketId: decision.ticketId,
          newState: decision.newState ?? prev?.newState ?? null,
          lock: decision.lock ?? prev?.lock ?? null,
          fromState: prev?.fromState ?? cur!.ticket!.state,
        });
      }
      if (decision.newState === 'open') cur!.stateType = 'open';
    }
  });
  return plan;
}
