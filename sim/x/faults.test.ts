import { afterEach, describe, expect, it } from 'vitest';
import { startSim, type SimFixture } from './testing.ts';

let fx: SimFixture | undefined;
afterEach(() => fx?.close());

const rateHeaders = (res: Response) => ({
  limit: res.headers.get('x-rate-limit-limit'),
  remaining: res.headers.get('x-rate-limit-remaining'),
  reset: Number(res.headers.get('x-rate-limit-reset')),
});

describe('rate limits', () => {
  it('counts down per account and endpoint, answers 429 past the limit, and opens a new window after 15 minutes', async () => {
    let now = Date.parse('2025-06-01T12:00:00Z');
    fx = await startSim({ now: () => now, rateLimits: { 'GET /2/users/me': 2 } });
    const at = () => Math.floor(now / 1000);
    const me = () => fx!.signedFetch('GET', '/2/users/me', { timestamp: at() });

    const first = await me();
    expect(rateHeaders(first)).toEqual({ limit: '2', remaining: '1', reset: at() + 900 });
    expect(rateHeaders(await me()).remaining).toBe('0');
    const limited = await me();
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ title: 'Too Many Requests', type: 'about:blank', status: 429, detail: 'Too Many Requests' });
    expect(rateHeaders(limited)).toEqual({ limit: '2', remaining: '0', reset: at() + 900 });

    const mentions = await fx.signedFetch('GET', `/2/users/${fx.account.id}/mentions`, { timestamp: at() });
    expect(mentions.status).toBe(200);
    expect(rateHeaders(mentions).limit).toBe('300');

    now += 15 * 60 * 1000;
    const renewed = await me();
    expect(renewed.status).toBe(200);
    expect(rateHeaders(renewed).remaining).toBe('1');
  });

  it('takes a new limit through the control API', async () => {
    fx = await startSim();
    await fx.control('POST', '/_sim/rate-limits', { method: 'GET', path: '/2/users/me', limit: 0 });
    expect((await fx.signedFetch('GET', '/2/users/me')).status).toBe(429);
  });
});

describe('injected faults', () => {
  it('fails the next N calls of one endpoint with the status asked for, then recovers', async () => {
    fx = await startSim();
    await fx.control('POST', '/_sim/faults', { method: 'GET', path: '/2/users/:id/mentions', status: 503, count: 2 });
    const path = `/2/users/${fx.account.id}/mentions`;
    expect((await fx.signedFetch('GET', '/2/users/me')).status).toBe(200);
    const failed = await fx.signedFetch('GET', path);
    expect(failed.status).toBe(503);
    expect(await failed.json()).toMatchObject({ title: 'Service Unavailable', status: 503 });
    expect(failed.headers.get('x-rate-limit-remaining')).not.toBeNull();
    expect((await fx.signedFetch('GET', path)).status).toBe(503);
    expect((await fx.signedFetch('GET', path)).status).toBe(200);
  });

  it('refuses a fault for a route the simulator does not serve', async () => {
    fx = await startSim();
    await expect(fx.control('POST', '/_sim/faults', { method: 'GET', path: '/2/users/123/mentions', status: 500 })).rejects.toThrow(/400/);
  });

  it('answers an injected 429 with headers saying the window is used up', async () => {
    fx = await startSim();
    await fx.control('POST', '/_sim/faults', { method: 'POST', path: '/2/tweets', status: 429, count: 1 });
    const res = await fx.signedFetch('POST', '/2/tweets', { json: { text: 'hello' } });
    expect(res.status).toBe(429);
    expect(rateHeaders(res).remaining).toBe('0');
    expect(rateHeaders(res).reset).toBeGreaterThan(Date.now() / 1000);
    expect(fx.sim.state.tweets.size).toBe(0);
  });

  it('holds a timed-out request open until the client gives up, and then does not process it', async () => {
    fx = await startSim();
    await fx.control('POST', '/_sim/faults', { method: 'POST', path: '/2/tweets', status: 'timeout', count: 1, delayMs: 60_000 });
    const started = Date.now();
    const outcome = await fx.signedFetch('POST', '/2/tweets', { json: { text: 'lost' }, signal: AbortSignal.timeout(200) }).then(
      () => 'answered',
      (error: unknown) => (error instanceof Error ? error.name : 'failed'),
    );
    expect(outcome).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(5_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fx.sim.state.tweets.size).toBe(0);
    expect((await fx.signedFetch('POST', '/2/tweets', { json: { text: 'lost' } })).status).toBe(201);
  });

  it('answers a delayed request normally when the client waits long enough', async () => {
    fx = await startSim();
    await fx.control('POST', '/_sim/faults', { method: 'GET', path: '/2/users/me', status: 'timeout', count: 1, delayMs: 150 });
    const started = Date.now();
    expect((await fx.signedFetch('GET', '/2/users/me')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('counts the calls of each account by endpoint, and forgets everything on reset', async () => {
    fx = await startSim();
    await fx.signedFetch('GET', '/2/users/me');
    await fx.signedFetch('GET', '/2/users/me');
    await fx.signedFetch('GET', '/2/dm_events');
    await fx.signedFetch('GET', '/2/users/me', { credentials: { accessTokenSecret: 'wrong' } });
    const calls = await fx.control<{ accounts: Record<string, unknown> }>('GET', '/_sim/calls');
    expect(calls.accounts).toEqual({ [fx.account.id]: { total: 3, byEndpoint: { 'GET /2/users/me': 2, 'GET /2/dm_events': 1 } } });
    await fx.control('POST', '/_sim/reset');
    expect(await fx.control('GET', '/_sim/calls')).toEqual({ accounts: {} });
    expect((await fx.signedFetch('GET', '/2/users/me')).status).toBe(401);
  });
});
