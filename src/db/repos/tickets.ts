import { sql, type SelectQueryBuilder } from 'kysely';
import type { StateType } from '../../core/tickets/states.ts';
import { onPostgres } from '../claims.ts';
import { containing } from '../like.ts';
import type { DB, Db, NewTicketRow, TicketRow, TicketUpdate } from '../schema.ts';

export function findTicket(db: Db, id: number): Promise<TicketRow | undefined> {
  return db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findTickets(db: Db, ids: readonly number[]): Promise<TicketRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('tickets').selectAll().where('id', 'in', [...ids]).execute();
}

export function findTicketByNumber(db: Db, number: string): Promise<TicketRow | undefined> {
  return db.selectFrom('tickets').selectAll().where('number', '=', number).executeTakeFirst();
}

export async function insertTicket(db: Db, row: NewTicketRow): Promise<TicketRow> {
  return db.insertInto('tickets').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateTicketRow(db: Db, id: number, patch: TicketUpdate): Promise<void> {
  await db.updateTable('tickets').set(patch).where('id', '=', id).execute();
}

/** F1: the newest ticket of this profile's conversation among the given state types (index seek). */
export function findConversationTicket(
  db: Db,
  profileId: number,
  conversationKey: string,
  stateTypes: readonly StateType[],
): Promise<TicketRow | undefined> {
  return db
    .selectFrom('tickets')
    .selectAll()
    .where('social_profile_id', '=', profileId)
    .where('conversation_key', '=', conversationKey)
    .where('state_type', 'in', [...stateTypes])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export interface TicketFilter {
  /** Queues the agent may see; an empty list sees nothing. */
  queueIds: readonly number[];
  queueId?: number | undefined;
  states?: readonly string[] | undefined;
  stateTypes?: readonly string[] | undefined;
  lock?: 'lock' | 'unlock' | undefined;
  ownerId?: number | undefined;
  profileId?: number | undefined;
  customerId?: number | undefined;
  /** Only tickets of a social media conversation. */
  social?: boolean | undefined;
  /** Ticket number, title, customer handle or article text. */
  search?: string | undefined;
}

export const TICKET_SORTS = ['changed', 'created', 'number', 'title', 'state', 'priority'] as const;
export type TicketSort = (typeof TICKET_SORTS)[number];

const SORT_COLUMN = {
  changed: 'tickets.changed_at',
  created: 'tickets.id',
  number: 'tickets.number',
  title: 'tickets.title',
  state: 'tickets.state',
  priority: 'tickets.priority',
} as const;

function filtered(db: Db, f: TicketFilter): SelectQueryBuilder<DB, 'tickets', object> {
  let q = db.selectFrom('tickets').where('tickets.queue_id', 'in', f.queueIds.length ? [...f.queueIds] : [-1]);
  if (f.queueId !== undefined) q = q.where('tickets.queue_id', '=', f.queueId);
  if (f.states?.length) q = q.where('tickets.state', 'in', [...f.states]);
  if (f.stateTypes?.length) q = q.where('tickets.state_type', 'in', [...f.stateTypes]);
  if (f.lock) q = q.where('tickets.lock', '=', f.lock);
  if (f.ownerId !== undefined) q = q.where('tickets.owner_id', '=', f.ownerId);
  if (f.profileId !== undefined) q = q.where('tickets.social_profile_id', '=', f.profileId);
  if (f.customerId !== undefined) q = q.where('tickets.customer_id', '=', f.customerId);
  if (f.social) q = q.where('tickets.social_profile_id', 'is not', null);
  const term = f.search?.trim();
  if (term) {
    const handle = term.replace(/^@/, '');
    q = q.where((eb) =>
      eb.or([
        eb('tickets.number', '=', term),
        eb(sql`lower(tickets.title)`, 'like', containing(term.toLowerCase())),
        eb.exists(
          eb
            .selectFrom('customer_identities')
            .select(sql`1`.as('one'))
            .whereRef('customer_identities.customer_id', '=', 'tickets.customer_id')
            // By part of the handle or of the display name (issue 11: "finds customers by display name").
            .where((w) =>
              w.or([
                w(sql`lower(customer_identities.handle)`, 'like', containing(handle.toLowerCase())),
                w(sql`lower(customer_identities.display_name)`, 'like', containing(term.toLowerCase())),
              ]),
            ),
        ),
        eb.exists(
          eb
            .selectFrom('articles')
            .select(sql`1`.as('one'))
            .whereRef('articles.ticket_id', '=', 'tickets.id')
            .where(sql`lower(articles.body)`, 'like', containing(term.toLowerCase())),
        ),
      ]),
    );
  }
  return q;
}

export async function countTickets(db: Db, f: TicketFilter): Promise<number> {
  const byQueueAndType = !f.states?.length && !f.lock && f.ownerId === undefined && f.profileId === undefined && f.customerId === undefined && !f.social && !f.search?.trim();
  if (byQueueAndType && !onPostgres(db)) {
    // Answered by the counts per queue and state type (see countByQueueAndStateType).
    let n = 0;
    const queueIds = f.queueId === undefined ? f.queueIds : f.queueIds.filter((id) => id === f.queueId);
    for (const c of await countByQueueAndStateType(db, queueIds)) if (!f.stateTypes?.length || f.stateTypes.includes(c.state_type)) n += c.n;
    return n;
  }
  const row = await filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function listTickets(
  db: Db,
  f: TicketFilter,
  page: { limit: number; offset: number; sort?: TicketSort; order?: 'asc' | 'desc' },
): Promise<TicketRow[]> {
  const column = SORT_COLUMN[page.sort ?? 'changed'];
  const order = page.order ?? 'desc';
  return filtered(db, f)
    .selectAll('tickets')
    .orderBy(column, order)
    .orderBy('tickets.id', order)
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export interface QueueStateCount {
  queue_id: number;
  state_type: string;
  n: number;
}

/** Ticket counts per queue and state type (index-only on tickets_queue_state). */
export async function countByQueueAndStateType(db: Db, queueIds: readonly number[]): Promise<QueueStateCount[]> {
  if (queueIds.length === 0) return [];
  if (!onPostgres(db)) {
    // SQLite: the counts that triggers keep in ticket_counts (migration 009), exact in every
    // process; a (queue, type) that had tickets once keeps a row with 0, which a count leaves out.
    const { rows } = await sql<QueueStateCount>`select queue_id, state_type, n from ticket_counts where queue_id in (${sql.join([...queueIds])}) and n > 0 order by queue_id, state_type`.execute(db);
    return rows.map((r) => ({ ...r, n: Number(r.n) }));
  }
  const rows = await db
    .selectFrom('tickets')
    .select(['queue_id', 'state_type', (eb) => eb.fn.countAll<number>().as('n')])
    .where('queue_id', 'in', [...queueIds])
    .groupBy(['queue_id', 'state_type'])
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** Parameters of a translatable message (history line, notification), stored as JSON. */
export type MessageParams = Record<string, string | number>;

export interface HistoryEntry {
  ticketId: number;
  type: string;
  /** The English text: the REST API's `message`. */
  message: string;
  /** The catalog key the zoom renders in the reader's language, with `params` ("history.locked"). */
  key?: string;
  params?: MessageParams;
  createdBy: number;
  createdAt: string;
}

/** The row of a history entry (also for callers that insert history in bulk themselves). */
export const historyRow = (e: HistoryEntry) => ({
  ticket_id: e.ticketId,
  type: e.type,
  message: e.message,
  message_key: e.key ?? null,
  message_params: e.key && e.params ? JSON.stringify(e.params) : null,
  created_by: e.createdBy,
  created_at: e.createdAt,
});

export async function addHistory(db: Db, entries: readonly HistoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insertInto('ticket_history').values(entries.map(historyRow)).execute();
}

export async function listHistory(db: Db, ticketId: number): Promise<{ id: number; type: string; message: string; message_key: string | null; message_params: string | null; created_at: string; created_by: number; login: string | null }[]> {
  // The few authors' logins are read once each rather than joined to every entry (a ticket may
  // have hundreds of entries, by a handful of agents).
  const rows = await db
    .selectFrom('ticket_history')
    .select(['id', 'type', 'message', 'message_key', 'message_params', 'created_at', 'created_by'])
    .where('ticket_id', '=', ticketId)
    .orderBy('id')
    .execute();
  const authors = [...new Set(rows.map((r) => r.created_by))];
  const logins = new Map(
    authors.length ? (await db.selectFrom('agents').select(['id', 'login']).where('id', 'in', authors).execute()).map((a) => [a.id, a.login] as const) : [],
  );
  return rows.map((r) => ({ ...r, login: logins.get(r.created_by) ?? null }));
}

export async function linkTickets(db: Db, sourceId: number, targetId: number, type: string, at: string): Promise<void> {
  await db.insertInto('ticket_links').values({ source_ticket_id: sourceId, target_ticket_id: targetId, type, created_at: at }).execute();
}

export function listLinks(db: Db, ticketId: number) {
  return db
    .selectFrom('ticket_links')
    .selectAll()
    .where((eb) => eb.or([eb('source_ticket_id', '=', ticketId), eb('target_ticket_id', '=', ticketId)]))
    .orderBy('id')
    .execute();
}

/** The newest change to any ticket (one index read): live lists ask it before redrawing. */
export async function lastTicketChange(db: Db): Promise<string | null> {
  const row = await db.selectFrom('tickets').select((eb) => eb.fn.max('changed_at').as('at')).executeTakeFirst();
  return row?.at ?? null;
}
