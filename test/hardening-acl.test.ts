// Findings of the attack review (issue 10) about ACLs: screens enforced on the API as on the pages,
// regular expressions that could freeze the process, recursive YAML aliases.
import { expect, it } from 'vitest';
import { parseAclYaml } from '../src/core/acl/index.ts';
import { compileMatcher } from '../src/core/acl/match.ts';
import { saveAgent } from '../src/core/agents/service.ts';
import { createTicket } from '../src/core/tickets/service.ts';
import { apiClient, basic, makeApp, sessionHeaders, testDeps } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';

const acl = (name: string, match: string, change: string) => `- Name: ${name}
  Comment: ''
  Description: ''
  StopAfterMatch: 0
  ValidID: 1
  ConfigMatch:
    Properties:
${match}
  ConfigChange:
    PossibleNot:
${change}
`;

const NO_ZOOM = acl('No zoom for reader', '      User:\n        UserLogin:\n        - reader', '      Action:\n      - AgentTicketZoom');

it.each(['^(a+)+$', '(a|ab)*c', '(x+x+)+y', '((a*)*)b', '(a|a)+$', '(\\w+\\s?)*$'])('refuses the catastrophic pattern %s with a clear message', (pattern) => {
  expect(() => compileMatcher(`[RegExp]${pattern}`)).toThrow(/exponential time/);
  expect(() => compileMatcher(`[Notregexp]${pattern}`)).toThrow(/exponential time/);
});

it.each(['^Sales', '\\ATwitter\\z', '^(foo|bar)$', '[a-z]+@example\\.com', '(?i)^vip'])('accepts the ordinary pattern %s', (pattern) => {
  expect(compileMatcher(`[RegExp]${pattern}`).re).toBeInstanceOf(RegExp);
});

it.each([
  ['a sequence', '&a [ *a ]'],
  ['a mapping', '- &x\n  Name: *x\n'],
  ['a deep nest', `${'['.repeat(3000)}${']'.repeat(3000)}`],
])('refuses a recursive or endless YAML file (%s) with a clear message', (_what, text) => {
  expect(() => parseAclYaml(text)).toThrow(/Invalid YAML/);
});

describeEachDialect('hardening: ACLs', ({ db, dialect }) => {
  const setup = async () => {
    const app = makeApp(testDeps(db(), dialect));
    const users = await db().selectFrom('groups').select('id').where('name', '=', 'users').executeTakeFirstOrThrow();
    await saveAgent(db(), 1, null, { login: 'reader', firstName: 'R', lastName: 'R', email: 'r@example.com', password: 'reader-password-1', groups: [{ groupId: users.id, permission: 'rw' }] });
    const raw = await db().selectFrom('queues').select('id').where('name', '=', 'Raw').executeTakeFirstOrThrow();
    const ticket = await createTicket(db(), { title: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', queueId: raw.id }, 1);
    const root = apiClient(app);
    const yaml = (text: string) => root.call('POST', '/api/v1/acls', text, { 'content-type': 'application/yaml' });
    return { app, root, yaml, ticket, reader: apiClient(app, basic('reader', 'reader-password-1')) };
  };

  it('closes a ticket, its articles and its history to the API when an ACL takes AgentTicketZoom away', async () => {
    const { app, root, yaml, ticket, reader } = await setup();
    const paths = [`/api/v1/tickets/${ticket.id}`, `/api/v1/tickets/${ticket.id}/articles`, `/api/v1/tickets/${ticket.id}/history`];
    for (const p of paths) expect([p, (await reader.get(p)).status]).toEqual([p, 200]);
    expect((await yaml(NO_ZOOM)).status).toBe(201);
    expect((await root.post('/api/v1/acls/deploy')).status).toBe(200);
    for (const p of paths) {
      const res = await reader.get(p);
      expect([p, res.status, res.body.error.code]).toEqual([p, 403, 'forbidden']);
      expect(res.body.error.message).toMatch(/AgentTicketZoom/);
      expect([p, (await root.get(p)).status]).toEqual([p, 200]);
    }
    // The page and its live parts say the same.
    const headers = await sessionHeaders(app, 'reader', 'reader-password-1');
    for (const p of [`/tickets/${ticket.id}`, `/ui/tickets/${ticket.id}/poll?after=0`, `/ui/tickets/${ticket.id}/articles?before=0`]) {
      expect([p, (await app.request(p, { headers })).status]).toEqual([p, 403]);
    }
  });

  it('refuses a catastrophic regular expression at import with 400 and imports nothing', async () => {
    const { yaml } = await setup();
    const res = await yaml(acl('Freeze', '      Ticket:\n        Title:\n        - "[RegExp]^(a+)+$"', '      Action:\n      - AgentTicketNote'));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/ACL "Freeze".*exponential time/s);
    expect(await db().selectFrom('acls').select('id').execute()).toHaveLength(0);
  });

  it('refuses to deploy a catastrophic regular expression stored before the rule existed', async () => {
    const { root, yaml } = await setup();
    expect((await yaml(acl('Old', '      Ticket:\n        Title:\n        - "[RegExp]^a"', '      Action:\n      - AgentTicketNote'))).status).toBe(201);
    const row = await db().selectFrom('acls').selectAll().executeTakeFirstOrThrow();
    await db().updateTable('acls').set({ config_match: row.config_match.replace('^a', '^(a+)+$') }).execute();
    const res = await root.post('/api/v1/acls/deploy');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/Nothing was deployed: ACL "Old".*exponential time/s);
    expect(await db().selectFrom('acl_deployments').select('id').execute()).toHaveLength(0);
  });

  it('answers a recursive YAML alias in an import with 400', async () => {
    const { yaml } = await setup();
    const res = await yaml('- &a\n  Name: *a\n');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/alias \*a refers to a node that contains it/);
  });
});
