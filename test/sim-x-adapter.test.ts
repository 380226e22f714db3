// `npm run sim:x` as a person runs it (a separate process, seeded from a file) with the X adapter
// talking to it: a customer writes, Parley answers, and its own answers never come back as new.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xAdapter } from '../src/channels/x/index.ts';
import type { ChannelClient } from '../src/channels/types.ts';

const credentials = { consumerKey: 'demo-ck', consumerSecret: 'demo-cs', accessToken: '42-demo-at', accessTokenSecret: 'demo-ats' };

let child: ChildProcess;
let url: string;
let output = '';

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-x-'));
  const seed = join(dir, 'seed.json');
  writeFileSync(seed, JSON.stringify({ accounts: [{ username: 'acme_help', name: 'ACME Help', ...credentials }], users: [{ username: 'carol', name: 'Carol' }] }));
  child = spawn(process.execPath, ['--import', 'tsx', 'sim/x/main.ts', '--port', '0', '--seed', seed], { stdio: ['ignore', 'pipe', 'pipe'] });
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the simulator did not start:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the simulator exited with ${code}:\n${output}`)));
  });
}, 20_000);

afterAll(() => {
  child.kill('SIGTERM');
});

async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(url + path, { method, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  expect(res.ok).toBe(true);
  return (await res.json()) as T;
}

describe('npm run sim:x with the X adapter', () => {
  let client: ChannelClient;
  let carolId: string;

  it('serves the seeded account to the adapter', async () => {
    client = xAdapter.createClient({ credentials, account: null, apiUrl: url });
    const account = await client.verify();
    expect(account).toMatchObject({ username: 'acme_help', name: 'ACME Help' });
    expect(output).toContain('account @acme_help');
    carolId = (await client.lookupUser('carol')).externalUserId;
  });

  it('turns a DM and a mention into entities once, and never returns what Parley sent', async () => {
    const since = new Date(Date.now() - 1000);
    const account = await client.verify();
    await control('POST', '/_sim/dms', { senderId: carolId, recipientId: account.id, text: 'My invoice is wrong' });
    const tweet = await control<{ id: string }>('POST', '/_sim/tweets', { authorId: carolId, text: '@acme_help still no answer?' });

    const dms = await client.fetchInbound('dms', null, since);
    const mentions = await client.fetchInbound('mentions', null, since);
    expect(dms.flatMap((b) => b.entities.map((e) => e.text))).toEqual(['My invoice is wrong']);
    expect(mentions.flatMap((b) => b.entities.map((e) => e.externalId))).toEqual([tweet.id]);

    await client.send({ kind: 'dm', text: 'We are on it.', recipientExternalUserId: carolId });
    await client.send({ kind: 'tweet', text: '@carol @acme_help replied by DM.', inReplyToExternalId: tweet.id });
    const sent = await control<{ tweets: unknown[]; dms: unknown[] }>('GET', `/_sim/accounts/${account.id}/sent`);
    expect([sent.tweets.length, sent.dms.length]).toEqual([1, 1]);

    expect(await client.fetchInbound('dms', dms.at(-1)?.cursor ?? null, since)).toEqual([
      { entities: [], cursor: expect.any(String) },
    ]);
    const laterMentions = await client.fetchInbound('mentions', mentions.at(-1)?.cursor ?? null, since);
    expect(laterMentions.flatMap((b) => b.entities)).toEqual([]);
  });
});
