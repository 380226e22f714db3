import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { xAdapter } from '../src/channels/x/index.ts';
import type { InboundEntity } from '../src/channels/types.ts';
import { FOLLOW_UP_SEARCH_STATE_TYPES } from '../src/core/followup.ts';
import { openDatabase, type Database } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import { findConversationTicket } from '../src/db/repos/tickets.ts';
import type { Db, ProfileRow } from '../src/db/schema.ts';
import { seedDefaults } from '../src/db/seed.ts';
import { ingestBatch } from '../src/ingest/ingest.ts';
import { fmt, isMain, machine, median, ms } from './util.ts';

// Ingestion throughput (entities/s into tickets and articles) with 10k and 100k tickets already
// stored, next to the raw insert rate of the same rows, and the F1 ticket lookup at both sizes.

const BATCH = 100;
const ENTITIES = 20_000;
const CUSTOMERS = 5_000;

interface Target {
  name: string;
  open(): Promise<{ database: Database; cleanup(): Promise<void> }>;
}

function sqliteTarget(): Target {
  return {
    name: 'SQLite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
      const database = openDatabase(`sqlite:${join(dir, 'bench.db')}`);
      return { database, cleanup: async () => { await database.close(); rmSync(dir, { recursive: true, force: true }); } };
    },
  };
}

function pgTarget(url: string): Target {
  return {
    name: 'PostgreSQL',
    async open() {
      const name = `parley_bench_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const u = new URL(url);
      u.pathname = `/${name}`;
      const database = openDatabase(u.toString());
      return {
        database,
        cleanup: async () => {
          await database.close();
          const c = new pg.Client({ connectionString: url });
          await c.connect();
          await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await c.end();
        },
      };
    },
  };
}

const now = () => new Date().toISOString();
let idSeq = 1_800_000_000_000_000_000n;
const nextId = () => String(++idSeq);

async function setupProfile(db: Db): Promise<ProfileRow> {
  const t = now();
  return db
    .insertInto('social_profiles')
    .values({
      type: 'twitter', name: 'Bench', description: null, app_name: 'bench', credentials: '{}', target_queue_id: 3, auto_response_enabled: 0, auto_response_text: null,
      validity: 'valid', account_id: '1', account_username: 'bench', account_name: 'Bench', verified_at: t, verify_error: null, completed_at: t,
      created_at: t, changed_at: t, created_by: 1, changed_by: 1,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** N stored tickets, each with one article, a third of them closed, in multi-row inserts. */
async function preload(db: Db, profileId: number, n: number, start: number): Promise<void> {
  const t = now();
  const chunk = 500;
  for (let i = start; i < start + n; i += chunk) {
    await db.transaction().execute(async (trx) => {
      const rows = Array.from({ length: Math.min(chunk, start + n - i) }, (_, k) => {
        const j = i + k;
        return {
          number: `2000010110${String(j).padStart(8, '0')}`, title: `Preloaded ${j}`, queue_id: 3, state: j % 3 === 0 ? 'closed successful' : 'open', state_type: j % 3 === 0 ? 'closed' : 'open',
          lock: 'unlock', owner_id: 1, priority: 3, customer_id: null, social_profile_id: profileId, conversation_key: `dm:pre-${j}`, pending_until: null,
          created_at: t, changed_at: t, created_by: 1, changed_by: 1,
        };
      });
      const ids = await trx.insertInto('tickets').values(rows).returning('id').execute();
      await trx
        .insertInto('articles')
        .values(ids.map((r, k) => ({
          ticket_id: r.id, channel: 'twitter', direction: 'incoming', sender_type: 'customer', from_display: '@pre', to_display: '@bench', body: `preloaded ${i + k}`,
          visible_for_customer: 1, profile_id: profileId, kind: 'dm', external_id: `pre-${i + k}`, conversation_key: `dm:pre-${i + k}`, in_reply_to_external_id: null,
          url: null, identity_id: null, delivery_status: null, delivery_error: null, created_by: 1, created_at: t,
        })))
        .execute();
    });
  }
}

/** Half new conversations, half follow-ups to stored tickets (a third of those closed: reopened). */
function workload(stored: number): InboundEntity[][] {
  const batches: InboundEntity[][] = [];
  for (let b = 0; b < ENTITIES / BATCH; b++) {
    const batch: InboundEntity[] = [];
    for (let k = 0; k < BATCH; k++) {
      const i = b * BATCH + k;
      const user = i % CUSTOMERS;
      const followUp = i % 2 === 1;
      batch.push({
        kind: 'dm', stream: 'dms', externalId: nextId(),
        conversationKey: followUp ? `dm:pre-${(i * 7919) % stored}` : `dm:new-${i}`,
        inReplyToExternalId: null,
        author: { externalUserId: String(10_000 + user), handle: `user${user}`, displayName: `User ${user}`, avatarUrl: null },
        text: `Message ${i}: my parcel has not arrived yet, can you check?`, createdAt: now(), url: null,
      });
    }
    batches.push(batch);
  }
  return batches;
}

/** The same rows without the logic: customers, tickets, articles, history, cursor. */
async function rawInsert(db: Db, profileId: number, batches: InboundEntity[][]): Promise<number> {
  const start = process.hrtime.bigint();
  let n = 0;
  for (const batch of batches) {
    await db.transaction().execute(async (trx) => {
      const t = now();
      const customers = await trx
        .insertInto('customer_users')
        .values(batch.map((e, k) => ({ login: `raw:${e.externalId}:${k}`, name: e.author.displayName, email: null, validity: 'valid', created_at: t, changed_at: t })))
        .returning('id')
        .execute();
      const tickets = await trx
        .insertInto('tickets')
        .values(batch.map((e, k) => ({
          number: `raw${e.externalId}`, title: e.text.slice(0, 80), queue_id: 3, state: 'new', state_type: 'new', lock: 'unlock', owner_id: 1, priority: 3,
          customer_id: customers[k]!.id, social_profile_id: profileId, conversation_key: `raw:${e.conversationKey}:${k}`, pending_until: null, created_at: t, changed_at: t, created_by: 1, changed_by: 1,
        })))
        .returning('id')
        .execute();
      await trx
        .insertInto('articles')
        .values(batch.map((e, k) => ({
          ticket_id: tickets[k]!.id, channel: 'twitter-raw', direction: 'incoming', sender_type: 'customer', from_display: `@${e.author.handle}`, to_display: '@bench', body: e.text,
          visible_for_customer: 1, profile_id: profileId, kind: 'dm', external_id: e.externalId, conversation_key: e.conversationKey, in_reply_to_external_id: null, url: null,
          identity_id: null, delivery_status: null, delivery_error: null, created_by: 1, created_at: t,
        })))
        .execute();
      await trx.insertInto('ticket_history').values(tickets.map((r) => ({ ticket_id: r.id, type: 'NewTicket', message: 'raw', created_by: 1, created_at: t }))).execute();
      await trx
        .insertInto('profile_cursors')
        .values({ profile_id: profileId, stream: 'raw', cursor: batch[batch.length - 1]!.externalId, updated_at: t })
        .onConflict((oc) => oc.columns(['profile_id', 'stream']).doUpdateSet({ cursor: batch[batch.length - 1]!.externalId, updated_at: t }))
        .execute();
    });
    n += batch.length;
  }
  return n / (ms(start) / 1000);
}

async function lookupMicros(db: Db, profileId: number, stored: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const key = `dm:pre-${(i * 104729) % stored}`;
    const s = process.hrtime.bigint();
    await findConversationTicket(db, profileId, key, FOLLOW_UP_SEARCH_STATE_TYPES);
    times.push(ms(s) * 1000);
  }
  return median(times.slice(200));
}

/** How the database runs the F1 lookup: it must be an index seek at any size. */
async function lookupPlan(database: Database, profileId: number): Promise<string> {
  const types = sql.join([...FOLLOW_UP_SEARCH_STATE_TYPES].map((t) => sql.lit(t)));
  const query = sql`SELECT * FROM tickets WHERE social_profile_id = ${sql.lit(profileId)} AND conversation_key = ${sql.lit('dm:pre-1')} AND state_type IN (${types}) ORDER BY id DESC LIMIT 1`;
  const explain = database.dialect === 'sqlite' ? sql<Record<string, unknown>>`EXPLAIN QUERY PLAN ${query}` : sql<Record<string, unknown>>`EXPLAIN ${query}`;
  const rows = (await explain.execute(database.db)).rows;
  const text = rows.map((r) => String(r['detail'] ?? r['QUERY PLAN'] ?? '')).join(' ');
  return /tickets_conversation/.test(text) ? 'index tickets_conversation' : text;
}

interface Row {
  db: string;
  stored: number;
  ingest: number;
  raw: number;
  lookupUs: number;
  plan: string;
}

async function measure(target: Target, stored: number): Promise<Row> {
  const { database, cleanup } = await target.open();
  try {
    await migrate(database.db, database.dialect);
    await seedDefaults(database.db, 'bench-password-1');
    const profile = await setupProfile(database.db);
    await preload(database.db, profile.id, stored, 0);
    // As autovacuum would after a bulk load: fresh statistics for the planner.
    if (database.dialect === 'postgres') await sql`ANALYZE`.execute(database.db);
    const lookupUs = await lookupMicros(database.db, profile.id, stored);
    const plan = await lookupPlan(database, profile.id);
    // Warm up the code paths, then measure.
    for (const batch of workload(stored).slice(0, 5)) await ingestBatch(database.db, xAdapter, profile, 'dms', { entities: batch, cursor: batch[batch.length - 1]!.externalId });
    const batches = workload(stored);
    const start = process.hrtime.bigint();
    for (const batch of batches) await ingestBatch(database.db, xAdapter, profile, 'dms', { entities: batch, cursor: batch[batch.length - 1]!.externalId });
    const ingest = ENTITIES / (ms(start) / 1000);
    const raw = await rawInsert(database.db, profile.id, workload(stored));
    return { db: target.name, stored, ingest, raw, lookupUs, plan };
  } finally {
    await cleanup();
  }
}

export default async function benchIngest(): Promise<string> {
  const targets = [sqliteTarget()];
  const pgUrl = process.env.PARLEY_BENCH_PG_URL ?? process.env.PARLEY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  try {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.end();
    targets.push(pgTarget(pgUrl));
  } catch {
    // No PostgreSQL here: the table says so.
  }
  const rows: Row[] = [];
  for (const t of targets) for (const stored of [10_000, 100_000]) rows.push(await measure(t, stored));
  const lines = [
    '## Ingestion',
    '',
    `${fmt(ENTITIES)} direct messages in batches of ${BATCH} (one transaction each, with the cursor), half opening new tickets and half following up on stored tickets (a third of those closed and reopened), from ${fmt(CUSTOMERS)} customers. "Raw" inserts the same rows (customer, ticket, article, history, cursor) with plain multi-row INSERTs in the same transactions, without lookups or decisions. The lookup is the F1 search for a conversation's ticket (median of 1,800).`,
    '',
    '| database | tickets stored | ingestion (entities/s) | raw insert (rows-sets/s) | raw ÷ ingestion | F1 lookup (µs) | lookup plan |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...rows.map((r) => `| ${r.db} | ${fmt(r.stored)} | ${fmt(r.ingest)} | ${fmt(r.raw)} | ${fmt(r.raw / r.ingest, 2)}× | ${fmt(r.lookupUs, 1)} | ${r.plan} |`),
    '',
    'Targets: ≥ 5,000 entities/s on SQLite, ≥ 2,000/s on PostgreSQL, within 4× of the raw rate, and a lookup no slower at 100k than at 10k.',
  ];
  if (!targets.some((t) => t.name === 'PostgreSQL')) lines.push('', '_PostgreSQL was not reachable; set PARLEY_BENCH_PG_URL._');
  return lines.join('\n');
}

if (isMain(import.meta.url)) {
  console.log(`Machine: ${machine()}\n`);
  console.log(await benchIngest());
}
