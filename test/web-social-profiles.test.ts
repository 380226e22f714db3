import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSim, type SimFixture, type TestAccount } from '../sim/x/testing.ts';
import { saveQueue } from '../src/core/queues/service.ts';
import { apiClient, basic, makeApp, ROOT_AUTH, sessionHeadersFor, testDeps } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';

// The admin pages of the guided setup as forms on both databases (the browser test walks them on
// SQLite): who may open them, what each step requires, and what never reaches the page.

let sim: SimFixture;
beforeAll(async () => {
  sim = await startSim();
});
afterAll(async () => {
  await sim?.close();
});

const BASE = '/admin/social-media-profiles';

describeEachDialect('admin pages: social media profiles', ({ db, dialect }) => {
  const setup = () => {
    const app = makeApp(testDeps(db(), dialect, { xApiUrl: sim.running.url }));
    const sessions = new Map<string, Promise<Record<string, string>>>();
    const headers = (auth: string) => {
      if (!sessions.has(auth)) sessions.set(auth, sessionHeadersFor(app, auth));
      return sessions.get(auth)!;
    };
    const get = async (path: string, auth = ROOT_AUTH) => {
      const res = await app.request(path, { headers: await headers(auth) });
      return { status: res.status, html: await res.text(), location: res.headers.get('location') };
    };
    const post = async (path: string, fields: Record<string, string>) => {
      const res = await app.request(path, {
        method: 'POST',
        headers: { ...(await headers(ROOT_AUTH)), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
      return { status: res.status, html: await res.text(), location: res.headers.get('location') };
    };
    return { app, get, post };
  };
  const row = (id: number) => db().selectFrom('social_profiles').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const account = () => sim.control<TestAccount>('POST', '/_sim/accounts', { username: `web_${Date.now() % 1e9}`, name: 'Web Help' });

  async function addProfile(post: ReturnType<typeof setup>['post'], name = 'AcmeHelp'): Promise<number> {
    const res = await post(`${BASE}/twitter/new`, { name, description: 'Answers on X.' });
    expect(res.status).toBe(303);
    const id = Number(/twitter\/(\d+)\?step=1/.exec(res.location ?? '')?.[1]);
    expect(id).toBeGreaterThan(0);
    return id;
  }

  it('are for administrators only', async () => {
    const { app, get, post } = setup();
    const id = await addProfile(post);
    const users = await db().selectFrom('groups').select('id').where('name', '=', 'users').executeTakeFirstOrThrow();
    await apiClient(app).post('/api/v1/agents', { login: 'ann', firstName: 'Ann', lastName: 'A', email: 'a@example.com', password: 'ann-password', groups: [{ groupId: users.id, permission: 'rw' }] });
    for (const path of [BASE, `${BASE}/twitter/new`, `${BASE}/twitter/${id}`, `${BASE}/twitter/${id}?step=3`]) {
      expect([path, (await get(path, basic('ann', 'ann-password'))).status]).toEqual([path, 403]);
    }
    expect((await get(`${BASE}/twitter/9999`)).status).toBe(404);
    expect((await get(`${BASE}/twitter/abc`)).status).toBe(404);
  });

  it('saves each step, requires what the step requires, keeps values and names every missing field', async () => {
    const { get, post } = setup();
    const id = await addProfile(post);
    const url = `${BASE}/twitter/${id}`;
    // An unfinished profile reopens at its first missing step.
    expect((await get(url)).html).toContain('Step 2: Twitter app name');

    const empty = await post(url, { step: '3', go: 'next', consumerKey: '', consumerSecret: '' });
    expect(empty.status).toBe(400);
    expect(empty.html).toMatch(/id="e-consumerKey"[^>]*>Consumer key is required\./);
    expect(empty.html).toMatch(/id="e-consumerSecret"[^>]*>Consumer secret is required\./);

    const bad = await post(url, { step: '3', go: 'save', consumerKey: 'two words', consumerSecret: 'typed-secret-value' });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('value="two words"');
    expect(bad.html).not.toContain('typed-secret-value');
    expect((await row(id)).credentials).toBe('{}');

    expect((await post(url, { step: '2', go: 'next', appName: 'Acme app' })).location).toBe(`${url}?step=3`);
    expect((await post(url, { step: '3', go: 'prev', consumerKey: 'ck1', consumerSecret: '' })).location).toBe(`${url}?step=2`);
    expect(JSON.parse((await row(id)).credentials)).toEqual({ consumerKey: 'ck1' });
    expect((await post(url, { step: '3', go: 'save', consumerKey: 'ck1', consumerSecret: 'cs1' })).location).toBe(`${url}?step=3&saved=Saved.`);
    // A stored secret: the field stays empty, with the hint that empty keeps it.
    const again = await get(`${url}?step=3`);
    expect(again.html).toContain('Stored — leave empty to keep it.');
    expect(again.html).not.toContain('cs1');
    expect((await post(url, { step: '3', go: 'next', consumerKey: 'ck1', consumerSecret: '' })).location).toBe(`${url}?step=4`);

    const finish = await post(url, { step: '4', go: 'finish', accessToken: 'at1', accessTokenSecret: 'ats1' });
    expect(decodeURIComponent(finish.location ?? '')).toMatch(/\?warn=Profile "AcmeHelp" saved, but it is incomplete: step 5 \(Verify credentials\) is missing/);
    const list = await get(BASE);
    expect(list.html).toMatch(/incomplete: step 5 missing/);
    for (const secret of ['cs1', 'at1', 'ats1']) expect(list.html).not.toContain(secret);
    expect((await post(url, { step: '5', go: 'next' })).html).toMatch(/id="e-verify"[^>]*>The credentials are not verified yet/);
  });

  it('verifies against X, and step 6 offers valid queues only', async () => {
    const { get, post } = setup();
    const x = await account();
    await saveQueue(db(), 1, null, { name: 'Retired', groupId: 1, validity: 'invalid' });
    const id = await addProfile(post);
    const url = `${BASE}/twitter/${id}`;
    await post(url, { step: '2', go: 'next', appName: 'App' });
    await post(url, { step: '3', go: 'next', consumerKey: x.consumerKey, consumerSecret: x.consumerSecret });
    await post(url, { step: '4', go: 'next', accessToken: x.accessToken, accessTokenSecret: 'wrong' });
    expect((await post(url, { step: '5', go: 'verify' })).location).toBe(`${url}?step=5`);
    expect((await get(`${url}?step=5`)).html).toMatch(/Not verified: X rejected the profile&#39;s credentials \(Unauthorized\)/);
    await post(url, { step: '4', go: 'next', accessToken: '', accessTokenSecret: x.accessTokenSecret });
    await post(url, { step: '5', go: 'verify' });
    expect((await get(`${url}?step=5`)).html).toMatch(new RegExp(`@${x.username}.*X user id <strong>${x.id}</strong>`));
    expect((await post(url, { step: '5', go: 'next' })).location).toBe(`${url}?step=6`);

    const step6 = await get(`${url}?step=6`);
    const options = [...step6.html.matchAll(/<option value="[^"]*"[^>]*>([^<]*)<\/option>/g)].map((m) => m[1]);
    expect(options).toEqual(['-', 'Junk', 'Misc', 'Raw']);
    const misc = await db().selectFrom('queues').select('id').where('name', '=', 'Misc').executeTakeFirstOrThrow();
    const done = await post(url, { step: '6', go: 'finish', targetQueueId: String(misc.id), autoResponseText: 'kept, but off' });
    expect(decodeURIComponent(done.location ?? '')).toContain('?saved=Profile "AcmeHelp" saved.');
    expect(await row(id)).toMatchObject({ target_queue_id: misc.id, auto_response_enabled: 0, auto_response_text: 'kept, but off', validity: 'valid' });
    expect((await get(url)).html).toContain('<h2>General</h2>');
  });

  it('offers no way to delete a profile, and switches one off through its validity', async () => {
    const { get, post } = setup();
    const id = await addProfile(post);
    for (const path of [BASE, `${BASE}/twitter/${id}?step=general`, `${BASE}/twitter/${id}?step=6`]) {
      const { html } = await get(path);
      if (!path.endsWith('step=6')) expect(html).toMatch(/never deleted/);
      expect(html).not.toMatch(/<(button|a)\b[^>]*>\s*(delete|remove)/i);
      expect(html).not.toMatch(/(href|action|value)="[^"]*(delete|remove)/i);
    }
    const res = await post(`${BASE}/twitter/${id}`, { step: 'general', go: 'save', name: 'AcmeHelp', description: '', validity: 'invalid-temporarily' });
    expect(res.status).toBe(303);
    expect(await row(id)).toMatchObject({ validity: 'invalid-temporarily', description: null });
    const nameClash = await post(`${BASE}/twitter/new`, { name: 'AcmeHelp' });
    expect(nameClash.status).toBe(400);
    expect(nameClash.html).toMatch(/id="e-name"[^>]*>A profile named &quot;AcmeHelp&quot; already exists\./);
  });
});
