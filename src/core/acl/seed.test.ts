// MISSION A1–A4 end to end in the core: the seed's YAML imports unchanged, is deployed, and then an
// agent outside group "twitter" no longer gets profile 1 offered, a member does, and root does.

import { describe, expect, it } from 'vitest';
import { compileAcls } from './compile.ts';
import { filterOptions } from './engine.ts';
import { runAclEval } from './eval.ts';
import { planImport } from './import-plan.ts';
import { userProperties, type AgentForAcl } from './properties.ts';
import { SEED_ACL_YAML } from './seed.ts';
import { toRuntimeAcl } from './types.ts';
import { exportAclYaml, parseAclYaml } from './yaml.ts';

const PROFILES = { '1': 'Support', '2': 'Sales' };
const agent = (id: number, groups: AgentForAcl['groups']): AgentForAcl => ({
  id,
  login: `agent${id}`,
  firstName: 'A',
  lastName: 'Gent',
  email: `agent${id}@example.com`,
  groups,
});

describe('the seed ACL', () => {
  const records = parseAclYaml(SEED_ACL_YAML);
  const plan = planImport([], records, { overwrite: false });
  const deployed = compileAcls(plan.add.map((r) => ({ ...r })));
  const offered = (a: AgentForAcl) =>
    filterOptions({
      acls: deployed,
      properties: { User: userProperties(a), Frontend: { Action: 'AgentTicketSocialReply' } },
      returnType: 'Ticket',
      returnSubType: 'TwitterProfileID',
      data: PROFILES,
      userId: a.id,
    });

  it('imports unchanged', () => {
    expect(plan.errors).toEqual([]);
    expect(plan.add).toHaveLength(1);
    expect(records[0]).toMatchObject({
      ID: 2,
      Name: 'Limit Access to Twitter Profile',
      Comment: 'Twitter access restriction',
      Description: 'Restrict the access of members of the group “twitter” to a Twitter profile.',
      StopAfterMatch: 0,
      ValidID: 1,
      ConfigMatch: { Properties: { User: { Group_rw: ['[Not]twitter'] } } },
      ConfigChange: { PossibleNot: { Ticket: { TwitterProfileID: ['1'] } } },
      CreateBy: 'root@localhost',
      CreateTime: '2020-11-05 10:55:15',
      ChangeBy: 'root@localhost',
      ChangeTime: '2020-11-05 10:57:35',
    });
  });

  it('deploys to the run-time form Znuny writes into ZZZACL.pm', () => {
    expect(toRuntimeAcl(records[0] as (typeof records)[number])).toEqual({
      Properties: { User: { Group_rw: ['[Not]twitter'] } },
      PropertiesDatabase: {},
      Possible: {},
      PossibleAdd: {},
      PossibleNot: { Ticket: { TwitterProfileID: ['1'] } },
      StopAfterMatch: 0,
    });
  });

  it('exports byte for byte as OTRS wrote it', () => {
    expect(exportAclYaml(records)).toBe(SEED_ACL_YAML);
  });

  it.each<[string, AgentForAcl, string[]]>([
    ['an agent outside group twitter loses profile 1', agent(5, [{ name: 'users', permission: 'rw' }]), ['2']],
    ['ro in twitter is not enough (the ACL asks for Group_rw)', agent(6, [{ name: 'twitter', permission: 'ro' }]), ['2']],
    ['an agent without any group loses profile 1', agent(7, []), ['2']],
    ['a member of twitter (rw) keeps it', agent(8, [{ name: 'users', permission: 'rw' }, { name: 'twitter', permission: 'rw' }]), ['1', '2']],
    ['root@localhost keeps it', agent(1, []), ['1', '2']],
  ])('%s', (_name, a, ids) => {
    expect(Object.keys(offered(a))).toEqual(ids);
  });

  it('works the same through `parley acl eval`', () => {
    const request = (groups: string[]) =>
      JSON.parse(
        runAclEval(
          JSON.stringify({
            acls: records,
            properties: { User: { Group_rw: groups } },
            returnType: 'Ticket',
            returnSubType: 'TwitterProfileID',
            data: PROFILES,
          }),
        ),
      );
    expect(request(['users'])).toEqual({ data: { '2': 'Sales' } });
    expect(request(['twitter'])).toEqual({ data: PROFILES });
  });
});
