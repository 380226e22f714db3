// OTRS's group permissions, reduced to the two Parley uses: rw (work with) and ro (look at).
// rw implies ro. An agent reaches a ticket only through the group of the ticket's queue.

export type Permission = 'rw' | 'ro';
export const PERMISSIONS: readonly Permission[] = ['rw', 'ro'];

/** The id of the first admin (root@localhost). Like OTRS's user 1, ACLs never restrict it. */
export const SUPERUSER_ID = 1;
export const ADMIN_GROUP = 'admin';
export const USERS_GROUP = 'users';

export interface Membership {
  groupId: number;
  groupName: string;
  permission: Permission;
}

export interface AgentAccess {
  agentId: number;
  login: string;
  valid: boolean;
  memberships: readonly Membership[];
}

export function permissionOn(access: AgentAccess, groupId: number): Permission | null {
  if (!access.valid) return null;
  let best: Permission | null = null;
  for (const m of access.memberships) {
    if (m.groupId !== groupId) continue;
    if (m.permission === 'rw') return 'rw';
    best = 'ro';
  }
  return best;
}

export function can(access: AgentAccess, groupId: number, need: Permission): boolean {
  const have = permissionOn(access, groupId);
  return have === 'rw' || (have === 'ro' && need === 'ro');
}

/** Group ids the agent may use with at least `need`. */
export function groupIdsWith(access: AgentAccess, need: Permission): number[] {
  if (!access.valid) return [];
  return [...new Set(access.memberships.filter((m) => m.permission === 'rw' || need === 'ro').map((m) => m.groupId))];
}

/** Admin pages and admin API need rw in the group "admin". */
export function isAdmin(access: AgentAccess): boolean {
  return access.valid && access.memberships.some((m) => m.groupName === ADMIN_GROUP && m.permission === 'rw');
}
