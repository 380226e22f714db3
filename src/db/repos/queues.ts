import type { Db, QueueRow } from '../schema.ts';

export function listQueues(db: Db): Promise<QueueRow[]> {
  return db.selectFrom('queues').selectAll().orderBy('name').execute();
}

export function findQueue(db: Db, id: number): Promise<QueueRow | undefined> {
  return db.selectFrom('queues').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findQueueByName(db: Db, name: string): Promise<QueueRow | undefined> {
  return db.selectFrom('queues').selectAll().where('name', '=', name).executeTakeFirst();
}
