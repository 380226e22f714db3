import { sql } from 'kysely';
import type { Db, GroupRow } from '../schema.ts';

export function listGroups(db: Db): Promise<GroupRow[]> {
  return db.selectFrom('groups').selectAll().orderBy('name').execute();
}

export function findGroup(db: Db, id: number): Promise<GroupRow | undefined> {
  return db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Names are unique regardless of case (migration 004): the lookup ignores case too. */
export function findGroupByName(db: Db, name: string): Promise<GroupRow | undefined> {
  return db.selectFrom('groups').selectAll().where(sql`lower(name)`, '=', sql<string>`lower(${name})`).executeTakeFirst();
}

export interface GroupMemberRow {
  agent_id: number;
  login: string;
  first_name: string;
  last_name: string;
  permission: string;
}

export function listGroupMembers(db: Db, groupId: number): Promise<GroupMemberRow[]> {
  return db
    .selectFrom('agent_groups')
    .innerJoin('agents', 'agents.id', 'agent_groups.agent_id')
    .select(['agent_groups.agent_id', 'agents.login', 'agents.first_name', 'agents.last_name', 'agent_groups.permission'])
    .where('agent_groups.group_id', '=', groupId)
    .orderBy('agents.login')
    .execute();
}
