// Findings of the attack review (issue 10) at the web layer: cross-site requests with Basic or
// Bearer credentials, the open redirect after login, HSTS over plain HTTP, prototype lookups.
import { expect, it } from 'vitest';
import { createApiToken } from '../src/cli/tokens.ts';
import { safeNext } from '../src/web/ui/login.tsx';
import { apiClient, basic, makeApp, ROOT_AUTH, testDeps } from './helpers/app.ts';
import { ADMIN_PASSWORD, describeEachDialect } from './helpers/db.ts';

it.each([
  ['/tickets?x=1#top', '/tickets?x=1#top'],
  ['/dashboard', '/dashboard'],
  ['/%5Cevil.example', '/%5Cevil.example'],
  ['/\\evil.example', '/dashboard'],
  ['/\\/evil.example', '/dashboard'],
  ['//evil.example', '/dashboard'],
  ['/.//evil.example', '/dashboard'],
  ['/\tevil.example', '/dashboard'],
  ['https://evil.example/', '/dashboard'],
  ['javascript:alert(1)', '/dashboard'],
  ['', '/dashboard'],
])('next=%j after login goes to %j', (next, to) => {
  expect(safeNext(next)).toBe(to);
});

describeEachDialect('hardening: web layer', ({ db, dialect }) => {
  const setup = (overrides = {}) => {
    const deps = testDeps(db(), dialect, overrides);
    return { deps, app: makeApp(deps) };
  };
  const agentCount = async () => (await db().selectFrom('agents').select('id').execute()).length;

  it('does not let cached Basic or Bearer credentials act on a form route', async () => {
    const { app } = setup();
    const token = await createApiToken(db(), "root@localhost");
    const before = await agentCount();
    for (const authorization of [ROOT_AUTH, `Bearer ${token}`]) {
      const res = await app.request('/admin/agents/new', {
        method: 'POST',
        headers: { authorization, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ login: `evil${before}`, firstName: 'E', lastName: 'Vil', email: 'e@evil.example', password: 'evil-password-1', 'group.admin': 'rw' }).toString(),
      });
      // Not a credential on pages: the request is anonymous and sent to the login page.
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toMatch(/^\/login/);
    }
    const page = await app.request('/dashboard', { headers: { authorization: ROOT_AUTH } });
    expect(page.status).toBe(303);
    expect(await agentCount()).toBe(before);
  });

  it('refuses cross-site body-less API posts with Basic or Bearer, and accepts them from scripts', async () => {
    const { app } = setup();
    const token = await createApiToken(db(), "root@localhost");
    for (const authorization of [ROOT_AUTH, `Bearer ${token}`]) {
      const cases: Record<string, string>[] = [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'https://evil.example' }, { origin: 'null' }];
      for (const headers of cases) {
        const res = await app.request('/api/v1/acls/deploy', { method: 'POST', headers: { authorization, ...headers } });
        expect([JSON.stringify(headers), res.status]).toEqual([JSON.stringify(headers), 403]);
      }
      expect(await db().selectFrom('acl_deployments').select('id').execute()).toHaveLength(0);
    }
    // The same host (a page of Parley calling its API) and a CLI without browser headers pass.
    const same = await app.request('http://parley.test/api/v1/acls/deploy', { method: 'POST', headers: { authorization: ROOT_AUTH, origin: 'http://parley.test', host: 'parley.test' } });
    expect(same.status).toBe(200);
    const cli = await apiClient(app).post('/api/v1/acls/deploy');
    expect(cli.status).toBe(200);
    const reads = await app.request('/api/v1/acls', { headers: { authorization: ROOT_AUTH, 'sec-fetch-site': 'cross-site' } });
    expect(reads.status).toBe(200);
  });

  it('redirects only to paths of this site after login', async () => {
    const { app } = setup();
    const form = await app.request('/login?next=/%5Cevil.example');
    const html = await form.text();
    expect(html).toContain('name="next" value="/dashboard"');
    const cookie = /parley_login_csrf=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1];
    const token = /name="_login_csrf" value="([^"]+)"/.exec(html)![1]!;
    const res = await app.request('/login', {
      method: 'POST',
      headers: { cookie: `parley_login_csrf=${cookie}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _login_csrf: token, login: 'root@localhost', password: ADMIN_PASSWORD, next: '/\\evil.example' }).toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/dashboard');
  });

  it('sends HSTS only when Parley is served over HTTPS', async () => {
    const plain = await setup().app.request('/login');
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    const secure = await setup({ secureCookies: true }).app.request('/login');
    expect(secure.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    const https = await setup().app.request('https://parley.test/login');
    expect(https.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('answers 404 for static names that are members of every object', async () => {
    const { app } = setup();
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      const res = await app.request(`/static/${name}`);
      expect([name, res.status]).toEqual([name, 404]);
    }
    expect((await app.request('/static/app.css')).status).toBe(200);
  });

  it('still takes Basic credentials on the API', async () => {
    const { app } = setup();
    expect((await apiClient(app, basic('root@localhost', ADMIN_PASSWORD)).get('/api/v1/groups')).status).toBe(200);
  });
});
