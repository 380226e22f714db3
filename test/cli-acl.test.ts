// `parley acl …` as an administrator runs it: eval without a database (the example), and
// import/export/deploy against a SQLite file, with their exit codes (0 done, 1 refused, 2 usage).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAclYaml, SEED_ACL_YAML } from '../src/core/acl/index.ts';
import { openDatabase } from '../src/db/connect.ts';
import { parley } from './helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'parley-acl-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parley acl eval', () => {
  const request = (groups: string[]) =>
    JSON.stringify({
      acls: parseAclYaml(SEED_ACL_YAML),
      properties: { User: { UserLogin: 'anna', Group_rw: groups }, Ticket: { Queue: 'Raw' }, Frontend: { Action: 'AgentTicketCompose' } },
      propertiesDatabase: {},
      returnType: 'Ticket',
      returnSubType: 'TwitterProfileID',
      data: { '1': 'Support', '2': 'Sales' },
    });

  it('prints the options that remain, with no database at all', async () => {
    const outside = await parley(['acl', 'eval'], { stdin: request(['users']), env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } });
    expect(outside).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(outside.stdout)).toEqual({ data: { '2': 'Sales' } });
    const member = await parley(['acl', 'eval'], { stdin: request(['twitter', 'users']) });
    expect(member.code).toBe(0);
    expect(JSON.parse(member.stdout)).toEqual({ data: { '1': 'Support', '2': 'Sales' } });
  }, 30_000);

  it('explains bad input with exit code 1, and wrong usage with 2', async () => {
    const bad = await parley(['acl', 'eval'], { stdin: '{"acls": [' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/input: The input is not valid JSON/);
    expect(bad.stdout).toBe('');
    const unknown = await parley(['acl', 'eval'], { stdin: JSON.stringify({ acls: [{ Name: 'X', ConfigMatch: { Properties: { Usr: {} } } }], returnType: 'Action', data: [] }) });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/ACL "X": unknown key "ConfigMatch.Properties.Usr"/);
    const usage = await parley(['acl', 'frobnicate']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/Unknown acl command: frobnicate[\s\S]*acl import FILE/);
  }, 30_000);
});

describe('parley acl import / export / deploy', () => {
  const env = { DATABASE_URL: `sqlite:${join(dir, 'parley.db')}` };
  const seedFile = join(dir, 'seed.yml');
  writeFileSync(seedFile, SEED_ACL_YAML);

  it('imports the seed, refuses it again without --overwrite, exports it and deploys it', async () => {
    const first = await parley(['acl', 'import', seedFile], { env });
    expect(first.stderr).toBe('');
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toMatch(/Added \(1\): Limit Access to Twitter Profile/);

    const again = await parley(['acl', 'import', seedFile], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/"Limit Access to Twitter Profile" already exists[\s\S]*Nothing was imported/);

    const over = await parley(['acl', 'import', '--overwrite', seedFile], { env });
    expect(over.code).toBe(0);
    expect(over.stdout).toMatch(/Updated \(1\): Limit Access to Twitter Profile/);

    const exported = await parley(['acl', 'export'], { env });
    expect(exported.code).toBe(0);
    const [record] = parseAclYaml(exported.stdout);
    const seed = parseAclYaml(SEED_ACL_YAML)[0]!;
    expect(record).toMatchObject({ Name: seed.Name, Comment: seed.Comment, Description: seed.Description, ConfigMatch: seed.ConfigMatch, ConfigChange: seed.ConfigChange, ValidID: 1 });
    expect((await parley(['acl', 'export', '--name', 'limit access to twitter profile'], { env })).stdout).toBe(exported.stdout);
    const missing = await parley(['acl', 'export', '--name', 'Nope'], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/ACL "Nope" was not found/);

    const deployed = await parley(['acl', 'deploy'], { env });
    expect(deployed).toMatchObject({ code: 0, stdout: 'Deployed 1 ACL: Limit Access to Twitter Profile.\n' });
    const database = openDatabase(env.DATABASE_URL, {});
    try {
      const rows = await database.db.selectFrom('acl_deployments').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]!.deployed_by).toBe('root@localhost');
      expect(JSON.parse(rows[0]!.acls)).toEqual([record]);
    } finally {
      await database.close();
    }
  }, 60_000);

  it('names the problem of a bad file and of wrong usage', async () => {
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, SEED_ACL_YAML.replace('Name: Limit', 'Name: Other').replace('      User:\n', '      Usr:\n'));
    const refused = await parley(['acl', 'import', bad], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/ACL "Other Access to Twitter Profile": unknown key "ConfigMatch.Properties.Usr"\nNothing was imported/);
    const nofile = await parley(['acl', 'import', join(dir, 'missing.yml')], { env });
    expect(nofile.code).toBe(1);
    expect(nofile.stderr).toMatch(/Cannot read .*missing.yml: no such file/);
    expect((await parley(['acl', 'import'], { env })).code).toBe(2);
    expect((await parley(['acl', 'export', '--nmae', 'x'], { env })).code).toBe(2);
  }, 60_000);
});
