import { sql, type ExpressionBuilder } from 'kysely';
import { containing } from '../like.ts';
import type { CustomerRow, DB, Db, IdentityRow } from '../schema.ts';

export function findCustomer(db: Db, id: number): Promise<CustomerRow | undefined> {
  return db.selectFrom('customer_users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A customer by login, name, or part of a handle or display name on a network. */
function matching(search: string) {
  const term = search.trim().replace(/^@/, '').toLowerCase();
  return (eb: ExpressionBuilder<DB, 'customer_users'>) =>
    eb.or([
      eb(sql`lower(customer_users.login)`, 'like', containing(term)),
      eb(sql`lower(customer_users.name)`, 'like', containing(term)),
      eb.exists(
        eb
          .selectFrom('customer_identities')
          .select(sql`1`.as('one'))
          .whereRef('customer_identities.customer_id', '=', 'customer_users.id')
          .where((w) => w.or([w(sql`lower(customer_identities.handle)`, 'like', containing(term)), w(sql`lower(customer_identities.display_name)`, 'like', containing(term))])),
      ),
    ]);
}

export function listCustomers(db: Db, page: { limit: number; offset: number; search?: string | undefined }) {
  let q = db.selectFrom('customer_users').selectAll().orderBy('id', 'desc');
  if (page.search) q = q.where(matching(page.search));
  return q.limit(page.limit).offset(page.offset).execute();
}

export async function countCustomers(db: Db, search?: string): Promise<number> {
  let q = db.selectFrom('customer_users').select((eb) => eb.fn.countAll<number>().as('n'));
  if (search) q = q.where(matching(search));
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
