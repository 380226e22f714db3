// The rules of OTRS-SEMANTICS.md, one table per rule; see engine-znuny.test.ts for Znuny's own cases.

import { describe, expect, it } from 'vitest';
import { compileAcls } from './compile.ts';
import { allowedActions, defaultCompareBy, filterOptions, type FilterOptionsInput } from './engine.ts';
import type { AclConfigChange, AclConfigMatch, AclProperties, AclRecord } from './types.ts';

const acl = (Name: string, ConfigMatch: AclConfigMatch | null, ConfigChange: AclConfigChange, extra: Partial<AclRecord> = {}): AclRecord => ({
  Name,
  Comment: '',
  Description: '',
  StopAfterMatch: 0,
  ValidID: 1,
  ConfigMatch,
  ConfigChange,
  ...extra,
});
const notQueue = (...queues: string[]): AclConfigChange => ({ PossibleNot: { Ticket: { Queue: queues } } });
const QUEUES = { 1: 'Raw', 2: 'Sales', 3: 'Support', 4: 'Junk' };
const AGENT: AclProperties = {
  User: { UserID: '5', UserLogin: 'anna', Group_rw: ['users', 'sales'], Group_ro: ['users', 'sales', 'archive'], Role: [] },
  Frontend: { Action: 'AgentTicketPhone' },
  Ticket: { Queue: 'Raw', State: 'open', DynamicField_Region: ['north', 'east'] },
};

function queues(acls: AclRecord[], extra: Partial<FilterOptionsInput> = {}): string[] {
  const out = filterOptions({ acls: compileAcls(acls), properties: AGENT, returnType: 'Ticket', returnSubType: 'Queue', data: QUEUES, userId: 5, ...extra });
  return Object.values(out);
}

describe('conditions combine: values OR, keys AND, groups AND, sets AND', () => {
  it.each<[string, AclConfigMatch | null, boolean]>([
    ['no conditions: always', null, true],
    ['one value', { Properties: { User: { UserLogin: ['anna'] } } }, true],
    ['values of a key are OR-ed', { Properties: { User: { UserLogin: ['bob', 'anna'] } } }, true],
    ['["[Not]a","[Not]b"] matches everything', { Properties: { User: { UserLogin: ['[Not]anna', '[Not]bob'] } } }, true],
    ['keys are AND-ed (both hold)', { Properties: { User: { UserLogin: ['anna'], Group_rw: ['sales'] } } }, true],
    ['keys are AND-ed (one fails)', { Properties: { User: { UserLogin: ['anna'], Group_rw: ['admin'] } } }, false],
    ['groups are AND-ed (one fails)', { Properties: { User: { UserLogin: ['anna'] }, Ticket: { Queue: ['Sales'] } } }, false],
    ['groups are AND-ed (both hold)', { Properties: { User: { UserLogin: ['anna'] }, Ticket: { Queue: ['Raw'] } } }, true],
    ['a missing attribute never matches, not even [Not]', { Properties: { User: { UserEmail: ['[Not]x@y'] } } }, false],
    ['a missing group never matches', { Properties: { Owner: { UserLogin: ['[Not]bob'] } } }, false],
    ['an empty value list never matches', { Properties: { User: { UserLogin: [] } } }, false],
    // Znuny's $MatchTry: a present set without attributes keeps the ACL from ever applying.
    ['a present set without attributes never matches', { Properties: { User: {} } }, false],
    ['a list property: positive needs one element', { Properties: { Ticket: { DynamicField_Region: ['east'] } } }, true],
    ['a list property: [Not] needs no element', { Properties: { Ticket: { DynamicField_Region: ['[Not]east'] } } }, false],
    ['an empty list property satisfies [Not]', { Properties: { User: { Role: ['[Not]admin'] } } }, true],
    ['an empty list property fails a positive value', { Properties: { User: { Role: ['[RegExp].'] } } }, false],
    ['PropertiesDatabase alone (screen data ignored)', { PropertiesDatabase: { Ticket: { Queue: ['Junk'] } } }, true],
    ['both sets must match (database fails)', { Properties: { Ticket: { Queue: ['Raw'] } }, PropertiesDatabase: { Ticket: { Queue: ['Raw'] } } }, false],
    ['both sets must match (both hold)', { Properties: { Ticket: { Queue: ['Raw'] } }, PropertiesDatabase: { Ticket: { Queue: ['Junk'] } } }, true],
    ['User is shared by both sets', { PropertiesDatabase: { User: { UserLogin: ['anna'] } } }, true],
  ])('%s', (_name, match, applies) => {
    const out = queues([acl('a', match, notQueue('Raw'))], { propertiesDatabase: { Ticket: { Queue: 'Junk' } } });
    expect(out).toEqual(applies ? ['Sales', 'Support', 'Junk'] : ['Raw', 'Sales', 'Support', 'Junk']);
  });
});

describe('changes', () => {
  it.each<[string, AclRecord[], string[]]>([
    ['PossibleNot removes', [acl('a', null, notQueue('Raw', 'Junk'))], ['Sales', 'Support']],
    ['Possible keeps only what it names', [acl('a', null, { Possible: { Ticket: { Queue: ['Sales', 'Support'] } } })], ['Sales', 'Support']],
    ['[Not]X inside Possible means all but X', [acl('a', null, { Possible: { Ticket: { Queue: ['[Not]Raw'] } } })], ['Sales', 'Support', 'Junk']],
    ['[Not]X inside PossibleNot removes all but X', [acl('a', null, notQueue('[Not]Raw'))], ['Raw']],
    ['regex values in change lists', [acl('a', null, { Possible: { Ticket: { Queue: ['[RegExp]^S'] } } })], ['Sales', 'Support']],
    ['case-insensitive regex in PossibleNot', [acl('a', null, notQueue('[regexp]^s'))], ['Raw', 'Junk']],
    [
      'one ACL: Possible, then PossibleAdd, then PossibleNot',
      [acl('a', null, { Possible: { Ticket: { Queue: ['Raw'] } }, PossibleAdd: { Ticket: { Queue: ['Sales', 'Junk'] } }, PossibleNot: { Ticket: { Queue: ['Raw'] } } })],
      ['Sales', 'Junk'],
    ],
    ['an empty Possible for a Ticket field empties the options', [acl('a', null, { Possible: { Ticket: { Queue: [] } } })], []],
    ['an empty PossibleNot changes nothing', [acl('a', null, notQueue())], ['Raw', 'Sales', 'Support', 'Junk']],
    ['never adds an option the caller did not offer (Possible)', [acl('a', null, { Possible: { Ticket: { Queue: ['Raw', 'Misc'] } } })], ['Raw']],
    [
      'never adds an option the caller did not offer (PossibleAdd)',
      [acl('1', null, { Possible: { Ticket: { Queue: ['Raw'] } } }), acl('2', null, { PossibleAdd: { Ticket: { Queue: ['Misc'] } } })],
      ['Raw'],
    ],
    ['a rule for another field changes nothing', [acl('a', null, { PossibleNot: { Ticket: { State: ['Raw'] } } })], ['Raw', 'Sales', 'Support', 'Junk']],
    ['invalid ACLs are not deployed', [acl('a', null, notQueue('Raw'), { ValidID: 2 }), acl('b', null, notQueue('Junk'), { ValidID: 3 })], ['Raw', 'Sales', 'Support', 'Junk']],
  ])('%s', (_name, acls, expected) => {
    expect(queues(acls)).toEqual(expected);
  });

  it('an empty Possible for Action is ignored; a non-empty one applies', () => {
    const actions = ['AgentTicketClose', 'AgentTicketNote'];
    const set = (list: string[]) => compileAcls([acl('a', null, { Possible: { Action: list } })]);
    expect(allowedActions({ acls: set([]), actions })).toEqual(actions);
    expect(allowedActions({ acls: set(['AgentTicketNote']), actions })).toEqual(['AgentTicketNote']);
  });

  it('screens are limited through Action, conditioned on Frontend.Action', () => {
    const acls = compileAcls([acl('a', { Properties: { Frontend: { Action: ['AgentTicketZoom'] } } }, { PossibleNot: { Action: ['AgentTicketClose'] } })]);
    const actions = ['AgentTicketClose', 'AgentTicketNote'];
    expect(allowedActions({ acls, properties: { Frontend: { Action: 'AgentTicketZoom' } }, actions })).toEqual(['AgentTicketNote']);
    expect(allowedActions({ acls, properties: { Frontend: { Action: 'AgentTicketPhone' } }, actions })).toEqual(actions);
  });

  it('keeps the caller’s order and labels', () => {
    const out = filterOptions({
      acls: compileAcls([acl('a', null, notQueue('Sales'))]),
      returnType: 'Ticket',
      returnSubType: 'Queue',
      data: { b: 'Raw', a: 'Sales', c: 'Junk' },
    });
    expect(Object.entries(out)).toEqual([
      ['b', 'Raw'],
      ['c', 'Junk'],
    ]);
  });

  it('user 1 (root@localhost) is not restricted', () => {
    expect(queues([acl('a', null, notQueue('Raw'))], { userId: 1 })).toEqual(['Raw', 'Sales', 'Support', 'Junk']);
    expect(allowedActions({ acls: compileAcls([acl('a', null, { PossibleNot: { Action: ['X'] } })]), actions: ['X'], userId: 1 })).toEqual(['X']);
  });

  it('needs a ticket field for returnType Ticket', () => {
    expect(() => filterOptions({ acls: compileAcls([]), returnType: 'Ticket', data: {} })).toThrow(/returnSubType/);
  });
});

describe('order and StopAfterMatch', () => {
  const possible = (...q: string[]): AclConfigChange => ({ Possible: { Ticket: { Queue: q } } });

  it('runs in plain string order of the names: "10-x" before "9-x", "Z" before "a"', () => {
    // The last Possible wins, so the result shows which ACL ran last.
    expect(queues([acl('9-x', null, possible('Raw')), acl('10-x', null, possible('Sales'))])).toEqual(['Raw']);
    expect(queues([acl('a-last', null, possible('Raw')), acl('Z-first', null, possible('Sales'))])).toEqual(['Raw']);
  });

  it.each<[string, AclRecord[], string[]]>([
    ['stops after an ACL that changed the list', [acl('1', null, notQueue('Raw'), { StopAfterMatch: 1 }), acl('2', null, notQueue('Junk'))], ['Sales', 'Support', 'Junk']],
    [
      'does not stop at an ACL that does not match',
      [acl('1', { Properties: { User: { UserLogin: ['bob'] } } }, notQueue('Raw'), { StopAfterMatch: 1 }), acl('2', null, notQueue('Junk'))],
      ['Raw', 'Sales', 'Support'],
    ],
    [
      'does not stop at a matching ACL without a rule for this list',
      [acl('1', null, { PossibleNot: { Ticket: { State: ['open'] } } }, { StopAfterMatch: 1 }), acl('2', null, notQueue('Junk'))],
      ['Raw', 'Sales', 'Support'],
    ],
    [
      // Znuny sets $UseNewParams whenever it used a rule for the list, whatever the rule removed.
      'stops after a rule for this list even if it removed nothing',
      [acl('1', null, notQueue('Misc'), { StopAfterMatch: 1 }), acl('2', null, notQueue('Junk'))],
      ['Raw', 'Sales', 'Support', 'Junk'],
    ],
    [
      'an empty Action list is no rule, so it does not stop a Ticket list either',
      [acl('1', null, { Possible: { Action: [] } }, { StopAfterMatch: 1 }), acl('2', null, notQueue('Junk'))],
      ['Raw', 'Sales', 'Support'],
    ],
    [
      'a later Possible undoes an earlier PossibleNot',
      [acl('1', null, notQueue('Raw')), acl('2', null, possible('Raw', 'Sales'))],
      ['Raw', 'Sales'],
    ],
  ])('%s', (_name, acls, expected) => {
    expect(queues(acls)).toEqual(expected);
  });
});

describe('which text a change value is compared with', () => {
  it.each([
    ['Ticket', 'Queue', 'label'],
    ['Ticket', 'State', 'label'],
    ['Ticket', 'TwitterProfileID', 'key'],
    ['Ticket', 'QueueID', 'key'],
    ['Ticket', 'DynamicField_Region', 'key'],
    ['Action', undefined, 'label'],
    ['Process', undefined, 'key'],
    ['ActivityDialog', undefined, 'key'],
  ] as const)('%s %s → %s', (type, sub, expected) => {
    expect(defaultCompareBy(type, sub)).toBe(expected);
  });

  const profiles = { '1': 'Support', '2': 'Sales' };
  const run = (values: string[], compareBy?: 'key' | 'label') =>
    filterOptions({
      acls: compileAcls([acl('a', null, { PossibleNot: { Ticket: { TwitterProfileID: values } } })]),
      returnType: 'Ticket',
      returnSubType: 'TwitterProfileID',
      data: profiles,
      compareBy,
    });

  it('TwitterProfileID names the profile id', () => {
    expect(run(['1'])).toEqual({ '2': 'Sales' });
    expect(run(['Support'])).toEqual(profiles);
  });

  it('compareBy overrides the default', () => {
    expect(run(['Support'], 'label')).toEqual({ '2': 'Sales' });
    expect(run(['1'], 'label')).toEqual(profiles);
  });
});
