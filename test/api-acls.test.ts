// /api/v1/acls on both databases: import of the seed's OTRS export unchanged, export back, deploy
// and its status, the errors that import nothing, overwrite, one ACL's export, copy, JSON create and
// PATCH, validity, and who may use it.
import { expect, it } from 'vitest';
import { exportAclYaml, parseAclYaml, SEED_ACL_YAML } from '../src/core/acl/index.ts';
import { saveAgent } from '../src/core/agents/service.ts';
import { apiClient, basic, makeApp, ROOT_AUTH, testDeps } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';

const SECOND = `---
- Name: 10-Juniors no priority
  Comment: juniors
  Description: ''
  StopAfterMatch: 1
  ValidID: 1
  ConfigMatch:
    Properties:
      User:
        UserLogin:
        - junior
  ConfigChange:
    PossibleNot:
      Action:
      - AgentTicketPriority
`;

describeEachDialect('ACL REST API', ({ db, dialect }) => {
  const setup = () => {
    const app = makeApp(testDeps(db(), dialect));
    const api = apiClient(app);
    const yaml = (path: string, text: string, type = 'application/yaml') => api.call('POST', path, text, { 'content-type': type });
    const exportText = async (query = '') => {
      const res = await app.request(`/api/v1/acls/export${query}`, { headers: { authorization: ROOT_AUTH } });
      return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
    };
    return { app, api, yaml, exportText };
  };
  const aclRows = () => db().selectFrom('acls').selectAll().orderBy('id').execute();

  it('imports the seed export unchanged, exports it back in OTRS format, and deploys it', async () => {
    const { api, yaml, exportText } = setup();
    const imported = await yaml('/api/v1/acls', SEED_ACL_YAML);
    expect(imported.status).toBe(201);
    expect(imported.body).toEqual({ added: ['Limit Access to Twitter Profile'], updated: [] });

    const list = await api.get('/api/v1/acls');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    const [acl] = list.body.items;
    expect(acl).toMatchObject({ validity: 'valid', state: 'new', changedSinceDeploy: true });
    const seed = parseAclYaml(SEED_ACL_YAML)[0]!;
    // Import ignores ID and audit fields (Znuny's ACLImport): the rest is the seed's record.
    const { ID: _id, CreateBy: _cb, CreateTime: _ct, ChangeBy: _chb, ChangeTime: _cht, ...editable } = seed;
    expect(acl.record).toMatchObject(editable);
    expect(acl.record).toMatchObject({ ID: acl.id, CreateBy: 'root@localhost', ChangeBy: 'root@localhost' });
    expect(acl.record.CreateTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect((await api.get(`/api/v1/acls/${acl.id}`)).body).toEqual(acl);

    const exported = await exportText();
    expect(exported.status).toBe(200);
    expect(exported.type).toMatch(/^application\/yaml/);
    const back = parseAclYaml(exported.text);
    expect(back).toEqual([acl.record]);
    // With the seed's own ID and audit fields, the export is the seed's text byte for byte.
    expect(exportAclYaml([{ ...back[0]!, ID: seed.ID, CreateBy: seed.CreateBy, CreateTime: seed.CreateTime, ChangeBy: seed.ChangeBy, ChangeTime: seed.ChangeTime }])).toBe(SEED_ACL_YAML);

    expect((await api.get('/api/v1/acls/status')).body).toMatchObject({ inSync: false, deployment: null, pending: [{ id: acl.id, state: 'new' }] });
    const deployed = await api.post('/api/v1/acls/deploy');
    expect(deployed.status).toBe(200);
    expect(deployed.body).toMatchObject({ deployedBy: 'root@localhost', names: ['Limit Access to Twitter Profile'] });
    const status = await api.get('/api/v1/acls/status');
    expect(status.body).toMatchObject({ inSync: true, pending: [], deployment: { id: deployed.body.id, deployedBy: 'root@localhost' } });
    expect((await api.get(`/api/v1/acls/${acl.id}`)).body).toMatchObject({ state: 'deployed', changedSinceDeploy: false });
    const snapshot = await db().selectFrom('acl_deployments').selectAll().executeTakeFirstOrThrow();
    expect(JSON.parse(snapshot.acls)).toEqual([acl.record]);

    // An edit is a draft: the ACL is marked until the next deploy.
    const patched = await api.patch(`/api/v1/acls/${acl.id}`, { Comment: 'edited' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ state: 'changed', changedSinceDeploy: true, record: { Comment: 'edited' } });
    expect((await api.get('/api/v1/acls/status')).body.inSync).toBe(false);
    // Undoing the edit is in sync again: the comparison is with what was deployed.
    await api.patch(`/api/v1/acls/${acl.id}`, { Comment: seed.Comment });
    expect((await api.get('/api/v1/acls/status')).body.inSync).toBe(true);
  });

  // A sound ACL leads each file: it must not be imported either (one transaction).
  const GOOD = SEED_ACL_YAML;
  it.each([
    ['bad YAML', `${GOOD}- Name: X\n  Comment: [unclosed\n`, /Invalid YAML at line \d+/, 'file'],
    ['an unknown key', `${GOOD}${SEED_ACL_YAML.slice(4).replace('Name: Limit', 'Name: Other').replace('      User:\n', '      Usr:\n')}`, /ACL "Other Access to Twitter Profile": unknown key "ConfigMatch\.Properties\.Usr"/, 'ACL "Other Access to Twitter Profile".ConfigMatch.Properties.Usr'],
    ['a scalar where OTRS wants a list', `${GOOD}${SECOND.slice(4).replace('10-Juniors', '11-Juniors').replace('      Action:\n      - AgentTicketPriority', '      Action: AgentTicketPriority')}`, /ACL "11-Juniors no priority": "ConfigChange\.PossibleNot\.Action" must be a list/, 'ACL "11-Juniors no priority".ConfigChange.PossibleNot.Action'],
    ['an ACL without a name', `${GOOD}- Comment: nameless\n`, /ACL #2: "Name" is required/, 'ACL #2.Name'],
    ['a name twice in the file', `${GOOD}${SEED_ACL_YAML.slice(4).replace('Name: Limit', 'Name: LIMIT')}`, /the name is used more than once/, 'ACL "Limit Access to Twitter Profile".Name'],
    ['not a list of ACLs', 'Name: X\n', /YAML list of ACLs/, 'file'],
  ])('refuses %s with 400 naming the ACL and the key, and imports nothing', async (_what, text, message, field) => {
    const { api, yaml } = setup();
    await yaml('/api/v1/acls', SECOND);
    const before = await aclRows();
    const res = await yaml('/api/v1/acls', text);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_input');
    expect(res.body.error.message).toMatch(message);
    expect(res.body.error.field).toBe(field);
    expect(await aclRows()).toEqual(before);
    expect((await api.get('/api/v1/acls')).body.total).toBe(1);
  });

  it('refuses a name that exists (ignoring case) without overwrite; overwrite updates it', async () => {
    const { api, yaml } = setup();
    await yaml('/api/v1/acls', SEED_ACL_YAML);
    const before = await aclRows();
    const both = `${SECOND}${SEED_ACL_YAML.replace('---\n', '').replace('StopAfterMatch: 0', 'StopAfterMatch: 1')}`;
    const dup = await yaml('/api/v1/acls', both, 'text/yaml');
    expect(dup.status).toBe(400);
    expect(dup.body.error).toMatchObject({ field: 'ACL "Limit Access to Twitter Profile".Name', failed: ['Limit Access to Twitter Profile'] });
    expect(dup.body.error.message).toMatch(/"Limit Access to Twitter Profile" already exists/);
    expect(await aclRows()).toEqual(before);

    const upper = await yaml('/api/v1/acls?overwrite=true', SEED_ACL_YAML.replace('Name: Limit Access to Twitter Profile', 'Name: LIMIT ACCESS TO TWITTER PROFILE'));
    expect(upper.status).toBe(400);
    expect(upper.body.error.message).toMatch(/differs only in case/);

    const over = await yaml('/api/v1/acls?overwrite=true', both);
    expect(over.status).toBe(201);
    expect(over.body).toEqual({ added: ['10-Juniors no priority'], updated: ['Limit Access to Twitter Profile'] });
    const rows = await aclRows();
    expect(rows.map((r) => [r.id, r.name, r.stop_after_match])).toEqual([
      [before[0]!.id, 'Limit Access to Twitter Profile', 1],
      [before[0]!.id + 1, '10-Juniors no priority', 1],
    ]);
    const again = await yaml('/api/v1/acls?overwrite=1', SECOND);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ added: [], updated: ['10-Juniors no priority'] });
  });

  it('exports one ACL by name, copies, and leaves invalid ACLs out of the deployment (but in the export)', async () => {
    const { api, yaml, exportText } = setup();
    await yaml('/api/v1/acls', `${SEED_ACL_YAML}${SECOND.replace('---\n', '')}`);
    const one = await exportText('?name=10-juniors%20NO%20priority');
    expect(one.status).toBe(200);
    expect(parseAclYaml(one.text).map((r) => r.Name)).toEqual(['10-Juniors no priority']);
    expect((await exportText('?name=nope')).status).toBe(404);

    const seedId = (await aclRows())[0]!.id;
    const copy = await api.post(`/api/v1/acls/${seedId}/copy`);
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ state: 'new', record: { Name: 'Limit Access to Twitter Profile (copy)', ConfigChange: { PossibleNot: { Ticket: { TwitterProfileID: ['1'] } } } } });
    expect((await api.post(`/api/v1/acls/${seedId}/copy`)).body.record.Name).toBe('Limit Access to Twitter Profile (copy 2)');
    expect((await api.post('/api/v1/acls/999/copy')).status).toBe(404);

    const off = await api.patch(`/api/v1/acls/${copy.body.id}`, { validity: 'invalid' });
    expect(off.body).toMatchObject({ validity: 'invalid', state: 'inactive', record: { ValidID: 2 } });
    await api.patch(`/api/v1/acls/${seedId}`, { ValidID: 3 });
    const deployed = await api.post('/api/v1/acls/deploy');
    expect([...deployed.body.names].sort()).toEqual(['10-Juniors no priority', 'Limit Access to Twitter Profile (copy 2)']);
    expect((await api.get('/api/v1/acls/status')).body.inSync).toBe(true);
    // The export holds every ACL, the invalid ones too, in ID order.
    expect(parseAclYaml((await exportText()).text).map((r) => [r.Name, r.ValidID])).toEqual([
      ['Limit Access to Twitter Profile', 3],
      ['10-Juniors no priority', 1],
      ['Limit Access to Twitter Profile (copy)', 2],
      ['Limit Access to Twitter Profile (copy 2)', 1],
    ]);
    // A deployed ACL made invalid is "removed" until the next deploy.
    await api.patch(`/api/v1/acls/${seedId}`, { validity: 'valid' });
    await api.post('/api/v1/acls/deploy');
    const removed = await api.patch(`/api/v1/acls/${seedId}`, { validity: 'invalid-temporarily' });
    expect(removed.body).toMatchObject({ state: 'removed', changedSinceDeploy: true });
  });

  it('creates one ACL from an OTRS-shaped JSON record and refuses bad ones naming the key', async () => {
    const { api } = setup();
    const record = parseAclYaml(SEED_ACL_YAML)[0]!;
    const created = await api.post('/api/v1/acls', record);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'new', record: { Name: record.Name, ConfigMatch: record.ConfigMatch, ConfigChange: record.ConfigChange, CreateBy: 'root@localhost' } });
    expect(created.body.record.ID).toBe(created.body.id);

    const dup = await api.post('/api/v1/acls', { ...record, Name: record.Name.toUpperCase() });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'conflict', field: 'Name' });

    const bad = await api.post('/api/v1/acls', { Name: 'Bad', ConfigMatch: { Properties: { Usr: { Group_rw: ['x'] } } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ field: 'ConfigMatch.Properties.Usr', message: 'ACL "Bad": unknown key "ConfigMatch.Properties.Usr"' });
    const regexp = await api.patch(`/api/v1/acls/${created.body.id}`, { ConfigMatch: { Properties: { User: { UserLogin: ['[RegExp](unclosed'] } } } });
    expect(regexp.status).toBe(400);
    expect(regexp.body.error.field).toBe('ConfigMatch.Properties.User.UserLogin[0]');
    expect((await api.patch(`/api/v1/acls/${created.body.id}`, { validity: 'gone' })).status).toBe(400);
    expect((await api.patch('/api/v1/acls/999', { Comment: 'x' })).status).toBe(404);
    expect((await api.call('POST', '/api/v1/acls', 'Name: x', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await api.call('POST', '/api/v1/acls', '{"Name":', { 'content-type': 'application/json' })).body.error.field).toBe('body');
    expect((await api.get('/api/v1/acls')).body.total).toBe(1);
    expect((await api.delete(`/api/v1/acls/${created.body.id}`)).status).toBe(405);
  });

  it('is for administrators only, and documented in the OpenAPI document', async () => {
    const { app } = setup();
    const users = await db().selectFrom('groups').select('id').where('name', '=', 'users').executeTakeFirstOrThrow();
    await saveAgent(db(), 1, null, { login: 'anna', firstName: 'Anna', lastName: 'Agent', email: 'anna@example.com', password: 'anna-password-1', groups: [{ groupId: users.id, permission: 'rw' }] });
    const anna = apiClient(app, basic('anna', 'anna-password-1'));
    expect((await anna.get('/api/v1/acls')).status).toBe(403);
    expect((await anna.call('POST', '/api/v1/acls', SEED_ACL_YAML, { 'content-type': 'application/yaml' })).status).toBe(403);
    expect((await anna.post('/api/v1/acls/deploy')).status).toBe(403);
    expect(await aclRows()).toEqual([]);
    const doc = (await apiClient(app).get('/api/openapi.json')).body;
    for (const p of ['/acls', '/acls/{id}', '/acls/export', '/acls/deploy', '/acls/status', '/acls/{id}/copy']) expect(doc.paths).toHaveProperty([p]);
    expect(Object.keys(doc.paths['/acls'].post.requestBody.content)).toEqual(expect.arrayContaining(['application/yaml', 'application/json']));
    expect(doc.components.schemas).toHaveProperty('AclRecord');
    expect(doc.components.schemas).toHaveProperty('AclPatch');
  });
});
