import type { AclRow, Db } from '../schema.ts';

export function listAclRows(db: Db): Promise<AclRow[]> {
  return db.selectFrom('acls').selectAll().orderBy('name').execute();
}

export function findAclRow(db: Db, id: number): Promise<AclRow | undefined> {
  return db.selectFrom('acls').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findAclRowByName(db: Db, name: string): Promise<AclRow | undefined> {
  return db.selectFrom('acls').selectAll().where('name_key', '=', name.toLowerCase()).executeTakeFirst();
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

export async function latestDeploymentId(db: Db): Promise<number | null> {
  const row = await db.selectFrom('acl_deployments').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.id ?? null;
}
