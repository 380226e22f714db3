import type { Insertable, Updateable } from 'kysely';
import type { AclRow, AclsTable, Db } from '../schema.ts';

export function listAclRows(db: Db): Promise<AclRow[]> {
  return db.selectFrom('acls').selectAll().orderBy('name').execute();
}

/** In creation order, as Znuny exports (by ID). */
export function listAclRowsById(db: Db): Promise<AclRow[]> {
  return db.selectFrom('acls').selectAll().orderBy('id').execute();
}

export function findAclRow(db: Db, id: number): Promise<AclRow | undefined> {
  return db.selectFrom('acls').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findAclRowByName(db: Db, name: string): Promise<AclRow | undefined> {
  return db.selectFrom('acls').selectAll().where('name_key', '=', name.toLowerCase()).executeTakeFirst();
}

export type NewAclRow = Insertable<AclsTable>;
export type AclRowUpdate = Updateable<AclsTable>;

export function insertAclRow(db: Db, row: NewAclRow): Promise<AclRow> {
  return db.insertInto('acls').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateAclRow(db: Db, id: number, change: AclRowUpdate): Promise<AclRow> {
  await db.updateTable('acls').set(change).where('id', '=', id).execute();
  return db.selectFrom('acls').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export interface Deployment {
  id: number;
  acls: string;
  deployed_by: string;
  deployed_at: string;
}

/** The ACLs in effect: the newest deployment (none before the first deploy). */
export async function latestDeployment(db: Db): Promise<Deployment | null> {
  const row = await db.selectFrom('acl_deployments').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ?? null;
}

/**
 * What identifies the newest deployment for caching its compiled form: the id alone repeats when
 * the table starts over (a test's fresh database), the time with it does not.
 */
export async function latestDeploymentStamp(db: Db): Promise<string | null> {
  const row = await db.selectFrom('acl_deployments').select(['id', 'deployed_at']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? `${row.id}@${row.deployed_at}` : null;
}

export function insertDeployment(db: Db, row: Omit<Deployment, 'id'>): Promise<Deployment> {
  return db.insertInto('acl_deployments').values(row).returningAll().executeTakeFirstOrThrow();
}
