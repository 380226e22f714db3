import { sql } from 'kysely';
import { containing } from '../like.ts';
import type { CustomerRow, Db, IdentityRow } from '../schema.ts';

export function findCustomer(db: Db, id: number): Promise<CustomerRow | undefined> {
  return db.selectFrom('customer_users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listCustomers(db: Db, page: { limit: number; offset: number; search?: string | undefined }) {
  let q = db.selectFrom('customer_users').selectAll().orderBy('id', 'desc');
  if (page.search) q = q.where(sql`login`, 'like', containing(page.search));
  return q.limit(page.limit).offset(page.offset).execute();
}

export async function countCustomers(db: Db, search?: string): Promise<number> {
  let q = db.selectFrom('customer_users').select((eb) => eb.fn.countAll<number>().as('n'));
  if (search) q = q.where(sql`login`, 'like', containing(search));
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

export function identitiesOf(db: Db, customerIds: readonly number[]): Promise<IdentityRow[]> {
  if (customerIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('customer_identities').selectAll().where('customer_id', 'in', [...customerIds]).execute();
}

export function findIdentities(db: Db, network: string, externalUserIds: readonly string[]): Promise<IdentityRow[]> {
  if (externalUserIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('customer_identities')
    .selectAll()
    .where('network', '=', network)
    .where('external_user_id', 'in', [...externalUserIds])
    .execute();
}

export function findIdentitiesById(db: Db, ids: readonly number[]): Promise<IdentityRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('customer_identities').selectAll().where('id', 'in', [...ids]).execute();
}
