import { describe, expect, it } from 'vitest';
import { duplicateAclNames, validateAclRecord, validateAclRecords } from './validate.ts';

const base = { Name: 'Limit Access', ValidID: 1, StopAfterMatch: 0 };
const messages = (input: unknown): string[] => {
  const v = validateAclRecord(input);
  return v.ok ? [] : v.issues.map((i) => i.message);
};

describe('validateAclRecord: errors name the ACL and the key', () => {
  it.each<[string, unknown, string]>([
    ['unknown group', { ...base, ConfigMatch: { Properties: { Usr: { UserLogin: ['a'] } } } }, 'ACL "Limit Access": unknown key "ConfigMatch.Properties.Usr"'],
    ['unknown record key', { ...base, Foo: 1 }, 'ACL "Limit Access": unknown key "Foo"'],
    ['unknown match set', { ...base, ConfigMatch: { Propertys: {} } }, 'ACL "Limit Access": unknown key "ConfigMatch.Propertys"'],
    ['unknown change kind', { ...base, ConfigChange: { PossibleRemove: {} } }, 'ACL "Limit Access": unknown key "ConfigChange.PossibleRemove"'],
    ['unknown change type', { ...base, ConfigChange: { Possible: { Tiket: {} } } }, 'ACL "Limit Access": unknown key "ConfigChange.Possible.Tiket"'],
    [
      'a single value where a list is expected (Znuny dies on it at run time)',
      { ...base, ConfigChange: { PossibleNot: { Ticket: { TwitterProfileID: '1' } } } },
      'ACL "Limit Access": "ConfigChange.PossibleNot.Ticket.TwitterProfileID" must be a list of values, not a single value (write "- 1")',
    ],
    [
      'a single value in a condition',
      { ...base, ConfigMatch: { Properties: { User: { Group_rw: '[Not]twitter' } } } },
      'ACL "Limit Access": "ConfigMatch.Properties.User.Group_rw" must be a list of values, not a single value (write "- [Not]twitter")',
    ],
    [
      'a mapping in a list',
      { ...base, ConfigChange: { Possible: { Action: [{ a: 1 }] } } },
      'ACL "Limit Access": "ConfigChange.Possible.Action[0]" must be text, not a mapping',
    ],
    [
      'a boolean in a list',
      { ...base, ConfigChange: { Possible: { Action: [true] } } },
      'ACL "Limit Access": "ConfigChange.Possible.Action[0]" must be text, not true (quote it to mean the text)',
    ],
    [
      'a bad regular expression',
      { ...base, ConfigMatch: { Properties: { Queue: { Name: ['[RegExp](x'] } } } },
      'ACL "Limit Access": "ConfigMatch.Properties.Queue.Name[0]" is not a valid regular expression',
    ],
    [
      'a dynamic field condition without its prefix',
      { ...base, ConfigMatch: { Properties: { DynamicField: { Region: ['north'] } } } },
      'ACL "Limit Access": dynamic field conditions are named DynamicField_<name>, not "Region"',
    ],
    ['a missing name', { ValidID: 1 }, 'ACL #1: "Name" is required'],
    ['a blank name', { Name: '  ' }, 'ACL #1: "Name" is required'],
    ['a name that is not text', { Name: true }, 'ACL #1: "Name" must be text'],
    ['a name too long', { Name: 'x'.repeat(201) }, `ACL "${'x'.repeat(201)}": "Name" may be at most 200 characters long`],
    ['ValidID out of range', { ...base, ValidID: 4 }, 'ACL "Limit Access": "ValidID" must be 1 (valid), 2 (invalid) or 3 (invalid-temporarily)'],
    ['StopAfterMatch out of range', { ...base, StopAfterMatch: 2 }, 'ACL "Limit Access": "StopAfterMatch" must be 0 or 1'],
    ['a bad time', { ...base, ChangeTime: '2020-11-05T10:57:35Z' }, 'ACL "Limit Access": "ChangeTime" must be a time like 2020-11-05 10:57:35'],
    ['a bad ID', { ...base, ID: -3 }, 'ACL "Limit Access": "ID" must be a positive whole number'],
    ['not a mapping', ['Name'], 'ACL #1: must be a mapping of keys (Name, ConfigMatch, ConfigChange, …)'],
  ])('%s', (_name, input, message) => {
    expect(messages(input).join('\n')).toContain(message);
  });

  it('reports every problem, not only the first', () => {
    expect(messages({ Name: 'x', Foo: 1, ValidID: 9, ConfigMatch: { Properties: { Usr: {} } } })).toHaveLength(3);
  });
});

describe('validateAclRecord: what it accepts', () => {
  it('turns numbers into text, as Perl reads `- 1`', () => {
    const v = validateAclRecord({ ...base, ConfigChange: { PossibleNot: { Ticket: { TwitterProfileID: [1, 2.5] } } } });
    expect(v.ok && v.record.ConfigChange).toEqual({ PossibleNot: { Ticket: { TwitterProfileID: ['1', '2.5'] } } });
  });

  it('fills Znuny’s defaults: ValidID 1, StopAfterMatch 0, Comment and Description empty', () => {
    expect(validateAclRecord({ Name: 'x' })).toEqual({
      ok: true,
      record: { Name: 'x', Comment: '', Description: '', StopAfterMatch: 0, ValidID: 1, ConfigMatch: null, ConfigChange: null },
    });
  });

  it.each([null, '', {}])('reads ConfigMatch/ConfigChange %j as "none" (OTRS exports \'\' for them)', (empty) => {
    const v = validateAclRecord({ ...base, ConfigMatch: empty, ConfigChange: empty });
    expect(v.ok && [v.record.ConfigMatch, v.record.ConfigChange]).toEqual([null, null]);
  });

  it('accepts any attribute and any ticket field, and numeric strings for the numbers', () => {
    const v = validateAclRecord({
      ID: '7',
      Name: 'x',
      ValidID: '2',
      StopAfterMatch: '1',
      ConfigMatch: { Properties: { Frontend: { AgentTicketCommon: ['1'] }, Ticket: { DynamicField_X: ['a'], CustomerID: ['c'] } } },
      ConfigChange: { Possible: { Ticket: { NewOwner: ['a'], DynamicField_X: ['b'] }, Form: ['f'], FormStd: ['g'], Process: ['P1'] } },
    });
    expect(v.ok).toBe(true);
    expect(v.ok && [v.record.ID, v.record.ValidID, v.record.StopAfterMatch]).toEqual([7, 2, 1]);
  });

  it('migrates OTRS 3.3 screen maps like Znuny’s _ACLMigrateFrom33', () => {
    // Znuny scripts/test/sample/ACL/Actions33.yml: the screens set to 0 become PossibleNot, sorted.
    const v = validateAclRecord({
      Name: '100-ACL-Test-Actions33',
      ConfigChange: {
        Possible: { Action: { AgentTicketPhone: '1', AgentTicketPrint: '0', AgentTicketZoom: '1', AgentTicketCLose: '0', AgentTicketCompose: '0' } },
        PossibleNot: {},
      },
    });
    expect(v.ok && v.record.ConfigChange).toEqual({
      Possible: {},
      PossibleNot: { Action: ['AgentTicketCLose', 'AgentTicketCompose', 'AgentTicketPrint'] },
    });
  });
});

describe('names', () => {
  it('finds names used twice ignoring case', () => {
    expect(duplicateAclNames(['Limit Access', 'other', 'limit access', 'LIMIT ACCESS', 'x'])).toEqual(['Limit Access']);
    expect(duplicateAclNames(['a', 'b'])).toEqual([]);
  });

  it('refuses a list with a name twice', () => {
    const v = validateAclRecords([{ Name: 'Limit' }, { Name: 'LIMIT' }]);
    expect(v.ok ? [] : v.issues.map((i) => i.message)).toEqual(['ACL "Limit": the name is used more than once (names are compared ignoring case)']);
  });

  it('wants a list', () => {
    expect(validateAclRecords({ Name: 'x' })).toMatchObject({ ok: false });
  });
});
