// X's limits as the simulator enforces them: per-endpoint windows (shortened here), the longer
// caps on writes, the summoned-reply rule, and a write whose answer is lost.
import { afterEach, describe, expect, it } from 'vitest';
import { consume, DEFAULT_RATE_LIMITS, LONG_CAPS, type RateLimitWindow } from './rate-limit.ts';
import { NOT_SUMMONED } from './routes-api.ts';
import { startSim, type SimFixture } from './testing.ts';

let fx: SimFixture | undefined;
afterEach(() => fx?.close());

const DM_SEND = 'POST /2/dm_conversations/with/:participant_id/messages';

describe('consume', () => {
  it('refuses past the 15-minute limit without counting the refused request, and opens a new window', () => {
    const windows = new Map<string, RateLimitWindow>();
    const rules = { limit: 2, windowMs: 1000 };
    const verdicts = [0, 1, 2, 3].map(() => consume(windows, rules, 'a', 'GET /x', 0));
    expect(verdicts.map((v) => [v.limited, v.headers['x-rate-limit-remaining']])).toEqual([[false, '1'], [false, '0'], [true, '0'], [true, '0']]);
    expect(verdicts[0]!.headers['x-rate-limit-reset']).toBe('1');
    expect(consume(windows, rules, 'b', 'GET /x', 0).limited).toBe(false);
    expect(consume(windows, rules, 'a', 'GET /x', 1000)).toMatchObject({ limited: false, headers: { 'x-rate-limit-remaining': '1', 'x-rate-limit-reset': '2' } });
  });

  it('applies a long cap across windows and reports it when it is the tighter one', () => {
    const windows = new Map<string, RateLimitWindow>();
    const rules = { limit: 3, windowMs: 1000, caps: [{ limit: 4, windows: 10 }] };
    const used = [0, 0, 0, 1000].map((t) => consume(windows, rules, 'a', DM_SEND, t));
    expect(used.map((v) => v.limited)).toEqual([false, false, false, false]);
    // The second window has 2 left of 3, but the 10-window cap has none.
    expect(used[3]!.headers).toEqual({ 'x-rate-limit-limit': '4', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '10' });
    expect(consume(windows, rules, 'a', DM_SEND, 1000).limited).toBe(true);
    expect(consume(windows, rules, 'a', DM_SEND, 10_000).limited).toBe(false);
  });

  it('has X’s documented limits', () => {
    expect(DEFAULT_RATE_LIMITS['GET /2/dm_events']).toBe(15);
    expect(DEFAULT_RATE_LIMITS[DM_SEND]).toBe(15);
    expect(DEFAULT_RATE_LIMITS['GET /2/users/:id/mentions']).toBe(300);
    expect(DEFAULT_RATE_LIMITS['POST /2/tweets']).toBe(100);
    expect(LONG_CAPS[DM_SEND]).toEqual([{ limit: 1440, windows: 96 }]);
    expect(LONG_CAPS['POST /2/tweets']).toEqual([{ limit: 300, windows: 12 }]);
  });
});

describe('a shortened window', () => {
  it('gives 15 DM lookups per window with headers on every answer, then 429, then a fresh window', async () => {
    fx = await startSim({ rateWindowMs: 1500 });
    const answers = [];
    for (let i = 0; i < 16; i++) answers.push(await fx.signedFetch('GET', '/2/dm_events?max_results=1'));
    expect(answers.slice(0, 15).every((a) => a.status === 200)).toBe(true);
    expect(answers.map((a) => a.headers.get('x-rate-limit-remaining'))).toEqual([...Array.from({ length: 15 }, (_, i) => String(14 - i)), '0']);
    expect(answers[15]!.status).toBe(429);
    const reset = Number(answers[15]!.headers.get('x-rate-limit-reset')) * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, reset - Date.now()) + 50));
    expect((await fx.signedFetch('GET', '/2/dm_events?max_results=1')).status).toBe(200);
  });
});

describe('summoned replies', () => {
  it('refuses a reply to a post that neither names the account nor quotes it, as X does', async () => {
    fx = await startSim();
    const { state } = fx.sim;
    const carol = state.createUser({ username: 'carol', name: 'Carol' });
    const ours = state.createTweet({ authorId: fx.account.id, text: 'We are open today.', viaApi: true });
    const asking = state.createTweet({ authorId: carol.id, text: '@ParleyHelp where is my parcel?' });
    const followUp = state.createTweet({ authorId: carol.id, text: 'still nothing', inReplyToTweetId: asking.id });
    const quoting = state.createTweet({ authorId: carol.id, text: 'this!', quoteOf: ours.id });
    const reply = (id: string, text: string) => fx!.signedFetch('POST', '/2/tweets', { json: { text, reply: { in_reply_to_tweet_id: id } } });

    const refused = await reply(followUp.id, 'We are on it.');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ title: 'Forbidden', type: 'about:blank', status: 403, detail: NOT_SUMMONED });
    expect((await reply(asking.id, 'We are on it.')).status).toBe(201);
    expect((await reply(quoting.id, 'Thank you!')).status).toBe(201);
    expect((await reply(ours.id, 'And tomorrow too.')).status).toBe(201);
    expect(state.sentBy(fx.account.id).tweets.map((t) => t.text).sort()).toEqual(['And tomorrow too.', 'Thank you!', 'We are on it.', 'We are open today.']);
  });
});

describe('a lost answer', () => {
  it('does the write, then resets the connection', async () => {
    fx = await startSim();
    const carol = fx.sim.state.createUser({ username: 'carol', name: 'Carol' });
    await fx.control('POST', '/_sim/faults', { method: 'POST', path: '/2/dm_conversations/with/:participant_id/messages', status: 'lost' });
    await expect(fx.signedFetch('POST', `/2/dm_conversations/with/${carol.id}/messages`, { json: { text: 'Hello' } })).rejects.toThrow();
    expect(fx.sim.state.sentBy(fx.account.id).dms.map((d) => d.text)).toEqual(['Hello']);
    // The next call is answered as usual.
    expect((await fx.signedFetch('POST', `/2/dm_conversations/with/${carol.id}/messages`, { json: { text: 'Hello again' } })).status).toBe(201);
  });
});
