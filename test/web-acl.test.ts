// The admin module "Access Control Lists (ACL)" as pages and forms (no browser): import of an OTRS
// file, the "not deployed / not in sync" banner and markers, deploy, the structured editor with its
// errors next to the row, copy and export, through a logged-in session (the browser test posts the
// real forms).
import { expect, it } from 'vitest';
import { parseAclYaml, SEED_ACL_YAML } from '../src/core/acl/index.ts';
import { saveAgent } from '../src/core/agents/service.ts';
import { basic, makeApp, ROOT_AUTH, sessionHeadersFor, testDeps } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';

describeEachDialect('ACL admin pages', ({ db, dialect }) => {
  const setup = (auth = ROOT_AUTH) => {
    const app = makeApp(testDeps(db(), dialect));
    let session: Promise<Record<string, string>> | null = null;
    const headers = () => (session ??= sessionHeadersFor(app, auth));
    const get = async (path: string) => {
      const res = await app.request(path, { headers: await headers() });
      return { status: res.status, html: await res.text(), headers: res.headers };
    };
    const post = async (path: string, fields: Record<string, string>) => {
      const res = await app.request(path, { method: 'POST', headers: { ...(await headers()), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
      return { status: res.status, html: await res.text(), location: res.headers.get('location') };
    };
    const upload = async (text: string | null, overwrite = false) => {
      const fd = new FormData();
      if (text !== null) fd.append('file', new File([text], 'Export_ACL.yml', { type: 'application/x-yaml' }));
      if (overwrite) fd.append('overwrite', '1');
      const res = await app.request('/admin/acl/import', { method: 'POST', headers: await headers(), body: fd });
      return { status: res.status, html: await res.text(), location: res.headers.get('location') };
    };
    return { app, get, post, upload };
  };
  const rows = () => db().selectFrom('acls').selectAll().orderBy('id').execute();
  /** The form fields of the editor page, as a browser would post them back. */
  const fieldsOf = (html: string): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const m of html.matchAll(/<input (?:(?!>).)*?name="([^"]+)"(?:(?!>).)*?value="([^"]*)"/g)) if (!/type="checkbox"/.test(m[0]) || /checked/.test(m[0])) out[m[1]!] = decode(m[2]!);
    for (const m of html.matchAll(/<textarea [^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) out[m[1]!] = decode(m[2]!);
    for (const m of html.matchAll(/<select [^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) out[m[1]!] = decode(/<option value="([^"]*)" selected/.exec(m[2]!)?.[1] ?? '');
    delete out['_csrf'];
    return out;
  };
  const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

  it('imports an OTRS file as drafts, says they are not deployed, deploys, and says in sync', async () => {
    const { get, post, upload } = setup();
    expect((await get('/admin/acl')).html).toMatch(/No ACLs yet/);

    const imported = await upload(SEED_ACL_YAML);
    expect(imported.status).toBe(303);
    expect(decodeURIComponent(imported.location!)).toMatch(/ACLs imported \(added Limit Access to Twitter Profile\)/);
    const list = await get('/admin/acl');
    expect(list.html).toMatch(/ACLs are not deployed/);
    expect(list.html).toMatch(/new: not deployed/);
    expect(list.html).toMatch(/data-filter="Limit Access to Twitter Profile Twitter access restriction"/);

    const deployed = await post('/admin/acl/deploy', {});
    expect(deployed.status).toBe(303);
    const after = await get('/admin/acl');
    expect(after.html).toMatch(/ACLs are in sync/);
    expect(after.html).not.toMatch(/not deployed|changed since deploy/);
  });

  it('refuses a bad file or none, naming the ACL and the key, and imports nothing', async () => {
    const { upload } = setup();
    await upload(SEED_ACL_YAML);
    const before = await rows();
    const bad = await upload(`${SEED_ACL_YAML}${SEED_ACL_YAML.slice(4).replace('Name: Limit', 'Name: Other').replace('      User:\n', '      Usr:\n')}`, true);
    expect(bad.status).toBe(400);
    expect(bad.html).toMatch(/Nothing was imported from Export_ACL.yml/);
    expect(bad.html).toContain('ACL &quot;Other Access to Twitter Profile&quot;: unknown key &quot;ConfigMatch.Properties.Usr&quot;');
    const dup = await upload(SEED_ACL_YAML);
    expect(dup.status).toBe(400);
    expect(dup.html).toMatch(/already exists \(choose &quot;overwrite&quot; to update it\)/);
    expect((await upload(null)).html).toMatch(/Choose a file/);
    expect(await rows()).toEqual(before);
    expect((await upload(SEED_ACL_YAML.replace('StopAfterMatch: 0', 'StopAfterMatch: 1'), true)).status).toBe(303);
    expect((await rows())[0]!.stop_after_match).toBe(1);
  });

  it('edits an ACL in the structured editor, with errors next to the row, and marks it changed', async () => {
    const { get, post, upload } = setup();
    await upload(SEED_ACL_YAML);
    await post('/admin/acl/deploy', {});
    const [row] = await rows();
    const page = await get(`/admin/acl/${row!.id}`);
    expect(page.status).toBe(200);
    const fields = fieldsOf(page.html);
    expect(fields).toMatchObject({ Name: 'Limit Access to Twitter Profile', 'm.0.set': 'Properties', 'm.0.group': 'User', 'm.0.key': 'Group_rw', 'm.0.values': '[Not]twitter', 'c.0.kind': 'PossibleNot', 'c.0.type': 'Ticket', 'c.0.field': 'TwitterProfileID', 'c.0.values': '1', validity: 'valid' });

    // "Add condition" returns the form with one more row and saves nothing.
    const added = await post(`/admin/acl/${row!.id}`, { ...fields, op: 'add-match' });
    expect(added.status).toBe(200);
    expect(fieldsOf(added.html)).toMatchObject({ 'm.1.key': '', 'm.0.key': 'Group_rw' });
    expect(await rows()).toEqual([row]);

    const bad = await post(`/admin/acl/${row!.id}`, { ...fields, 'm.1.set': 'Properties', 'm.1.group': 'Ticket', 'm.1.key': 'Queue', 'm.1.values': '[RegExp](oops', op: 'save' });
    expect(bad.status).toBe(400);
    expect(bad.html).toMatch(/<p class="error-text" id="e-m\.1" role="alert">&quot;ConfigMatch\.Properties\.Ticket\.Queue\[0\]&quot; is not a valid regular expression/);
    expect(fieldsOf(bad.html)['m.1.values']).toBe('[RegExp](oops');
    expect(await rows()).toEqual([row]);

    const saved = await post(`/admin/acl/${row!.id}`, { ...fields, 'm.1.set': 'Properties', 'm.1.group': 'Ticket', 'm.1.key': 'Queue', 'm.1.values': 'Raw\r\nMisc', op: 'finish' });
    expect(saved.status).toBe(303);
    expect(saved.location).toMatch(/^\/admin\/acl\?saved=/);
    const stored = await rows();
    expect(JSON.parse(stored[0]!.config_match)).toEqual({ Properties: { User: { Group_rw: ['[Not]twitter'] }, Ticket: { Queue: ['Raw', 'Misc'] } } });
    expect((await get('/admin/acl')).html).toMatch(/ACLs are not in sync: 1 change since the last deploy[\s\S]*changed since deploy/);
    expect((await get(`/admin/acl/${row!.id}`)).html).toMatch(/This ACL has changed since the last deploy/);

    const dupName = await post('/admin/acl/new', { Name: 'LIMIT ACCESS TO TWITTER PROFILE', validity: 'valid', op: 'save' });
    expect(dupName.status).toBe(400);
    expect(dupName.html).toMatch(/id="e-Name" role="alert">An ACL named &quot;Limit Access to Twitter Profile&quot; already exists/);
  });

  it('creates, copies and exports one ACL', async () => {
    const { get, post } = setup();
    const created = await post('/admin/acl/new', {
      Name: 'Interns',
      Comment: 'read only',
      validity: 'valid',
      StopAfterMatch: '1',
      'm.0.set': 'Properties',
      'm.0.group': 'User',
      'm.0.key': 'UserLogin',
      'm.0.values': 'intern',
      'c.0.kind': 'PossibleNot',
      'c.0.type': 'Action',
      'c.0.field': '',
      'c.0.values': 'AgentTicketCompose\nAgentTicketSocialNew',
      op: 'save',
    });
    expect(created.status).toBe(303);
    const id = Number(/\/admin\/acl\/(\d+)\?/.exec(created.location!)![1]);
    const copied = await post(`/admin/acl/${id}/copy`, {});
    expect(copied.status).toBe(303);
    expect(decodeURIComponent(copied.location!)).toMatch(/Copied as "Interns \(copy\)"/);
    const res = await get(`/admin/acl/${id}/export`);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="Export_ACL_Interns.yml"');
    expect(parseAclYaml(res.html)).toEqual([
      expect.objectContaining({ Name: 'Interns', Comment: 'read only', StopAfterMatch: 1, ConfigMatch: { Properties: { User: { UserLogin: ['intern'] } } }, ConfigChange: { PossibleNot: { Action: ['AgentTicketCompose', 'AgentTicketSocialNew'] } } }),
    ]);
    const all = await get('/admin/acl/export');
    expect(parseAclYaml(all.html).map((r) => r.Name)).toEqual(['Interns', 'Interns (copy)']);
    expect((await get('/admin/acl/999')).status).toBe(404);
  });

  it('is for administrators only', async () => {
    const users = await db().selectFrom('groups').select('id').where('name', '=', 'users').executeTakeFirstOrThrow();
    await saveAgent(db(), 1, null, { login: 'anna', firstName: 'Anna', lastName: 'Agent', email: 'anna@example.com', password: 'anna-password-1', groups: [{ groupId: users.id, permission: 'rw' }] });
    const { get, post } = setup(basic('anna', 'anna-password-1'));
    expect((await get('/admin/acl')).status).toBe(403);
    expect((await post('/admin/acl/deploy', {})).status).toBe(403);
    expect(await db().selectFrom('acl_deployments').selectAll().execute()).toEqual([]);
  });
});
