import type { SocialUser } from '../../channels/types.ts';
import type { Db, IdentityRow } from '../schema.ts';
import { findIdentities } from './customers.ts';

export interface KnownCustomer {
  customerId: number;
  identityId: number;
  handle: string;
  displayName: string;
}

/**
 * One person on a network is one customer user: found by the network's user id (handles change),
 * created when new, and their handle, name and avatar kept current. Batched: three queries for
 * any number of authors.
 *
 * Several workers may meet the same people at the same moment (a customer writing to two
 * profiles). Rows are written in one fixed order, by network user id, and new ones with ON
 * CONFLICT DO NOTHING: two transactions then wait for each other at most one way, never in a
 * cycle, so PostgreSQL has no deadlock to report.
 */
export async function ensureSocialCustomers(db: Db, network: string, users: readonly SocialUser[], now: string): Promise<Map<string, KnownCustomer>> {
  const byId = new Map<string, SocialUser>();
  for (const u of users) byId.set(u.externalUserId, u);
  const ids = [...byId.keys()].sort(byCodePoint);
  const existing = (await findIdentities(db, network, ids)).sort((a, b) => byCodePoint(a.external_user_id, b.external_user_id));
  const found = new Map<string, IdentityRow>(existing.map((r) => [r.external_user_id, r]));

  for (const row of existing) {
    const u = byId.get(row.external_user_id)!;
    const facts = profileColumns(u);
    if (row.handle !== u.handle || row.display_name !== u.displayName || row.avatar_url !== u.avatarUrl || profileChanged(row, facts)) {
      await db
        .updateTable('customer_identities')
        .set({ handle: u.handle, display_name: u.displayName, avatar_url: u.avatarUrl, ...facts, changed_at: now, ...(row.avatar_url !== u.avatarUrl ? { avatar_attempts: 0, avatar_due_at: null } : {}) })
        .where('id', '=', row.id)
        .execute();
      await db.updateTable('customer_users').set({ name: u.displayName || u.handle, changed_at: now }).where('id', '=', row.customer_id).execute();
      found.set(row.external_user_id, { ...row, ...facts, handle: u.handle, display_name: u.displayName, avatar_url: u.avatarUrl });
    }
  }

  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    const login = (id: string): string => `${network}:${id}`;
    // Another worker may create the same person at the same moment: insert-or-ignore, then read.
    await db
      .insertInto('customer_users')
      .values(missing.map((id) => ({ login: login(id), name: byId.get(id)!.displayName || byId.get(id)!.handle, email: null, validity: 'valid', created_at: now, changed_at: now })))
      .onConflict((oc) => oc.column('login').doNothing())
      .execute();
    const customers = await db.selectFrom('customer_users').select(['id', 'login']).where('login', 'in', missing.map(login)).execute();
    const customerByLogin = new Map(customers.map((c) => [c.login, c.id]));
    await db
      .insertInto('customer_identities')
      .values(
        missing.map((id) => {
          const u = byId.get(id)!;
          return {
            customer_id: customerByLogin.get(login(id))!,
            network,
            external_user_id: id,
            handle: u.handle,
            display_name: u.displayName,
            avatar_url: u.avatarUrl,
            ...profileColumns(u),
            created_at: now,
            changed_at: now,
          };
        }),
      )
      .onConflict((oc) => oc.columns(['network', 'external_user_id']).doNothing())
      .execute();
    for (const row of await findIdentities(db, network, missing)) found.set(row.external_user_id, row);
  }

  return new Map(
    [...found].map(([id, r]) => [id, { customerId: r.customer_id, identityId: r.id, handle: r.handle, displayName: r.display_name }]),
  );
}

/** A total order that is the same in every process (localeCompare depends on the locale). */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

type ProfileColumns = Pick<IdentityRow, 'bio' | 'location' | 'followers_count' | 'verified' | 'account_created_at'>;

/** What the network told about the person; nothing when it was not asked (the stored facts stay). */
function profileColumns(u: SocialUser): Partial<ProfileColumns> {
  const p = u.profile;
  if (!p) return {};
  return {
    bio: p.bio === null ? null : p.bio.slice(0, 1000),
    location: p.location === null ? null : p.location.slice(0, 200),
    followers_count: p.followersCount,
    verified: p.verified === null ? null : p.verified ? 1 : 0,
    account_created_at: p.accountCreatedAt,
  };
}

function profileChanged(row: IdentityRow, facts: Partial<ProfileColumns>): boolean {
  return (Object.keys(facts) as (keyof ProfileColumns)[]).some((k) => row[k] !== facts[k]);
}
