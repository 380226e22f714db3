import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusLength } from './state.ts';
import { startMastodonSim, type MastodonFixture } from './testing.ts';

describe('Mastodon simulator', () => {
  let f: MastodonFixture;
  let help: { id: string; accessToken: string };
  let carol: { id: string };
  beforeAll(async () => {
    f = await startMastodonSim({ maxCharacters: 60, rateLimit: 30 });
    help = await f.control('POST', '/_sim/accounts', { username: 'help' });
    carol = await f.control('POST', '/_sim/users', { username: 'carol', domain: 'other.example' });
  });
  afterAll(() => f.close());
  const api = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(f.url + path, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${init.token ?? help.accessToken}` } });

  it('counts URLs as 23 characters and remote mentions by their local part', () => {
    expect(statusLength(`@carol@other.example see https://example.com/${'x'.repeat(80)}`)).toBe('@carol see '.length + 23);
    expect(statusLength('👩‍👩‍👧 ok')).toBe(4);
  });

  it('refuses a bad token, a missing scope, and names the rate limit in its headers', async () => {
    expect((await api('/api/v1/accounts/verify_credentials', { token: 'nope' })).status).toBe(401);
    const readOnly = await f.control<{ accessToken: string }>('POST', '/_sim/accounts', { username: 'ro', scopes: ['read'] });
    const refused = await api('/api/v1/statuses', { token: readOnly.accessToken, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'hi' }) });
    expect([refused.status, await refused.json()]).toEqual([403, { error: 'This action is outside the authorized scopes' }]);
    const ok = await api('/api/v1/accounts/verify_credentials');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-ratelimit-limit')).toBe('30');
    expect(Date.parse(ok.headers.get('x-ratelimit-reset')!)).toBeGreaterThan(Date.now());
  });

  it('notifies mentions with HTML content, pages by min_id, and keeps direct statuses private', async () => {
    const dm = await f.control<{ id: string; content: string }>('POST', '/_sim/statuses', { accountId: carol.id, text: '@help my <order> is late', visibility: 'direct' });
    expect(dm.content).toContain('&lt;order&gt;');
    expect(dm.content).toContain('class="u-url mention"');
    const page = (await (await api('/api/v1/notifications?types[]=mention&limit=1&min_id=0')).json()) as { id: string; status: { id: string; visibility: string } }[];
    expect(page.map((n) => [n.status.id, n.status.visibility])).toEqual([[dm.id, 'direct']]);
    const after = (await (await api(`/api/v1/notifications?types[]=mention&min_id=${page[0]!.id}`)).json()) as unknown[];
    expect(after).toEqual([]);
    expect((await fetch(`${f.url}/api/v1/statuses/${dm.id}`)).status).toBe(404);
  });

  it('refuses a status over the instance limit and answers a repeated Idempotency-Key with the same status', async () => {
    const post = (status: string, key?: string) =>
      api('/api/v1/statuses', { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) }, body: JSON.stringify({ status }) });
    const long = await post('x'.repeat(61));
    expect([long.status, await long.json()]).toEqual([422, { error: 'Validation failed: Text character limit of 60 exceeded' }]);
    const a = (await (await post('once', 'k1')).json()) as { id: string };
    const b = (await (await post('once', 'k1')).json()) as { id: string };
    expect(b.id).toBe(a.id);
    const instance = (await (await fetch(`${f.url}/api/v2/instance`)).json()) as { configuration: { statuses: { max_characters: number } } };
    expect(instance.configuration.statuses.max_characters).toBe(60);
  });

  it('answers 429 once the window is spent, and injected faults', async () => {
    await f.control('POST', '/_sim/faults', { endpoint: 'GET /api/v1/notifications', status: 503 });
    expect((await api('/api/v1/notifications')).status).toBe(503);
    await f.control('POST', '/_sim/faults', { endpoint: 'GET /api/v1/notifications', status: 429 });
    const limited = await api('/api/v1/notifications');
    expect([limited.status, limited.headers.get('x-ratelimit-remaining')]).toEqual([429, '0']);
  });
});
