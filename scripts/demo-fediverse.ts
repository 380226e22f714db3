// The Mastodon and Bluesky half of `npm run demo`: both simulators, a support account on each, and
// a ready Parley profile for each, in the same queue as the X profile.
import type { ChannelAdapter } from '../src/channels/types.ts';
import { saveProfile, verifyProfile } from '../src/core/social/service.ts';
import { findProfileByName } from '../src/db/repos/profiles.ts';
import type { Deps } from '../src/deps.ts';
import { createBlueskySimulator } from '../sim/bluesky/server.ts';
import { createMastodonSimulator } from '../sim/mastodon/server.ts';

async function control<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(base + path, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function ready(deps: Deps, adapter: ChannelAdapter, name: string, input: Record<string, unknown>): Promise<number> {
  const ctx = { db: deps.db, secrets: deps.secrets, adapter };
  const existing = await findProfileByName(deps.db, name);
  const profile = await saveProfile(ctx, 1, existing?.id ?? null, { name, ...input, autoResponseEnabled: true, autoResponseText: 'Thanks for your message! An agent will answer shortly.' });
  const verified = await verifyProfile(ctx, profile.id, '');
  if (!verified.ok) throw new Error(verified.message);
  // The simulators are new on every start: poll everything they have.
  await deps.db.updateTable('social_profiles').set({ completed_at: new Date(Date.now() - 60_000).toISOString() }).where('id', '=', profile.id).execute();
  await deps.db.deleteFrom('profile_cursors').where('profile_id', '=', profile.id).execute();
  return profile.id;
}

export async function startFediverseDemo(deps: Deps, queueId: number): Promise<{ help(port: number): string; close(): Promise<void> }> {
  const mastodon = await createMastodonSimulator({ domain: 'mastodon.example' }).listen(Number(process.env['SIM_MASTODON_PORT'] ?? 4200));
  const bluesky = await createBlueskySimulator().listen(Number(process.env['SIM_BLUESKY_PORT'] ?? 4300));
  const m = mastodon.url;
  const b = bluesky.url;

  const mAccount = await control<{ id: string; acct: string; accessToken: string }>(m, 'POST', '/_sim/accounts', { username: 'acme_help', displayName: 'ACME Help' });
  const mCarol = await control<{ id: string; acct: string }>(m, 'POST', '/_sim/users', { username: 'carol', displayName: 'Carol Customer', domain: 'other.example' });
  const mId = await ready(deps, deps.channels.get('mastodon')!, 'ACMEMastodon', {
    description: 'The ACME support account on Mastodon (simulated).',
    instanceUrl: m,
    accessToken: mAccount.accessToken,
    targetQueueId: queueId,
  });

  const bAccount = await control<{ did: string; handle: string; appPassword: string }>(b, 'POST', '/_sim/accounts', { handle: 'acme-help.bsky.example', displayName: 'ACME Help' });
  const bCarol = await control<{ did: string; handle: string }>(b, 'POST', '/_sim/users', { handle: 'carol.bsky.example', displayName: 'Carol Customer' });
  const bId = await ready(deps, deps.channels.get('bluesky')!, 'ACMEBluesky', {
    description: 'The ACME support account on Bluesky (simulated).',
    serviceUrl: b,
    handle: bAccount.handle,
    appPassword: bAccount.appPassword,
    targetQueueId: queueId,
  });

  const mDm = JSON.stringify({ accountId: mCarol.id, text: `@${mAccount.acct} Hi! My order 4711 has not arrived.`, visibility: 'direct' });
  const bDm = JSON.stringify({ senderDid: bCarol.did, recipientDid: bAccount.did, text: 'Hi! My order 4711 has not arrived.' });
  const bPost = JSON.stringify({ authorDid: bCarol.did, text: `@${bAccount.handle} is anyone there?` });
  const help = (port: number) => `
  Mastodon simulator: ${m}   (account @${mAccount.acct}, customer @${mCarol.acct})
  Profile:            http://localhost:${port}/admin/social-media-profiles/mastodon/${mId}
  A direct message (a status with visibility "direct"):
    curl -s -X POST ${m}/_sim/statuses -H 'content-type: application/json' -d '${mDm}'

  Bluesky simulator:  ${b}   (account @${bAccount.handle}, customer @${bCarol.handle})
  Profile:            http://localhost:${port}/admin/social-media-profiles/bluesky/${bId}
  A chat message, or a post that mentions the account:
    curl -s -X POST ${b}/_sim/messages -H 'content-type: application/json' -d '${bDm}'
    curl -s -X POST ${b}/_sim/posts -H 'content-type: application/json' -d '${bPost}'
`;
  return { help, close: async () => void (await Promise.all([mastodon.close(), bluesky.close()])) };
}
