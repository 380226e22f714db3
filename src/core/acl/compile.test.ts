import { describe, expect, it } from 'vitest';
import { compileAcls, listKey } from './compile.ts';
import type { AclConfigChange, AclConfigMatch, AclRecord } from './types.ts';

const acl = (Name: string, change: AclConfigChange, match: AclConfigMatch | null = null, ValidID: 1 | 2 | 3 = 1): AclRecord => ({
  Name,
  Comment: '',
  Description: '',
  StopAfterMatch: 0,
  ValidID,
  ConfigMatch: match,
  ConfigChange: change,
});

describe('compileAcls', () => {
  it('keeps valid ACLs only, sorted by code point', () => {
    const set = compileAcls([acl('b', {}), acl('9-x', {}), acl('10-x', {}), acl('B', {}), acl('off', {}, null, 2), acl('later', {}, null, 3)]);
    expect(set.names).toEqual(['10-x', '9-x', 'B', 'b']);
  });

  it('indexes each ACL under the lists it has a rule for', () => {
    const set = compileAcls([
      acl('q', { PossibleNot: { Ticket: { Queue: ['Raw'] } } }),
      acl('qs', { Possible: { Ticket: { Queue: ['Raw'], State: [] } }, PossibleAdd: { Action: ['AgentTicketNote'] } }),
      acl('empty-action', { Possible: { Action: [] } }),
      acl('never', { PossibleNot: { Ticket: { Queue: ['Raw'] } } }, { Properties: { User: {} } }),
    ]);
    const names = (key: string) => (set.byList.get(key)?.entries ?? []).map((a) => a.name);
    expect(names(listKey('Ticket', 'Queue'))).toEqual(['q', 'qs']);
    expect(names(listKey('Ticket', 'State'))).toEqual(['qs']);
    expect(names(listKey('Action'))).toEqual(['qs']);
    expect([...set.byList.keys()].sort()).toEqual(['Action', listKey('Ticket', 'Queue'), listKey('Ticket', 'State')].sort());
  });

  it('numbers equal conditions and change lists once per plan', () => {
    const groupCheck = { Properties: { User: { Group_rw: ['[Not]twitter'] } } };
    const set = compileAcls([
      acl('a', { PossibleNot: { Ticket: { TwitterProfileID: ['1'] } } }, groupCheck),
      acl('b', { PossibleNot: { Ticket: { TwitterProfileID: ['1'] } } }, groupCheck),
      acl('c', { PossibleNot: { Ticket: { TwitterProfileID: ['2'] } } }, { PropertiesDatabase: { User: { Group_rw: ['[Not]twitter'] } } }),
    ]);
    const plan = set.byList.get(listKey('Ticket', 'TwitterProfileID'));
    expect(plan?.conditions).toHaveLength(2);
    expect(plan?.lists).toHaveLength(2);
    expect(plan?.entries.map((e) => [e.properties, e.propertiesDatabase, e.possibleNot])).toEqual([
      [[0], [], 0],
      [[0], [], 0],
      [[], [1], 1],
    ]);
  });

  it('refuses the same name deployed twice', () => {
    expect(() => compileAcls([acl('a', {}), acl('a', {})])).toThrow('ACL "a" is deployed twice');
  });

  it('names the ACL whose regular expression JavaScript cannot read', () => {
    expect(() => compileAcls([acl('bad', { Possible: { Action: ['[RegExp](x'] } })])).toThrow(/^ACL "bad": /);
  });
});
