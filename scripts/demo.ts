import { serve } from '@hono/node-server';
import { xAdapter } from '../src/channels/x/index.ts';
import { loadConfig } from '../src/config.ts';
import { findProfileByName } from '../src/db/repos/profiles.ts';
import { findQueueByName } from '../src/db/repos/queues.ts';
import { saveQueue } from '../src/core/queues/service.ts';
import { saveProfile, verifyProfile } from '../src/core/social/service.ts';
import { startRuntime } from '../src/runtime.ts';
import { createApp } from '../src/web/app.tsx';
import { createWorker } from '../src/worker/worker.ts';
import { createXSimulator } from '../sim/x/server.ts';
import { startFediverseDemo } from './demo-fediverse.ts';

// `npm run demo`: the X, Mastodon and Bluesky simulators and Parley in one process, with a ready
// profile on each, so a person can send a DM as a customer and watch it become a ticket. Its own database: ./data/demo.db.

const SIM_PORT = Number(process.env.SIM_X_PORT ?? 4100);
const sim = createXSimulator({ log: () => undefined });
const running = await sim.listen(SIM_PORT);
const base = running.url;

async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(base + path, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const account = await control<{ id: string; username: string; consumerKey: string; consumerSecret: string; accessToken: string; accessTokenSecret: string }>(
  'POST', '/_sim/accounts', { username: 'acme_help', name: 'ACME Help', consumerKey: 'demo-consumer-key', consumerSecret: 'demo-consumer-secret', accessToken: '1-demo-access-token', accessTokenSecret: 'demo-access-token-secret' },
);
const carol = await control<{ id: string; username: string }>('POST', '/_sim/users', { username: 'carol', name: 'Carol Customer' });

process.env.DATABASE_URL ??= 'sqlite:./data/demo.db';
process.env.PARLEY_X_API_URL = base;
process.env.PARLEY_POLL_SECONDS ??= '5';
process.env.PARLEY_ADMIN_PASSWORD ??= 'demo-admin';
process.env.LOG_LEVEL ??= 'warn';
const config = loadConfig();
const { deps } = await startRuntime(config);
const ctx = { db: deps.db, secrets: deps.secrets, adapter: xAdapter };

let queue = await findQueueByName(deps.db, 'Social');
queue ??= await saveQueue(deps.db, 1, null, { name: 'Social', groupId: 1, followUp: 'possible', followUpLock: true, comment: 'Tickets from X.' });
const existing = await findProfileByName(deps.db, 'ACMEHelp');
const profile = await saveProfile(ctx, 1, existing?.id ?? null, {
  name: 'ACMEHelp',
  description: 'The ACME support account on X (simulated).',
  appName: 'ACME Parley',
  consumerKey: account.consumerKey,
  consumerSecret: account.consumerSecret,
  accessToken: account.accessToken,
  accessTokenSecret: account.accessTokenSecret,
  targetQueueId: queue.id,
  autoResponseEnabled: true,
  autoResponseText: 'Thanks for your message! An agent will answer shortly.',
});
const verified = await verifyProfile(ctx, profile.id, base);
if (!verified.ok) throw new Error(verified.message);
// The simulator is new on every start: poll everything it has.
await deps.db.updateTable('social_profiles').set({ completed_at: new Date(Date.now() - 60_000).toISOString() }).where('id', '=', profile.id).execute();
await deps.db.deleteFrom('profile_cursors').where('profile_id', '=', profile.id).execute();

const fediverse = await startFediverseDemo(deps, queue.id);

const worker = createWorker(deps, { pollSeconds: config.pollSeconds, leaseSeconds: config.leaseSeconds, concurrency: config.workerConcurrency });
worker.start();
serve({ fetch: createApp(deps).fetch, port: config.port }, (info) => {
  const dm = JSON.stringify({ senderId: carol.id, recipientId: account.id, text: 'Hi! My order 4711 has not arrived.' });
  const mention = JSON.stringify({ authorId: carol.id, text: `@${account.username} is anyone there?` });
  process.stdout.write(`
Parley demo
  Parley:        http://localhost:${info.port}   (login root@localhost / ${process.env.PARLEY_ADMIN_PASSWORD})
  X simulator:   ${base}   (account @${account.username}, customer @${carol.username})
  Profile:       http://localhost:${info.port}/admin/social-media-profiles/twitter/${profile.id}

Be the customer and send @${account.username} a direct message:
  curl -s -X POST ${base}/_sim/dms -H 'content-type: application/json' -d '${dm}'
or mention it in a post:
  curl -s -X POST ${base}/_sim/tweets -H 'content-type: application/json' -d '${mention}'

${fediverse.help(info.port)}
Within ${config.pollSeconds} s the message is a ticket in the queue "Social" (http://localhost:${info.port}/tickets).
Answer it there; see what the account sent: curl -s ${base}/_sim/accounts/${account.id}/sent
Ctrl-C stops them all.
`);
});

const stop = async (): Promise<void> => {
  await worker.stop();
  await running.close();
  await fediverse.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
