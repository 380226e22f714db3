import { describe, expect, it } from 'vitest';
import type { AclRecord } from '../acl/index.ts';
import { aclFingerprint } from './records.ts';
import { compareWithDeployment } from './sync.ts';

const acl = (id: number, over: Partial<AclRecord> = {}): AclRecord => ({
  ID: id,
  Name: `acl-${id}`,
  Comment: '',
  Description: '',
  StopAfterMatch: 0,
  ValidID: 1,
  ConfigMatch: { Properties: { User: { Group_rw: ['[Not]twitter'] } } },
  ConfigChange: { PossibleNot: { Ticket: { TwitterProfileID: ['1'] } } },
  CreateBy: 'root@localhost',
  CreateTime: '2020-11-05 10:55:15',
  ChangeBy: 'root@localhost',
  ChangeTime: '2020-11-05 10:57:35',
  ...over,
});

describe('compareWithDeployment', () => {
  it.each([
    ['valid, never deployed', [acl(1)], null, 'new', false],
    ['invalid, never deployed', [acl(1, { ValidID: 2 })], null, 'inactive', true],
    ['deployed as stored', [acl(1)], [acl(1)], 'deployed', true],
    ['deployed, audit fields differ only', [acl(1, { ChangeTime: '2021-01-01 00:00:00', ChangeBy: 'anna' })], [acl(1)], 'deployed', true],
    ['comment edited since', [acl(1, { Comment: 'x' })], [acl(1)], 'changed', false],
    ['renamed since', [acl(1, { Name: 'other' })], [acl(1)], 'changed', false],
    ['a value added since', [acl(1, { ConfigChange: { PossibleNot: { Ticket: { TwitterProfileID: ['1', '2'] } } } })], [acl(1)], 'changed', false],
    ['StopAfterMatch switched on', [acl(1, { StopAfterMatch: 1 })], [acl(1)], 'changed', false],
    ['deployed, now invalid', [acl(1, { ValidID: 3 })], [acl(1)], 'removed', false],
    ['invalid, left out of the last deploy', [acl(1, { ValidID: 2 })], [], 'inactive', true],
  ] as const)('%s', (_what, stored, deployed, state, inSync) => {
    const sync = compareWithDeployment(stored, deployed);
    expect(sync.states.get(1)).toBe(state);
    expect(sync.inSync).toBe(inSync);
  });

  it('is in sync with no ACLs and no deployment, and not with a deployed ACL no longer stored', () => {
    expect(compareWithDeployment([], null).inSync).toBe(true);
    const gone = compareWithDeployment([], [acl(7)]);
    expect(gone).toMatchObject({ inSync: false, orphans: ['acl-7'] });
  });

  it('matches by name when the snapshot was written without IDs', () => {
    const { ID: _id, ...noId } = acl(9);
    expect(compareWithDeployment([acl(1, { Name: 'acl-9' })], [{ ...noId, Name: 'ACL-9' }]).states.get(1)).toBe('changed');
    expect(compareWithDeployment([acl(1, { Name: 'acl-9' })], [{ ...noId }]).states.get(1)).toBe('deployed');
  });

  it('ignores the order in which an editor wrote the keys, not the order of values', () => {
    const a = acl(1, { ConfigMatch: { Properties: { User: { UserLogin: ['a'], Group_rw: ['b'] }, Ticket: { Queue: ['Raw'] } } } });
    const b = acl(1, { ConfigMatch: { Properties: { Ticket: { Queue: ['Raw'] }, User: { Group_rw: ['b'], UserLogin: ['a'] } } } });
    expect(aclFingerprint(a)).toBe(aclFingerprint(b));
    expect(aclFingerprint(acl(1, { ConfigChange: { Possible: { Action: ['x', 'y'] } } }))).not.toBe(aclFingerprint(acl(1, { ConfigChange: { Possible: { Action: ['y', 'x'] } } })));
  });
});
