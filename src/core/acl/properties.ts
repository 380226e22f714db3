// The User condition group for one agent, built the way Znuny's _GetChecks() builds it: the user's
// data, one Group_<permission> list per permission type of System::Permission, and Role. Owner and
// Responsible carry the same shape for the ticket's owner and responsible agent.

import { compareCodePoints } from './order.ts';

export interface AgentForAcl {
  readonly id: number;
  readonly login: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly groups: readonly { readonly name: string; readonly permission: 'rw' | 'ro' }[];
  readonly roles?: readonly string[];
}

/** Znuny's System::Permission. Parley grants only rw and ro; rw implies all of them. */
export const SYSTEM_PERMISSIONS = ['ro', 'move_into', 'create', 'note', 'owner', 'priority', 'rw'] as const;
export type SystemPermission = (typeof SYSTEM_PERMISSIONS)[number];

export type UserProperties = {
  UserID: string;
  UserLogin: string;
  UserFirstname: string;
  UserLastname: string;
  UserFullname: string;
  UserEmail: string;
  Role: string[];
} & { [P in SystemPermission as `Group_${P}`]: string[] };

export function userProperties(agent: AgentForAcl): UserProperties {
  const rw = new Set<string>();
  const ro = new Set<string>();
  for (const g of agent.groups) {
    if (g.permission === 'rw') rw.add(g.name);
    ro.add(g.name);
  }
  // Znuny sorts the names (`sort values %Groups`); every type is granted by rw, ro only by itself.
  const rwList = [...rw].sort(compareCodePoints);
  const lists = Object.fromEntries(SYSTEM_PERMISSIONS.map((p) => [`Group_${p}`, p === 'ro' ? [...ro].sort(compareCodePoints) : [...rwList]])) as {
    [P in SystemPermission as `Group_${P}`]: string[];
  };
  return {
    UserID: String(agent.id),
    UserLogin: agent.login,
    UserFirstname: agent.firstName,
    UserLastname: agent.lastName,
    UserFullname: [agent.firstName, agent.lastName].filter(Boolean).join(' '),
    UserEmail: agent.email,
    ...lists,
    Role: [...new Set(agent.roles ?? [])].sort(compareCodePoints),
  };
}
