// Issue 11, point 8: the older admin forms (queues, groups, agents) show every field's error at
// once, each as a red line under its field, and the REST API names the first in `field` and all of
// them in `fields`. A wrong form changes nothing.
import { expect, it } from 'vitest';
import { apiClient, makeApp, ROOT_AUTH, sessionHeadersFor, testDeps } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';

describeEachDialect('admin forms: every field error at once', ({ db, dialect }) => {
  const setup = () => {
    const app = makeApp(testDeps(db(), dialect));
    let session: Promise<Record<string, string>> | null = null;
    const headers = () => (session ??= sessionHeadersFor(app, ROOT_AUTH));
    const post = async (path: string, fields: Record<string, string>) => {
      const res = await app.request(path, { method: 'POST', headers: { ...(await headers()), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
      return { status: res.status, html: await res.text() };
    };
    return { app, post, api: apiClient(app) };
  };
  /** The red lines of a form page: field name → message. */
  const redLines = (html: string): Record<string, string> =>
    Object.fromEntries([...html.matchAll(/<p class="error-text" id="e-([^"]+)" role="alert">([^<]*)<\/p>/g)].map((m) => [m[1]!, m[2]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')]));
  const count = async (table: 'queues' | 'groups' | 'agents') => Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const longComment = 'x'.repeat(2001);

  it('the queue form shows name, group, comment and validity errors together; the API lists them all', async () => {
    const { post, api } = setup();
    const before = await count('queues');
    const page = await post('/admin/queues/new', { name: '  ', groupId: '', followUp: 'possible', followUpLock: '0', comment: longComment, validity: 'bogus' });
    expect(page.status).toBe(400);
    expect(redLines(page.html)).toEqual({
      name: 'Name is required.',
      groupId: 'Group is required.',
      comment: 'Comment may be at most 2000 characters long.',
      validity: 'Validity must be valid, invalid or invalid-temporarily.',
    });
    // Checked by the service (the JSON schema lets a blank name and an unknown group through).
    const service = await api.post('/api/v1/queues', { name: '   ', groupId: 999999, followUp: 'possible' });
    expect(service.status).toBe(400);
    expect(service.body.error).toMatchObject({ code: 'invalid_input', field: 'name', message: 'Name is required.' });
    expect(service.body.error.fields).toEqual({ name: 'Name is required.', groupId: 'Group 999999 was not found.' });
    // An unknown group alone is still "not found".
    const alone = await api.post('/api/v1/queues', { name: 'Fine', groupId: 999999 });
    expect(alone.status).toBe(404);
    expect(alone.body.error).toMatchObject({ code: 'not_found', field: 'groupId' });
    // Checked by the JSON schema: every offending field too.
    const schema = await api.post('/api/v1/queues', { name: '', groupId: 0, followUp: 'later' });
    expect(schema.status).toBe(400);
    expect(schema.body.error.field).toBe('name');
    expect(Object.keys(schema.body.error.fields).sort()).toEqual(['followUp', 'groupId', 'name']);
    expect(await count('queues')).toBe(before);
  });

  it('the group form shows name, comment and validity errors together; the API lists them all', async () => {
    const { post, api } = setup();
    const before = await count('groups');
    const page = await post('/admin/groups/new', { name: '', comment: longComment, validity: 'bogus' });
    expect(page.status).toBe(400);
    expect(redLines(page.html)).toEqual({
      name: 'Name is required.',
      comment: 'Comment may be at most 2000 characters long.',
      validity: 'Validity must be valid, invalid or invalid-temporarily.',
    });
    const service = await api.post('/api/v1/groups', { name: ' ', members: [{ agentId: 1, permission: 'rw' }, { agentId: 1, permission: 'rw' }] });
    expect(service.status).toBe(400);
    expect(service.body.error).toMatchObject({ code: 'invalid_input', field: 'name', fields: { name: 'Name is required.' } });
    const schema = await api.post('/api/v1/groups', { name: '', validity: 'bogus' });
    expect(schema.status).toBe(400);
    expect(schema.body.error.field).toBe('name');
    expect(Object.keys(schema.body.error.fields).sort()).toEqual(['name', 'validity']);
    // The admin group keeps its name and stays valid, beside the other mistakes.
    const admin = await db().selectFrom('groups').select('id').where('name', '=', 'admin').executeTakeFirstOrThrow();
    const guarded = await post(`/admin/groups/${admin.id}`, { name: 'admins', comment: longComment, validity: 'valid', member_1: 'rw' });
    expect(guarded.status).toBe(400);
    expect(Object.keys(redLines(guarded.html)).sort()).toEqual(['comment', 'name']);
    expect(await count('groups')).toBe(before);
  });

  it('the agent form shows login, names, email and password errors together; the API lists them all', async () => {
    const { post, api } = setup();
    const before = await count('agents');
    const page = await post('/admin/agents/new', { login: 'anna schmidt', firstName: '', lastName: ' ', email: 'anna', password: 'short', validity: 'valid' });
    expect(page.status).toBe(400);
    expect(redLines(page.html)).toEqual({
      login: 'Login may not contain spaces.',
      firstName: 'First name is required.',
      lastName: 'Last name is required.',
      email: 'Email must look like name@example.com.',
      password: 'Password must be at least 8 characters long.',
    });
    // What the form was given stays in it.
    expect(page.html).toContain('value="anna schmidt"');
    const service = await api.post('/api/v1/agents', { login: 'a b', firstName: ' ', lastName: 'Schmidt', email: 'nope' });
    expect(service.status).toBe(400);
    expect(service.body.error).toMatchObject({ code: 'invalid_input', field: 'login', message: 'Login may not contain spaces.' });
    expect(service.body.error.fields).toEqual({
      login: 'Login may not contain spaces.',
      firstName: 'First name is required.',
      email: 'Email must look like name@example.com.',
      password: 'Password is required.',
    });
    const schema = await api.post('/api/v1/agents', { login: '', firstName: 'Anna', lastName: '', email: 'a@example.com', password: 'short' });
    expect(schema.status).toBe(400);
    expect(schema.body.error.field).toBe('login');
    expect(Object.keys(schema.body.error.fields).sort()).toEqual(['lastName', 'login', 'password']);
    // root stays valid and keeps its login, reported beside the other fields.
    const root = await api.patch('/api/v1/agents/1', { validity: 'invalid', email: 'root' });
    expect(root.status).toBe(400);
    expect(root.body.error.fields).toEqual({ email: 'Email must look like name@example.com.', validity: expect.any(String) });
    expect(await count('agents')).toBe(before);
  });
});
