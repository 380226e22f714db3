import { randomBytes } from 'node:crypto';
import { xAdapter } from '../../src/channels/x/index.ts';
import { saveQueue } from '../../src/core/queues/service.ts';
import { saveProfile, verifyProfile } from '../../src/core/social/service.ts';
import type { ProfileRow, QueueRow } from '../../src/db/schema.ts';
import type { Deps } from '../../src/deps.ts';
import { createWorker, type Worker } from '../../src/worker/worker.ts';
import type { SimFixture, TestAccount } from '../../sim/x/testing.ts';

// End-to-end helpers: a fresh X account in the simulator and a verified, complete Parley profile
// connected to it, in a queue with the follow-up settings a test needs.

export interface SimUser {
  id: string;
  username: string;
  name: string;
}

export interface ConnectedProfile {
  account: TestAccount;
  queue: QueueRow;
  profile: ProfileRow;
}

const suffix = (): string => randomBytes(3).toString('hex');

export async function connectProfile(
  deps: Deps,
  sim: SimFixture,
  opts: { followUp?: 'possible' | 'reject' | 'new_ticket'; followUpLock?: boolean; autoResponse?: string | null } = {},
): Promise<ConnectedProfile> {
  const account = await sim.control<TestAccount>('POST', '/_sim/accounts', { username: `help_${suffix()}`, name: 'Parley Help' });
  const queue = await saveQueue(deps.db, 1, null, {
    name: `Social ${suffix()}`,
    groupId: 1,
    followUp: opts.followUp ?? 'possible',
    followUpLock: opts.followUpLock ?? false,
  });
  const ctx = { db: deps.db, secrets: deps.secrets, adapter: xAdapter };
  const created = await saveProfile(ctx, 1, null, {
    name: `Help${suffix()}`,
    description: 'The support account.',
    appName: 'Parley test app',
    consumerKey: account.consumerKey,
    consumerSecret: account.consumerSecret,
    accessToken: account.accessToken,
    accessTokenSecret: account.accessTokenSecret,
    targetQueueId: queue.id,
    autoResponseEnabled: Boolean(opts.autoResponse),
    autoResponseText: opts.autoResponse ?? null,
  });
  const verified = await verifyProfile(ctx, created.id, deps.config.xApiUrl);
  if (!verified.ok) throw new Error(`verify failed: ${verified.message}`);
  // X reports times to the second; start the profile a little in the past so nothing sent in this
  // second falls before it.
  const start = new Date(Date.now() - 2000).toISOString();
  await deps.db.updateTable('social_profiles').set({ completed_at: start }).where('id', '=', created.id).execute();
  const profile = await deps.db.selectFrom('social_profiles').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
  return { account, queue, profile };
}

export async function simUser(sim: SimFixture, name = 'Carol'): Promise<SimUser> {
  return sim.control<SimUser>('POST', '/_sim/users', { username: `${name.toLowerCase()}_${suffix()}`, name, profileImageUrl: `https://pbs.example/${name}.png` });
}

export async function sendDm(sim: SimFixture, from: SimUser, to: TestAccount, text: string): Promise<{ id: string }> {
  return sim.control('POST', '/_sim/dms', { senderId: from.id, recipientId: to.id, text });
}

export async function tweet(sim: SimFixture, from: SimUser, text: string, inReplyToTweetId?: string): Promise<{ id: string }> {
  return sim.control('POST', '/_sim/tweets', { authorId: from.id, text, ...(inReplyToTweetId ? { inReplyToTweetId } : {}) });
}

/** A worker that polls at once whenever asked and retries deliveries without waiting. */
export function eagerWorker(deps: Deps): Worker {
  return createWorker(deps, { pollSeconds: 0.001, delivery: { backoffMs: () => 0 } });
}

/** Makes every profile due again (tests do not wait for PARLEY_POLL_SECONDS). */
export async function makeDue(deps: Deps): Promise<void> {
  await deps.db.updateTable('profile_poll_state').set({ next_poll_at: new Date(0).toISOString() }).execute();
}
