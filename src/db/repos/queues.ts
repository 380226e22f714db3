import { sql } from 'kysely';
import type { Db, QueueRow } from '../schema.ts';

export function listQueues(db: Db): Promise<QueueRow[]> {
  return db.selectFrom('queues').selectAll().orderBy('name').execute();
}

export function findQueue(db: Db, id: number): Promise<QueueRow | undefined> {
  return db.selectFrom('queues').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Names are unique regardless of case (migration 004): the lookup ignores case too. */
export function findQueueByName(db: Db, name: string): Promise<QueueRow | undefined> {
  return db.selectFrom('queues').selectAll().where(sql`lower(name)`, '=', sql<string>`lower(${name})`).executeTakeFirst();
}
