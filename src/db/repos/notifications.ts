import type { Db, NewNotificationRow, NotificationRow } from '../schema.ts';

// The bell's rows and the e-mail outbox they carry. Repositories only: who gets what is decided
// in core/notifications.

/** An agent who reaches a queue through a valid group, with what notifying needs. */
export interface QueueAgentRow {
  queue_id: number;
  agent_id: number;
  validity: string;
  email: string;
  permission: string;
  my_queue_ids: string | null;
  notify: string | null;
}

/** Every agent with a permission on the groups of `queueIds`, one row per queue and agent. */
export function queueAgents(db: Db, queueIds: readonly number[]): Promise<QueueAgentRow[]> {
  if (queueIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('queues')
    .innerJoin('agent_groups', 'agent_groups.group_id', 'queues.group_id')
    .innerJoin('groups', 'groups.id', 'agent_groups.group_id')
    .innerJoin('agents', 'agents.id', 'agent_groups.agent_id')
    .leftJoin('agent_preferences', 'agent_preferences.agent_id', 'agents.id')
    .select([
      'queues.id as queue_id',
      'agents.id as agent_id',
      'agents.validity',
      'agents.email',
      'agent_groups.permission',
      'agent_preferences.my_queue_ids',
      'agent_preferences.notify',
    ])
    .where('queues.id', 'in', [...queueIds])
    .where('groups.validity', '=', 'valid')
    .execute();
}

export async function insertNotifications(db: Db, rows: readonly NewNotificationRow[]): Promise<void> {
  // Chunked: SQLite allows at most 32766 bound parameters per statement.
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('notifications').values(rows.slice(i, i + 500)).execute();
}

export interface NotificationFilter {
  unreadOnly?: boolean;
  id?: number;
  limit: number;
  offset: number;
}

function bell(db: Db, agentId: number, unreadOnly: boolean) {
  let q = db.selectFrom('notifications').where('agent_id', '=', agentId).where('web', '=', 1);
  if (unreadOnly) q = q.where('read_at', 'is', null);
  return q;
}

export function listNotifications(db: Db, agentId: number, f: NotificationFilter) {
  let q = bell(db, agentId, f.unreadOnly ?? false);
  if (f.id !== undefined) q = q.where('notifications.id', '=', f.id);
  return q
    .leftJoin('tickets', 'tickets.id', 'notifications.ticket_id')
    .selectAll('notifications')
    .select(['tickets.number as ticket_number', 'tickets.title as ticket_title'])
    .orderBy('notifications.id', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
}

export async function countNotifications(db: Db, agentId: number, unreadOnly: boolean): Promise<number> {
  const row = await bell(db, agentId, unreadOnly).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The newest notification id, for the bell's "anything new?" check. */
export async function lastNotificationId(db: Db, agentId: number): Promise<number> {
  const row = await bell(db, agentId, false).select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return Number(row?.id ?? 0);
}

export function findNotification(db: Db, agentId: number, id: number): Promise<NotificationRow | undefined> {
  return db.selectFrom('notifications').selectAll().where('id', '=', id).where('agent_id', '=', agentId).where('web', '=', 1).executeTakeFirst();
}

export async function markNotificationsRead(db: Db, agentId: number, ids: readonly number[] | 'all', now: string): Promise<void> {
  let q = db.updateTable('notifications').set({ read_at: now }).where('agent_id', '=', agentId).where('read_at', 'is', null);
  if (ids !== 'all') {
    if (ids.length === 0) return;
    q = q.where('id', 'in', [...ids]);
  }
  await q.execute();
}
