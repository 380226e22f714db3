import { describe, expect, it } from 'vitest';
import { planImport } from './import-plan.ts';
import type { AclRecord } from './types.ts';

const rec = (Name: string): AclRecord => ({
  ID: 42,
  Name,
  Comment: 'c',
  Description: '',
  StopAfterMatch: 0,
  ValidID: 1,
  ConfigMatch: null,
  ConfigChange: { PossibleNot: { Action: ['AgentTicketClose'] } },
  CreateBy: 'someone@elsewhere',
  CreateTime: '2014-06-03 19:03:57',
  ChangeBy: 'someone@elsewhere',
  ChangeTime: '2014-06-03 19:51:17',
});

// Znuny ACL::DB::ACL → ACLImport and scripts/test/ACL/DB/ACLImport.t.
describe('planImport', () => {
  const existing = ['100-ACL-Test-Properties', 'Limit Access'];
  const names = (plan: ReturnType<typeof planImport>) => ({
    add: plan.add.map((r) => r.Name),
    update: plan.update.map((u) => u.name),
    errors: plan.errors.map((e) => e.name),
  });

  it.each<[string, string[], boolean, { add: string[]; update: string[]; errors: string[] }]>([
    ['new names are added', ['New-1', 'New-2'], false, { add: ['New-1', 'New-2'], update: [], errors: [] }],
    // ACLImport.t 'Properties Updated without Overwrite' → ACLErrors
    ['an existing name without overwrite is an error', ['100-ACL-Test-Properties'], false, { add: [], update: [], errors: ['100-ACL-Test-Properties'] }],
    // ACLImport.t 'Properties Updated with Overwrite' → UpdatedACLs
    ['an existing name with overwrite is updated', ['100-ACL-Test-Properties'], true, { add: [], update: ['100-ACL-Test-Properties'], errors: [] }],
    // ACLAdd compares LOWER(name)
    ['the same name in other case without overwrite is an error', ['limit access'], false, { add: [], update: [], errors: ['limit access'] }],
    // ACLImport looks the name up exactly, then ACLAdd collides ignoring case
    ['the same name in other case with overwrite is still an error', ['LIMIT ACCESS'], true, { add: [], update: [], errors: ['LIMIT ACCESS'] }],
    ['mixed', ['Limit Access', 'New'], true, { add: ['New'], update: ['Limit Access'], errors: [] }],
    ['a name twice in the file is an error', ['New', 'new'], false, { add: ['New'], update: [], errors: ['new'] }],
  ])('%s', (_name, incoming, overwrite, expected) => {
    expect(names(planImport(existing, incoming.map(rec), { overwrite }))).toEqual(expected);
  });

  it('ignores the file’s ID and audit fields', () => {
    const plan = planImport([], [rec('New')], { overwrite: false });
    expect(plan.add[0]).toEqual({
      Name: 'New',
      Comment: 'c',
      Description: '',
      StopAfterMatch: 0,
      ValidID: 1,
      ConfigMatch: null,
      ConfigChange: { PossibleNot: { Action: ['AgentTicketClose'] } },
    });
  });

  it('explains the errors', () => {
    const plan = planImport(existing, [rec('limit access')], { overwrite: false });
    expect(plan.errors[0]?.message).toBe('An ACL with the name "Limit Access" already exists (choose "overwrite" to update it).');
  });
});
