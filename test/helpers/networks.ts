import { randomBytes } from 'node:crypto';
import { saveQueue } from '../../src/core/queues/service.ts';
import { saveProfile, verifyProfile } from '../../src/core/social/service.ts';
import type { ProfileRow, QueueRow } from '../../src/db/schema.ts';
import type { Deps } from '../../src/deps.ts';
import { startBlueskySim, type BlueskyFixture } from '../../sim/bluesky/testing.ts';
import { startMastodonSim, type MastodonFixture } from '../../sim/mastodon/testing.ts';

// The other side of Mastodon and Bluesky for end-to-end tests, behind one shape so that the same
// tests run for both networks: a support account in the simulator connected to a verified,
// complete Parley profile, and people who mention it, answer it and send it direct messages.

export interface Person {
  id: string;
  handle: string;
  displayName: string;
}

export interface Sent {
  dms: { text: string; to: string[]; inReplyTo: string | null }[];
  posts: { id: string; text: string; inReplyTo: string | null }[];
}

export interface NetworkHarness {
  type: 'mastodon' | 'bluesky';
  /** How the network's DM conversation keys look. */
  dmKey: RegExp;
  postKey: (rootId: string) => string;
  start(): Promise<void>;
  close(): Promise<void>;
  /** A support account with credentials, as an administrator would enter them. */
  account(): Promise<{ person: Person; credentials: Record<string, string> }>;
  person(name: string): Promise<Person>;
  /** A public post mentioning the account (or answering `replyTo`); the id Parley stores for it. */
  mention(from: Person, to: Person, text: string, replyTo?: string): Promise<string>;
  dm(from: Person, to: Person, text: string): Promise<string>;
  sent(account: Person): Promise<Sent>;
  /** A notification that is not a message (a like, a favourite): never a ticket. */
  like(from: Person, postId: string): Promise<void>;
  fault(endpoint: 'notifications' | 'send-dm', status: 429 | 503, count?: number): Promise<void>;
}

const suffix = () => randomBytes(3).toString('hex');

/** `maxCharacters`: the server's configuration.statuses.max_characters (a stock server's 500 by default). */
export function mastodonHarness(opts: { maxCharacters?: number } = {}): NetworkHarness {
  let f: MastodonFixture;
  return {
    type: 'mastodon',
    dmKey: /^dm:\d+$/,
    postKey: (root) => `status:${root}`,
    async start() {
      f = await startMastodonSim({ maxCharacters: opts.maxCharacters ?? 500 });
    },
    close: () => f?.close() ?? Promise.resolve(),
    async account() {
      const a = await f.control<{ id: string; acct: string; displayName: string; accessToken: string }>('POST', '/_sim/accounts', { username: `help_${suffix()}`, displayName: 'Parley Help' });
      return { person: { id: a.id, handle: a.acct, displayName: a.displayName }, credentials: { instanceUrl: f.url, accessToken: a.accessToken } };
    },
    async person(name) {
      const u = await f.control<{ id: string; acct: string; displayName: string }>('POST', '/_sim/users', { username: `${name.toLowerCase()}_${suffix()}`, displayName: name, domain: 'other.example' });
      return { id: u.id, handle: u.acct, displayName: u.displayName };
    },
    async mention(from, to, text, replyTo) {
      const s = await f.control<{ id: string }>('POST', '/_sim/statuses', { accountId: from.id, text: `@${to.handle} ${text}`, visibility: 'public', inReplyToId: replyTo ?? null });
      return s.id;
    },
    async dm(from, to, text) {
      return (await f.control<{ id: string }>('POST', '/_sim/statuses', { accountId: from.id, text: `@${to.handle} ${text}`, visibility: 'direct' })).id;
    },
    async sent(account) {
      const { statuses } = await f.control<{ statuses: { id: string; text: string; visibility: string; inReplyToId: string | null; mentionIds: string[] }[] }>('GET', `/_sim/accounts/${account.id}/sent`);
      return {
        dms: statuses.filter((s) => s.visibility === 'direct').map((s) => ({ text: s.text, to: s.mentionIds, inReplyTo: s.inReplyToId })),
        posts: statuses.filter((s) => s.visibility !== 'direct').map((s) => ({ id: s.id, text: s.text, inReplyTo: s.inReplyToId })),
      };
    },
    async like(from, postId) {
      await f.control('POST', '/_sim/favourites', { accountId: from.id, statusId: postId });
    },
    async fault(endpoint, status, count = 1) {
      await f.control('POST', '/_sim/faults', { endpoint: endpoint === 'notifications' ? 'GET /api/v1/notifications' : 'POST /api/v1/statuses', status, count });
    },
  };
}

export function blueskyHarness(): NetworkHarness {
  let f: BlueskyFixture;
  return {
    type: 'bluesky',
    dmKey: /^dm:[0-9a-z]+$/,
    postKey: (root) => `post:${root}`,
    async start() {
      f = await startBlueskySim();
    },
    close: () => f?.close() ?? Promise.resolve(),
    async account() {
      const a = await f.control<{ did: string; handle: string; displayName: string; appPassword: string }>('POST', '/_sim/accounts', { handle: `help-${suffix()}.bsky.example`, displayName: 'Parley Help' });
      return { person: { id: a.did, handle: a.handle, displayName: a.displayName }, credentials: { serviceUrl: f.url, handle: a.handle, appPassword: a.appPassword } };
    },
    async person(name) {
      const u = await f.control<{ did: string; handle: string; displayName: string }>('POST', '/_sim/users', { handle: `${name.toLowerCase()}-${suffix()}.bsky.example`, displayName: name });
      return { id: u.did, handle: u.handle, displayName: u.displayName };
    },
    async mention(from, to, text, replyTo) {
      return (await f.control<{ uri: string }>('POST', '/_sim/posts', { authorDid: from.id, text: `@${to.handle} ${text}`, replyTo: replyTo ?? null })).uri;
    },
    async dm(from, to, text) {
      return `chat:${(await f.control<{ id: string }>('POST', '/_sim/messages', { senderDid: from.id, recipientDid: to.id, text })).id}`;
    },
    async sent(account) {
      const s = await f.control<{ posts: { uri: string; text: string; reply: { parent: { uri: string } } | null }[]; messages: { text: string; recipients: string[] }[] }>('GET', `/_sim/accounts/${account.id}/sent`);
      return {
        dms: s.messages.map((m) => ({ text: m.text, to: m.recipients, inReplyTo: null })),
        posts: s.posts.map((p) => ({ id: p.uri, text: p.text, inReplyTo: p.reply?.parent.uri ?? null })),
      };
    },
    async like(from, postId) {
      await f.control('POST', '/_sim/likes', { authorDid: from.id, uri: postId });
    },
    async fault(endpoint, status, count = 1) {
      await f.control('POST', '/_sim/faults', { endpoint: endpoint === 'notifications' ? 'app.bsky.notification.listNotifications' : 'chat.bsky.convo.sendMessage', status, count });
    },
  };
}

export const NETWORKS = [mastodonHarness, blueskyHarness];

export interface ConnectedNetworkProfile {
  account: Person;
  queue: QueueRow;
  profile: ProfileRow;
}

export async function connectNetworkProfile(
  deps: Deps,
  net: NetworkHarness,
  opts: { followUp?: 'possible' | 'reject' | 'new_ticket'; followUpLock?: boolean; autoResponse?: string | null } = {},
): Promise<ConnectedNetworkProfile> {
  const { person, credentials } = await net.account();
  const queue = await saveQueue(deps.db, 1, null, { name: `Social ${suffix()}`, groupId: 1, followUp: opts.followUp ?? 'possible', followUpLock: opts.followUpLock ?? false });
  const ctx = { db: deps.db, secrets: deps.secrets, adapter: deps.channels.get(net.type)! };
  const created = await saveProfile(ctx, 1, null, {
    name: `Help${suffix()}`,
    description: 'The support account.',
    ...credentials,
    targetQueueId: queue.id,
    autoResponseEnabled: Boolean(opts.autoResponse),
    autoResponseText: opts.autoResponse ?? null,
  });
  const verified = await verifyProfile(ctx, created.id, '');
  if (!verified.ok) throw new Error(`verify failed: ${verified.message}`);
  const start = new Date(Date.now() - 2000).toISOString();
  await deps.db.updateTable('social_profiles').set({ completed_at: start }).where('id', '=', created.id).execute();
  const profile = await deps.db.selectFrom('social_profiles').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
  return { account: person, queue, profile };
}
