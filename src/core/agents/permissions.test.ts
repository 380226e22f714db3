import { describe, expect, it } from 'vitest';
import { can, groupIdsWith, isAdmin, permissionOn, type AgentAccess } from './permissions.ts';

const agent = (memberships: AgentAccess['memberships'], valid = true): AgentAccess => ({ agentId: 2, login: 'a', valid, memberships });

describe('group permissions', () => {
  const a = agent([
    { groupId: 1, groupName: 'users', permission: 'rw' },
    { groupId: 3, groupName: 'sales', permission: 'ro' },
  ]);

  it.each([
    [1, 'rw', true],
    [1, 'ro', true],
    [3, 'ro', true],
    [3, 'rw', false],
    [9, 'ro', false],
  ] as const)('group %d need %s → %s', (groupId, need, expected) => {
    expect(can(a, groupId, need)).toBe(expected);
  });

  it('rw wins over ro for the same group', () => {
    expect(permissionOn(agent([{ groupId: 1, groupName: 'x', permission: 'ro' }, { groupId: 1, groupName: 'x', permission: 'rw' }]), 1)).toBe('rw');
  });

  it('an invalid agent has no permission at all', () => {
    expect(can(agent(a.memberships, false), 1, 'ro')).toBe(false);
    expect(groupIdsWith(agent(a.memberships, false), 'ro')).toEqual([]);
  });

  it('lists groups by needed permission', () => {
    expect(groupIdsWith(a, 'ro').sort()).toEqual([1, 3]);
    expect(groupIdsWith(a, 'rw')).toEqual([1]);
  });

  it('admin needs rw in group admin', () => {
    expect(isAdmin(agent([{ groupId: 2, groupName: 'admin', permission: 'rw' }]))).toBe(true);
    expect(isAdmin(agent([{ groupId: 2, groupName: 'admin', permission: 'ro' }]))).toBe(false);
  });
});
