import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSim, type SimFixture, type TestAccount } from '../sim/x/testing.ts';
import { createWorker } from '../src/worker/worker.ts';
import { apiClient, basic, makeApp, testDeps } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';

// /api/v1/social-media-profiles against the X simulator: the guided setup through the API, its
// errors, who may use it, and where the secrets must never show up.

let sim: SimFixture;
beforeAll(async () => {
  sim = await startSim();
});
afterAll(async () => {
  await sim?.close();
});

const P = '/api/v1/social-media-profiles';
const suffix = () => randomBytes(3).toString('hex');

/** A fresh X account per test, so one test's DMs never reach another's profile. */
const newAccount = () => sim.control<TestAccount>('POST', '/_sim/accounts', { username: `help_${suffix()}`, name: 'Parley Help' });
const secretsOf = (a: TestAccount) => [a.consumerSecret, a.accessToken, a.accessTokenSecret];

describeEachDialect('REST API: social media profiles', ({ db, dialect }) => {
  const setup = () => {
    const deps = testDeps(db(), dialect, { xApiUrl: sim.running.url });
    const app = makeApp(deps);
    return { deps, app, api: apiClient(app) };
  };
  const misc = async () => (await db().selectFrom('queues').select('id').where('name', '=', 'Misc').executeTakeFirstOrThrow()).id;
  const rows = () => db().selectFrom('social_profiles').selectAll().orderBy('id').execute();

  it('walks the setup step by step: each save kept, bad credentials refused in words, good ones verified', async () => {
    const { api } = setup();
    const account = await newAccount();
    const created = await api.post(P, { name: 'AcmeHelp', description: 'Answers @acme on X.' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      type: 'twitter', name: 'AcmeHelp', description: 'Answers @acme on X.', appName: null, consumerKey: null, consumerSecret: null,
      accessToken: null, accessTokenSecret: null, targetQueueId: null, autoResponseEnabled: false, validity: 'valid', account: null,
      complete: false, missingStep: 2, active: false, apiCalls: { reads: 0, writes: 0, today: { reads: 0, writes: 0 } }, lastPollAt: null,
    });
    const id = created.body.id as number;
    expect((await api.patch(`${P}/${id}`, { appName: 'Acme helpdesk' })).body).toMatchObject({ appName: 'Acme helpdesk', missingStep: 3 });
    const step3 = await api.patch(`${P}/${id}`, { consumerKey: account.consumerKey, consumerSecret: account.consumerSecret });
    expect(step3.body).toMatchObject({ consumerKey: account.consumerKey, consumerSecret: '********', accessToken: null, missingStep: 4 });
    const step4 = await api.patch(`${P}/${id}`, { accessToken: account.accessToken, accessTokenSecret: 'not-the-secret' });
    expect(step4.body).toMatchObject({ accessToken: '********', accessTokenSecret: '********', missingStep: 5, complete: false });

    const refused = await api.post(`${P}/${id}/verify`);
    expect(refused.status).toBe(200);
    expect(refused.body.verified).toBe(false);
    expect(refused.body.message).toMatch(/^X rejected the profile's credentials \(Unauthorized\)\. Check its consumer key/);
    expect(refused.body.profile).toMatchObject({ account: null, verifiedAt: null, verifyError: refused.body.message, missingStep: 5 });

    await api.patch(`${P}/${id}`, { accessTokenSecret: account.accessTokenSecret });
    const verified = await api.post(`${P}/${id}/verify`);
    expect(verified.body).toMatchObject({ verified: true, message: null });
    expect(verified.body.profile).toMatchObject({ account: { id: account.id, username: account.username, name: 'Parley Help' }, verifyError: null, missingStep: 6 });

    const queueId = await misc();
    const done = await api.patch(`${P}/${id}`, { targetQueueId: queueId, autoResponseEnabled: true, autoResponseText: 'Thanks, we are on it.' });
    expect(done.body).toMatchObject({ targetQueueId: queueId, autoResponseEnabled: true, autoResponseText: 'Thanks, we are on it.', complete: true, missingStep: null, active: true });
    // Both verifications were calls to X, and X bills them.
    await expect.poll(async () => (await api.get(`${P}/${id}`)).body.apiCalls).toEqual({ reads: 2, writes: 0, today: { reads: 2, writes: 0 } });

    const list = await api.get(P);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0]).toMatchObject({ id, name: 'AcmeHelp', complete: true });
  });

  it('creates a profile with every field at once; lists page with limit/offset; a changed key must be verified again', async () => {
    const { api } = setup();
    const account = await newAccount();
    const all = await api.post(P, {
      type: 'twitter', name: 'Full', description: 'All in one go.', appName: 'App', consumerKey: account.consumerKey, consumerSecret: account.consumerSecret,
      accessToken: account.accessToken, accessTokenSecret: account.accessTokenSecret, targetQueueId: await misc(), validity: 'invalid-temporarily',
    });
    expect(all.status).toBe(201);
    expect(all.body).toMatchObject({ validity: 'invalid-temporarily', missingStep: 5, complete: false });
    expect((await api.post(`${P}/${all.body.id}/verify`)).body.profile).toMatchObject({ complete: true, active: false, nextPollAt: null });
    // "********" sent back (a round trip of an answer) keeps the secret, and with it the verification.
    const roundTrip = await api.patch(`${P}/${all.body.id}`, { consumerSecret: '********', accessToken: '', accessTokenSecret: null, validity: 'valid' });
    expect(roundTrip.body).toMatchObject({ complete: true, active: true, account: { username: account.username } });
    const changed = await api.patch(`${P}/${all.body.id}`, { consumerKey: `${account.consumerKey}x` });
    expect(changed.body).toMatchObject({ complete: false, missingStep: 5, account: null, verifiedAt: null });

    for (const name of ['Beta', 'Alpha', 'Gamma']) expect((await api.post(P, { name })).status).toBe(201);
    const page = await api.get(`${P}?limit=2&offset=1`);
    expect(page.body.total).toBe(4);
    expect(page.body.items.map((p: { name: string }) => p.name)).toEqual(['Beta', 'Full']);
    expect((await api.get(`${P}?limit=0`)).body.error.field).toBe('limit');
  });

  it('tells when X cannot be reached, and keeps an earlier verification', async () => {
    const { api } = setup();
    const account = await newAccount();
    const { body } = await api.post(P, {
      name: 'Offline', appName: 'App', consumerKey: account.consumerKey, consumerSecret: account.consumerSecret, accessToken: account.accessToken,
      accessTokenSecret: account.accessTokenSecret,
    });
    expect((await api.post(`${P}/${body.id}/verify`)).body.verified).toBe(true);
    const offline = apiClient(makeApp(testDeps(db(), dialect, { xApiUrl: 'http://127.0.0.1:9' })));
    const res = await offline.post(`${P}/${body.id}/verify`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ verified: false, message: 'Could not reach X at http://127.0.0.1:9 (ECONNREFUSED). Try again in a moment.' });
    expect(res.body.profile).toMatchObject({ account: { username: account.username }, verifyError: res.body.message, missingStep: 6 });
  });

  it('answers DELETE with 405 and deletes nothing', async () => {
    const { api } = setup();
    const { body } = await api.post(P, { name: 'Keep' });
    const res = await api.delete(`${P}/${body.id}`);
    expect(res.status).toBe(405);
    expect(res.body.error.code).toBe('method_not_allowed');
    expect(res.headers.get('allow')).not.toContain('DELETE');
    expect(await rows()).toHaveLength(1);
  });

  it('refuses bad input with 4xx naming the field, and changes nothing', async () => {
    const { api } = setup();
    const cases: [unknown, number, string, RegExp][] = [
      [{}, 400, 'name', /Name is required/],
      [{ name: 'Acme Help!' }, 400, 'name', /Name may contain only letters and digits/],
      [{ name: 'Acme', colour: 'blue' }, 400, 'colour', /Unknown field "colour"/],
      [{ name: 'Acme', type: 'facebook' }, 400, 'type', /twitter/],
      [{ name: 'Acme', type: 'mastodon', consumerKey: 'ck' }, 400, 'consumerKey', /not a field of a mastodon profile/],
      [{ name: 'Acme', type: 'mastodon', instanceUrl: 'ftp://example.com' }, 400, 'instanceUrl', /must start with https/],
      [{ name: 'Acme', type: 'bluesky', handle: 'not a handle' }, 400, 'handle', /does not look like a key|domain name/],
      [{ name: 'Acme', validity: 'gone' }, 400, 'validity', /valid/],
      [{ name: 'Acme', targetQueueId: 9999 }, 400, 'targetQueueId', /choose an existing queue/],
      [{ name: 'Acme', consumerKey: 'has spaces in it' }, 400, 'consumerKey', /Consumer key does not look like a key/],
      [{ name: 'Acme', autoResponseEnabled: true }, 400, 'autoResponseText', /Enter the text of the auto response/],
    ];
    for (const [body, status, field, message] of cases) {
      const res = await api.post(P, body);
      expect([JSON.stringify(body), res.status, res.body.error.field]).toEqual([JSON.stringify(body), status, field]);
      expect(res.body.error.message).toMatch(message);
    }
    expect(await rows()).toEqual([]);

    const { body: made } = await api.post(P, { name: 'Acme', appName: 'App', consumerKey: 'ck', consumerSecret: 'cs' });
    await api.post(P, { name: 'Other' });
    const invalidQueue = await api.post('/api/v1/queues', { name: 'Closed', groupId: (await db().selectFrom('groups').select('id').executeTakeFirstOrThrow()).id, validity: 'invalid' });
    const before = await rows();
    const patches: [unknown, number, string, RegExp][] = [
      [{ name: 'Other' }, 409, 'name', /A profile named "Other" already exists/],
      [{ name: '' }, 400, 'name', /Name is required/],
      [{ appName: '' }, 400, 'appName', /Twitter app name is required/],
      [{ consumerKey: '' }, 400, 'consumerKey', /Consumer key is required/],
      [{ targetQueueId: invalidQueue.body.id }, 400, 'targetQueueId', /Target queue "Closed" is not valid/],
      [{ autoResponseEnabled: 'yes' }, 400, 'autoResponseEnabled', /boolean/],
      [{ account: { id: '1', username: 'x' } }, 400, 'account', /read-only/],
    ];
    for (const [body, status, field, message] of patches) {
      const res = await api.patch(`${P}/${made.id}`, body);
      expect([JSON.stringify(body), res.status, res.body.error.field]).toEqual([JSON.stringify(body), status, field]);
      expect(res.body.error.message).toMatch(message);
    }
    expect(await rows()).toEqual(before);

    const unverifiable = await api.post(`${P}/${made.id}/verify`);
    expect([unverifiable.status, unverifiable.body.error.field]).toEqual([400, 'accessToken']);
    expect((await api.get(`${P}/9999`)).status).toBe(404);
    expect((await api.patch(`${P}/9999`, { name: 'Ghost' })).status).toBe(404);
    expect(await rows()).toEqual(before);
  });

  it('is for administrators only: other agents get 403, strangers 401', async () => {
    const { app, api } = setup();
    const { body: profile } = await api.post(P, { name: 'Secretive' });
    const users = await db().selectFrom('groups').select('id').where('name', '=', 'users').executeTakeFirstOrThrow();
    const agent = await api.post('/api/v1/agents', {
      login: 'ann', firstName: 'Ann', lastName: 'Agent', email: 'ann@example.com', password: 'ann-password', groups: [{ groupId: users.id, permission: 'rw' }],
    });
    expect(agent.status).toBe(201);
    const ann = apiClient(app, basic('ann', 'ann-password'));
    for (const res of [
      await ann.get(P),
      await ann.get(`${P}/${profile.id}`),
      await ann.post(P, { name: 'Mine' }),
      await ann.patch(`${P}/${profile.id}`, { validity: 'invalid' }),
      await ann.post(`${P}/${profile.id}/verify`),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect((await apiClient(app, '').get(P)).status).toBe(401);
    expect((await rows()).map((r) => [r.name, r.validity])).toEqual([['Secretive', 'valid']]);
  });

  it('keeps the secrets out of the database in clear, out of every answer and out of the logs', async () => {
    const { deps, app, api } = setup();
    const account = await newAccount();
    const secrets = secretsOf(account);
    const answers: string[] = [];
    const keep = <T extends { body: unknown }>(res: T): T => {
      answers.push(JSON.stringify(res.body));
      return res;
    };
    const { body } = keep(await api.post(P, { name: 'Vault', appName: 'App', consumerKey: account.consumerKey, consumerSecret: account.consumerSecret, accessToken: account.accessToken, accessTokenSecret: 'wrong-secret' }));
    keep(await api.post(`${P}/${body.id}/verify`));
    keep(await api.patch(`${P}/${body.id}`, { accessTokenSecret: account.accessTokenSecret, targetQueueId: await misc() }));
    keep(await api.post(`${P}/${body.id}/verify`));
    keep(await api.patch(`${P}/${body.id}`, { accessToken: `${account.accessToken} with space` }));
    keep(await api.get(P));
    keep(await api.get(`${P}/${body.id}`));
    keep({ body: await (await app.request('/api/openapi.json')).json() });
    // The worker decrypts them to poll; what it logs must not carry them either.
    const carol = await sim.control<{ id: string }>('POST', '/_sim/users', { username: `carol_${suffix()}`, name: 'Carol' });
    await sim.control('POST', '/_sim/dms', { senderId: carol.id, recipientId: account.id, text: 'Hello there' });
    await createWorker(deps, { pollSeconds: 0 }).tick();
    expect(await db().selectFrom('articles').select('body').execute()).toEqual([{ body: 'Hello there' }]);

    for (const answer of answers) for (const secret of secrets) expect(answer).not.toContain(secret);
    expect(answers.join('\n')).toContain('********');

    const raw = await db().selectFrom('social_profiles').select('credentials').where('id', '=', body.id).executeTakeFirstOrThrow();
    for (const secret of secrets) expect(raw.credentials).not.toContain(secret);
    // Stored nonetheless: sealed, and they open to the originals with the key.
    const stored = JSON.parse(raw.credentials) as Record<string, string>;
    expect(stored['consumerKey']).toBe(account.consumerKey);
    expect(['consumerSecret', 'accessToken', 'accessTokenSecret'].map((f) => deps.secrets.decrypt(stored[f]!))).toEqual(secrets);

    expect(deps.logs.text).toMatch(/polled/);
    for (const secret of secrets) expect(deps.logs.text).not.toContain(secret);
  });

  it('polls only active profiles: a DM to an invalid profile is not fetched, and is once it is valid again', async () => {
    const { deps, api } = setup();
    const account = await newAccount();
    const worker = createWorker(deps, { pollSeconds: 0 });
    const { body } = await api.post(P, {
      name: 'Polled', appName: 'App', consumerKey: account.consumerKey, consumerSecret: account.consumerSecret, accessToken: account.accessToken,
      accessTokenSecret: account.accessTokenSecret, targetQueueId: await misc(),
    });
    const dave = await sim.control<{ id: string }>('POST', '/_sim/users', { username: `dave_${suffix()}`, name: 'Dave' });
    const dm = (text: string) => sim.control('POST', '/_sim/dms', { senderId: dave.id, recipientId: account.id, text });
    const bodies = async () => (await db().selectFrom('articles').select('body').orderBy('id').execute()).map((a) => a.body);

    // Not verified yet: incomplete, so not polled.
    await worker.tick();
    expect((await api.get(`${P}/${body.id}`)).body).toMatchObject({ lastPollAt: null, apiCalls: { reads: 0 } });
    await api.post(`${P}/${body.id}/verify`);
    await dm('First');
    await worker.tick();
    expect(await bodies()).toEqual(['First']);
    const polled = (await api.get(`${P}/${body.id}`)).body;
    expect(polled.lastPollAt).not.toBeNull();
    expect(polled.lastError).toBeNull();

    for (const validity of ['invalid', 'invalid-temporarily'] as const) {
      expect((await api.patch(`${P}/${body.id}`, { validity })).body).toMatchObject({ validity, complete: true, active: false });
      const reads = (await api.get(`${P}/${body.id}`)).body.apiCalls.reads;
      await dm(`While ${validity}`);
      await worker.tick();
      expect(await bodies()).toEqual(['First']);
      expect((await api.get(`${P}/${body.id}`)).body.apiCalls.reads).toBe(reads);
    }

    await api.patch(`${P}/${body.id}`, { validity: 'valid' });
    await worker.tick();
    expect(await bodies()).toEqual(['First', 'While invalid', 'While invalid-temporarily']);
  });

  it('documents the resource in the OpenAPI document', async () => {
    const { app } = setup();
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
    expect(Object.keys(doc.paths[`/social-media-profiles`] ?? {})).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/social-media-profiles/{id}'] ?? {})).toEqual(['get', 'patch']);
    expect(Object.keys(doc.paths['/social-media-profiles/{id}/verify'] ?? {})).toEqual(['post']);
    const fields = Object.keys(doc.components.schemas['SocialMediaProfile']?.properties ?? {});
    for (const f of ['id', 'type', 'name', 'description', 'appName', 'consumerKey', 'consumerSecret', 'accessToken', 'accessTokenSecret', 'targetQueueId', 'autoResponseEnabled', 'autoResponseText', 'validity', 'account']) {
      expect(fields).toContain(f);
    }
  });
});
