import { describe, expect, it } from 'vitest';
import { userProperties } from './properties.ts';

describe('userProperties', () => {
  it('builds the User group as Znuny’s _GetChecks does: rw implies every permission type', () => {
    const props = userProperties({
      id: 7,
      login: 'anna',
      firstName: 'Anna',
      lastName: 'Berg',
      email: 'anna@example.com',
      groups: [
        { name: 'users', permission: 'rw' },
        { name: 'twitter', permission: 'rw' },
        { name: 'archive', permission: 'ro' },
        { name: 'users', permission: 'ro' },
      ],
      roles: ['Support', 'Admin', 'Support'],
    });
    const rw = ['twitter', 'users'];
    expect(props).toEqual({
      UserID: '7',
      UserLogin: 'anna',
      UserFirstname: 'Anna',
      UserLastname: 'Berg',
      UserFullname: 'Anna Berg',
      UserEmail: 'anna@example.com',
      Group_ro: ['archive', 'twitter', 'users'],
      Group_move_into: rw,
      Group_create: rw,
      Group_note: rw,
      Group_owner: rw,
      Group_priority: rw,
      Group_rw: rw,
      Role: ['Admin', 'Support'],
    });
  });

  it('an agent without groups or roles has empty lists, not missing ones', () => {
    const props = userProperties({ id: 2, login: 'b', firstName: '', lastName: 'B', email: 'b@x', groups: [] });
    expect([props.Group_rw, props.Group_ro, props.Role, props.UserFullname]).toEqual([[], [], [], 'B']);
  });
});
