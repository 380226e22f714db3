import { queueAgents, insertNotifications, type QueueAgentRow } from '../../db/repos/notifications.ts';
import type { Db, NewNotificationRow } from '../../db/schema.ts';
import { canHoldLock } from '../tickets/ownership.ts';
import { decideRecipients, inMyQueues, type Candidate, type NotifyEvent } from './recipients.ts';
import { notifyPrefs } from './types.ts';

// Writes notifications inside the caller's transaction, so a notification exists exactly when
// the event that caused it was committed. An e-mail wanted is written as `pending` on the same
// row; the mailer (notifications/mailer.ts) sends it.

export interface TicketNotice {
  event: NotifyEvent;
  ticketId: number;
  queueId: number;
  articleId?: number | null;
  /** The English text: the REST API's `message`. */
  message: string;
  /** The catalog key the bell and the e-mail render in the recipient's language ("notify.assigned"). */
  key?: string;
  params?: Record<string, string | number>;
}

/** The agents of some queues, loaded once for a batch of notices. */
export class QueueAgents {
  private constructor(private readonly rows: Map<number, QueueAgentRow[]>) {}

  static async load(db: Db, queueIds: Iterable<number>): Promise<QueueAgents> {
    const map = new Map<number, QueueAgentRow[]>();
    for (const r of await queueAgents(db, [...new Set(queueIds)])) map.set(r.queue_id, [...(map.get(r.queue_id) ?? []), r]);
    return new QueueAgents(map);
  }

  candidates(queueId: number): Candidate[] {
    return (this.rows.get(queueId) ?? []).map((r) => {
      const rw = r.permission === 'rw';
      const mine = r.my_queue_ids ? (JSON.parse(r.my_queue_ids) as number[]) : null;
      return {
        agentId: r.agent_id,
        valid: r.validity === 'valid',
        canRead: rw || r.permission === 'ro',
        myQueue: inMyQueues(mine, queueId, rw),
        hasEmail: r.email.includes('@'),
        prefs: notifyPrefs(r.notify),
      };
    });
  }

  /** Whether `ownerId` can hold a ticket of `queueId` (valid, rw on the queue, not the system user). */
  ownerHolds(queueId: number, ownerId: number): boolean {
    const row = (this.rows.get(queueId) ?? []).find((r) => r.agent_id === ownerId);
    return canHoldLock({ ownerId, valid: row?.validity === 'valid', rwOnQueue: row?.permission === 'rw' });
  }
}

export async function notify(db: Db, notices: readonly TicketNotice[], actorId: number | null, now: string, agents?: QueueAgents): Promise<number> {
  if (notices.length === 0) return 0;
  const known = agents ?? (await QueueAgents.load(db, notices.map((n) => n.queueId)));
  const rows: NewNotificationRow[] = [];
  for (const n of notices) {
    for (const r of decideRecipients(n.event, known.candidates(n.queueId), actorId)) {
      rows.push({
        agent_id: r.agentId,
        type: n.event.type,
        ticket_id: n.ticketId,
        article_id: n.articleId ?? null,
        message: n.message,
        message_key: n.key ?? null,
        message_params: n.key && n.params ? JSON.stringify(n.params) : null,
        created_at: now,
        read_at: null,
        web: r.web ? 1 : 0,
        email_status: r.email ? 'pending' : null,
        email_next_at: r.email ? now : null,
        email_lease_owner: null,
        email_lease_until: null,
        email_error: null,
        email_sent_at: null,
      });
    }
  }
  await insertNotifications(db, rows);
  return rows.length;
}
