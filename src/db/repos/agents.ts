import { sql } from 'kysely';
import type { AgentAccess, Membership, Permission } from '../../core/agents/permissions.ts';
import type { AgentRow, Db } from '../schema.ts';

export function listAgents(db: Db): Promise<AgentRow[]> {
  return db.selectFrom('agents').selectAll().orderBy('login').execute();
}

export function findAgent(db: Db, id: number): Promise<AgentRow | undefined> {
  return db.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Names are unique regardless of case (migration 004): the lookup ignores case too. */
export function findAgentByLogin(db: Db, login: string): Promise<AgentRow | undefined> {
  return db.selectFrom('agents').selectAll().where(sql`lower(login)`, '=', sql<string>`lower(${login})`).executeTakeFirst();
}

export interface MembershipRow {
  agent_id: number;
  group_id: number;
  group_name: string;
  group_validity: string;
  permission: string;
}

/** Memberships of several agents (or all when `agentIds` is omitted). */
export function listMemberships(db: Db, agentIds?: number[]): Promise<MembershipRow[]> {
  let q = db
    .selectFrom('agent_groups')
    .innerJoin('groups', 'groups.id', 'agent_groups.group_id')
    .select([
      'agent_groups.agent_id',
      'agent_groups.group_id',
      'groups.name as group_name',
      'groups.validity as group_validity',
      'agent_groups.permission',
    ])
    .orderBy('groups.name');
  if (agentIds) {
    if (agentIds.length === 0) return Promise.resolve([]);
    q = q.where('agent_groups.agent_id', 'in', agentIds);
  }
  return q.execute();
}

export async function replaceMemberships(
  db: Db,
  agentId: number,
  memberships: readonly { groupId: number; permission: Permission }[],
): Promise<void> {
  await db.deleteFrom('agent_groups').where('agent_id', '=', agentId).execute();
  if (memberships.length === 0) return;
  await db
    .insertInto('agent_groups')
    .values(memberships.map((m) => ({ agent_id: agentId, group_id: m.groupId, permission: m.permission })))
    .execute();
}

/** What the permission checks need about an agent; an invalid group grants nothing, as in OTRS. */
export async function loadAgentAccess(db: Db, agent: Pick<AgentRow, 'id' | 'login' | 'validity'>): Promise<AgentAccess> {
  const rows = await listMemberships(db, [agent.id]);
  const memberships: Membership[] = rows
    .filter((r) => r.group_validity === 'valid')
    .map((r) => ({ groupId: r.group_id, groupName: r.group_name, permission: r.permission === 'rw' ? 'rw' : 'ro' }));
  return { agentId: agent.id, login: agent.login, valid: agent.validity === 'valid', memberships };
}

/** Replaces the members of one group (the group's side of the agent ↔ group relation). */
export async function replaceGroupMembers(db: Db, groupId: number, members: readonly { agentId: number; permission: Permission }[]): Promise<void> {
  await db.deleteFrom('agent_groups').where('group_id', '=', groupId).execute();
  if (members.length === 0) return;
  await db
    .insertInto('agent_groups')
    .values(members.map((m) => ({ agent_id: m.agentId, group_id: groupId, permission: m.permission })))
    .execute();
}

/**
 * Ends an agent's browser sessions, all of them or all but `exceptSessionId` (the one that asked).
 * A changed password calls this: whoever knew the old one is logged out everywhere.
 */
export async function endAgentSessions(db: Db, agentId: number, exceptSessionId?: string): Promise<number> {
  let q = db.deleteFrom('sessions').where('agent_id', '=', agentId);
  if (exceptSessionId !== undefined) q = q.where('id', '!=', exceptSessionId);
  const result = await q.executeTakeFirst();
  return Number(result.numDeletedRows);
}
