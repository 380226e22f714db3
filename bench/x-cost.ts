import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createXSimulator } from '../sim/x/server.ts';
import { defaultChannels } from '../src/channels/registry.ts';
import { meterSettled, usageCounter } from '../src/channels/clients.ts';
import { loadConfig } from '../src/config.ts';
import { saveQueue } from '../src/core/queues/service.ts';
import { saveProfile, verifyProfile } from '../src/core/social/service.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import { usageOf } from '../src/db/repos/billing.ts';
import { seedDefaults } from '../src/db/seed.ts';
import type { Deps } from '../src/deps.ts';
import { createLogger } from '../src/lib/logger.ts';
import { SecretBox } from '../src/lib/secrets.ts';
import { createWorker } from '../src/worker/worker.ts';
import { fmt, isMain, machine } from './util.ts';

// What X bills Parley for its reading, against the simulator (which bills as X does): a burst of
// mentions and DMs from many customers, then idle polls. The least X can bill for the burst is
// each entity once and each new author once (as a user, from the expansions).

const CUSTOMERS = 60;
const MENTIONS_EACH = 1;
const DMS_EACH = 2;
const IDLE_POLLS = 5;

interface Bill {
  total: { reads: Record<string, number>; returned: Record<string, number>; writes: Record<string, number>; usd: number };
}

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

export interface XCostFigures {
  entities: number;
  authors: number;
  minimum: number;
  billedReads: number;
  billedUsd: number;
  meterUsd: number;
  meterReads: number;
  idleReturned: number;
  idleBilled: number;
  burstPolls: number;
}

export async function measureXCost(): Promise<XCostFigures> {
  const sim = createXSimulator();
  const running = await sim.listen(0);
  const dir = mkdtempSync(join(tmpdir(), 'parley-xcost-'));
  const database = openDatabase(`sqlite:${join(dir, 'bench.db')}`);
  try {
    await migrate(database.db, database.dialect);
    await seedDefaults(database.db, 'bench-password-1');
    const config = { ...loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`, PARLEY_SECRET_KEY: 'bench-secret-key-0123456789abcdef' }), xApiUrl: running.url };
    const deps: Deps = {
      db: database.db,
      dialect: database.dialect,
      config,
      secrets: new SecretBox('bench-secret-key-0123456789abcdef'),
      logger: createLogger('silent'),
      channels: defaultChannels(),
    };
    const control = async <T,>(method: string, path: string, body?: unknown): Promise<T> => {
      const res = await fetch(running.url + path, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
      if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const account = await control<{ id: string; username: string; consumerKey: string; consumerSecret: string; accessToken: string; accessTokenSecret: string }>(
      'POST', '/_sim/accounts', { username: 'bench_help', name: 'Bench Help' },
    );
    const queue = await saveQueue(deps.db, 1, null, { name: 'Bench', groupId: 1, followUp: 'possible', followUpLock: false });
    const ctx = { db: deps.db, secrets: deps.secrets, adapter: deps.channels.get('twitter')! };
    const saved = await saveProfile(ctx, 1, null, {
      name: 'BenchHelp', appName: 'bench', consumerKey: account.consumerKey, consumerSecret: account.consumerSecret,
      accessToken: account.accessToken, accessTokenSecret: account.accessTokenSecret, targetQueueId: queue.id,
    });
    const verified = await verifyProfile(ctx, saved.id, running.url, usageCounter(deps, saved));
    if (!verified.ok) throw new Error(verified.message);
    await deps.db.updateTable('social_profiles').set({ completed_at: new Date(Date.now() - 2000).toISOString() }).where('id', '=', saved.id).execute();
    const worker = createWorker(deps, { pollSeconds: 0.001, delivery: { backoffMs: () => 0 } });
    const pollOnce = async () => {
      await deps.db.updateTable('profile_poll_state').set({ next_poll_at: new Date(0).toISOString() }).execute();
      await worker.tick();
      await meterSettled();
    };
    const bill = () => control<Bill>('GET', `/_sim/accounts/${account.id}/bill`);
    const incoming = async () =>
      Number((await deps.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).where('direction', '=', 'incoming').executeTakeFirstOrThrow()).n);

    const start = await bill();
    for (let i = 0; i < CUSTOMERS; i++) {
      const customer = await control<{ id: string }>('POST', '/_sim/users', { username: `cust_${i}`, name: `Customer ${i}` });
      for (let m = 0; m < MENTIONS_EACH; m++) await control('POST', '/_sim/tweets', { authorId: customer.id, text: `@${account.username} question ${m} from ${i}` });
      for (let d = 0; d < DMS_EACH; d++) await control('POST', '/_sim/dms', { senderId: customer.id, recipientId: account.id, text: `DM ${d} from ${i}` });
    }
    const entities = CUSTOMERS * (MENTIONS_EACH + DMS_EACH);
    // Read until everything is in (a backlog may take more than one poll when X's limits pace it).
    let burstPolls = 0;
    while ((await incoming()) < entities && burstPolls < 50) {
      await pollOnce();
      burstPolls += 1;
    }
    const afterBurst = await bill();
    for (let i = 0; i < IDLE_POLLS; i++) await pollOnce();
    const afterIdle = await bill();
    await worker.stop();

    const usage = (await usageOf(deps.db, [saved.id], new Date())).get(saved.id)!;
    return {
      entities: await incoming(),
      authors: CUSTOMERS,
      minimum: entities + CUSTOMERS,
      billedReads: sum(afterBurst.total.reads) - sum(start.total.reads),
      billedUsd: afterIdle.total.usd,
      meterUsd: usage.month.usd,
      meterReads: usage.month.reads,
      idleReturned: (sum(afterIdle.total.returned) - sum(afterBurst.total.returned)) / IDLE_POLLS,
      idleBilled: (sum(afterIdle.total.reads) - sum(afterBurst.total.reads)) / IDLE_POLLS,
      burstPolls,
    };
  } finally {
    await database.close();
    await running.close();
    rmSync(dir, { recursive: true, force: true });
    http.globalAgent.destroy();
  }
}

export default async function benchXCost(): Promise<string> {
  const f = await measureXCost();
  const ratio = f.billedReads / f.minimum;
  return [
    '## What X bills for reading',
    '',
    `Against the X simulator, which bills as X does (per resource returned, expansions as users, a resource read twice in one UTC day billed once). A burst of ${fmt(f.entities)} entities — ${fmt(CUSTOMERS * MENTIONS_EACH)} mentions and ${fmt(CUSTOMERS * DMS_EACH)} DMs from ${fmt(f.authors)} customers — read by the worker (${f.burstPolls} poll${f.burstPolls === 1 ? '' : 's'}), then ${IDLE_POLLS} idle polls. The minimum is each entity once and each new author once: ${fmt(f.minimum)} resources. "Returned per idle poll" counts what X sent back before its same-day dedup: what an idle poll costs once the dedup fails or the day turns.`,
    '',
    '| figure | value | target |',
    '|---|---:|---|',
    `| billed reads for the burst | ${fmt(f.billedReads)} | |`,
    `| ÷ minimum (${fmt(f.minimum)}) | ${fmt(ratio, 3)}× | ≤ 1.05× |`,
    `| billed reads per ingested entity | ${fmt(f.billedReads / f.entities, 3)} | |`,
    `| resources returned per idle poll | ${fmt(f.idleReturned, 1)} | ≤ 1 |`,
    `| resources billed per idle poll (same day) | ${fmt(f.idleBilled, 1)} | |`,
    `| X's bill, verify + burst + idle polls | $${fmt(f.billedUsd, 3)} | |`,
    `| Parley's meter for the same | $${fmt(f.meterUsd, 3)} (${fmt(f.meterReads)} reads) | equal to X's bill |`,
  ].join('\n');
}

if (isMain(import.meta.url)) {
  console.log(`Machine: ${machine()}\n`);
  console.log(await benchXCost());
}
