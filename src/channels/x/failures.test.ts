// How the adapter reports X's failures (over real HTTP against the simulator's injected faults),
// and that every HTTP call is reported once.
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSim, type SimFixture } from '../../../sim/x/testing.ts';
import { ChannelError, type ChannelCallEvent, type ChannelClient } from '../types.ts';
import { xAdapter } from './index.ts';

let fx: SimFixture;
let calls: ChannelCallEvent[];

function clientFor(apiUrl: string, timeoutMs?: number): ChannelClient {
  return xAdapter.createClient({
    credentials: { ...fx.account },
    account: { id: fx.account.id, username: fx.account.username, name: fx.account.name },
    apiUrl,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    onCall: (event) => calls.push(event),
  });
}

beforeEach(async () => {
  fx = await startSim();
  calls = [];
});
afterEach(() => fx.close());

const fault = (body: Record<string, unknown>) => fx.control('POST', '/_sim/faults', { count: 1, ...body });
const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => {
      if (!(error instanceof ChannelError)) throw error;
      return error;
    },
  );

describe('failures', () => {
  it('turns 429 into rate_limit with retryAt from x-rate-limit-reset', async () => {
    await fault({ method: 'GET', path: '/2/users/:id/mentions', status: 429 });
    const error = await failureOf(clientFor(fx.running.url).fetchInbound('mentions', null, new Date(0)));
    expect(error.kind).toBe('rate_limit');
    expect(error.status).toBe(429);
    const window = [...fx.sim.state.rateWindows.values()][0];
    expect(error.retryAt?.getTime()).toBe(Math.ceil((window?.resetAtMs ?? 0) / 1000) * 1000);
    expect(error.retryAt!.getTime()).toBeGreaterThan(Date.now());
    expect(error.message).toMatch(/^X's rate limit for GET \/2\/users\/:id\/mentions is used up until \d{4}-/);
  });

  it('turns a configured limit running out into rate_limit too', async () => {
    await fx.control('POST', '/_sim/rate-limits', { method: 'GET', path: '/2/users/me', limit: 1 });
    const client = clientFor(fx.running.url);
    await client.verify();
    expect((await failureOf(client.verify())).kind).toBe('rate_limit');
  });

  it.each([500, 503])('turns %i into transient, and the next call succeeds', async (status) => {
    await fault({ method: 'POST', path: '/2/tweets', status });
    const client = clientFor(fx.running.url);
    const error = await failureOf(client.send({ kind: 'tweet', text: 'hello' }));
    expect(error).toMatchObject({ kind: 'transient', status });
    await expect(client.send({ kind: 'tweet', text: 'hello' })).resolves.toMatchObject({ conversationKey: expect.stringMatching(/^tweet:/) });
  });

  it('abandons a call X does not answer after timeoutMs, as transient', async () => {
    await fault({ method: 'GET', path: '/2/dm_events', status: 'timeout', delayMs: 10_000 });
    const started = Date.now();
    const error = await failureOf(clientFor(fx.running.url, 300).fetchInbound('dms', null, new Date(0)));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toMatchObject({ kind: 'transient', status: null, message: 'X did not answer GET /2/dm_events within 300 ms; it will be tried again.' });
    expect(calls).toEqual([{ kind: 'read', endpoint: 'GET /2/dm_events', status: null, durationMs: expect.any(Number) }]);
    expect(calls[0]!.durationMs).toBeGreaterThanOrEqual(290);
  });

  it('reports an address nobody listens on as transient', async () => {
    const port = await freePort();
    const error = await failureOf(clientFor(`http://127.0.0.1:${port}`).verify());
    expect(error).toMatchObject({ kind: 'transient', message: `Could not reach X at http://127.0.0.1:${port} (ECONNREFUSED); it will be tried again.` });
  });

  it('refuses an API address that is not http(s)', () => {
    expect(() => clientFor('ftp://example.com')).toThrow(/http/);
    expect(() => clientFor('not a url')).toThrow(/not a URL/);
  });
});

describe('onCall', () => {
  it('reports every HTTP call once, with kind, route, status and duration, matching what X counted', async () => {
    const alice = fx.sim.state.createUser({ username: 'alice', name: 'Alice' });
    for (let i = 0; i < 120; i++) fx.sim.state.createTweet({ authorId: alice.id, text: `@parleyhelp ${i}` });
    await fault({ method: 'GET', path: '/2/users/me', status: 503 });
    const client = clientFor(`${fx.running.url}/`);
    await failureOf(client.verify());
    await client.verify();
    await client.fetchInbound('mentions', null, new Date(0));
    await client.send({ kind: 'dm', text: 'hi', recipientExternalUserId: alice.id });

    expect(calls.map(({ kind, endpoint, status }) => ({ kind, endpoint, status }))).toEqual([
      { kind: 'read', endpoint: 'GET /2/users/me', status: 503 },
      { kind: 'read', endpoint: 'GET /2/users/me', status: 200 },
      { kind: 'read', endpoint: 'GET /2/users/:id/mentions', status: 200 },
      { kind: 'read', endpoint: 'GET /2/users/:id/mentions', status: 200 },
      { kind: 'write', endpoint: 'POST /2/dm_conversations/with/:participant_id/messages', status: 201 },
    ]);
    expect(calls.every((c) => c.durationMs >= 0)).toBe(true);
    expect(fx.sim.state.calls.get(fx.account.id)?.total).toBe(calls.length);
  });

  it('does not let a failing onCall turn a delivered message into an error', async () => {
    const client = xAdapter.createClient({
      credentials: { ...fx.account },
      account: null,
      apiUrl: fx.running.url,
      onCall: () => {
        throw new Error('metrics are down');
      },
    });
    await expect(client.send({ kind: 'tweet', text: 'still sent' })).resolves.toMatchObject({ url: expect.stringContaining('/i/status/') });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}
