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

/** The high-water marks before ingestion, to find the rows it wrote. */
async function marks(db: Db) {
  const max = async (table: 'tickets' | 'articles' | 'ticket_history' | 'customer_users' | 'customer_identities') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m ?? 0);
  return { tickets: await max('tickets'), articles: await max('articles'), history: await max('ticket_history'), customers: await max('customer_users'), identities: await max('customer_identities') };
}

function chunks<T>(rows: T[], n: number): T[][] {
  const size = Math.ceil(rows.length / n);
  return Array.from({ length: n }, (_, i) => rows.slice(i * size, (i + 1) * size));
}

/**
 * The raw insert rate of the same rows: every customer, identity, ticket, article and history row
 * that ingestion wrote is inserted again (unique columns suffixed) with plain multi-row INSERTs,
 * in as many transactions as ingestion used, each also moving the cursor. No lookups, no decisions.
 */
async function rawInsert(db: Db, profileId: number, before: Awaited<ReturnType<typeof marks>>, transactions: number): Promise<number> {
  const customers = await db.selectFrom('customer_users').selectAll().where('id', '>', before.customers).orderBy('id').execute();
  const identities = await db.selectFrom('customer_identities').selectAll().where('id', '>', before.identities).orderBy('id').execute();
  const tickets = await db.selectFrom('tickets').selectAll().where('id', '>', before.tickets).orderBy('id').execute();
  const articles = await db.selectFrom('articles').selectAll().where('id', '>', before.articles).where('direction', '=', 'incoming').orderBy('id').execute();
  const history = await db.selectFrom('ticket_history').selectAll().where('id', '>', before.history).orderBy('id').execute();
  const parts = { c: chunks(customers, transactions), i: chunks(identities, transactions), t: chunks(tickets, transactions), a: chunks(articles, transactions), h: chunks(history, transactions) };
  const start = process.hrtime.bigint();
  for (let k = 0; k < transactions; k++) {
    await db.transaction().execute(async (trx) => {
      const cs = parts.c[k]!;
      const newCustomers = cs.length ? await trx.insertInto('customer_users').values(cs.map(({ id: _, ...r }) => ({ ...r, login: `${r.login}-raw` }))).returning('id').execute() : [];
      const is = parts.i[k]!;
      if (is.length) {
        await trx.insertInto('customer_identities').values(is.map(({ id: _, ...r }, j) => ({ ...r, customer_id: newCustomers[j]?.id ?? r.customer_id, external_user_id: `${r.external_user_id}-raw` }))).execute();
      }
      const ts = parts.t[k]!;
      const newTickets = ts.length ? await trx.insertInto('tickets').values(ts.map(({ id: _, ...r }) => ({ ...r, number: `${r.number}9` }))).returning('id').execute() : [];
      const as = parts.a[k]!;
      if (as.length) await trx.insertInto('articles').values(as.map(({ id: _, ...r }) => ({ ...r, external_id: `${r.external_id}-raw` }))).execute();
      const hs = parts.h[k]!;
      if (hs.length) await trx.insertInto('ticket_history').values(hs.map(({ id: _, ...r }, j) => ({ ...r, ticket_id: newTickets[j]?.id ?? r.ticket_id }))).execute();
      const cursor = as[as.length - 1]?.external_id ?? '0';
      await trx
        .insertInto('profile_cursors')
        .values({ profile_id: profileId, stream: 'raw', cursor, updated_at: now() })
        .onConflict((oc) => oc.columns(['profile_id', 'stream']).doUpdateSet({ cursor, updated_at: now() }))
        .execute();
    });
  }
  return ENTITIES / (ms(start) / 1000);
}

/** The F1 lookup's median in µs: five rounds of 1,000 random keys, the median of the rounds. */
async function lookupMicros(db: Db, profileId: number, stored: number): Promise<number> {
  const rounds: number[] = [];
  for (let r = 0; r < 6; r++) {
    const times: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const key = `dm:pre-${((r * 1000 + i) * 104729) % stored}`;
      const s = process.hrtime.bigint();
      await findConversationTicket(db, profileId, key, FOLLOW_UP_SEARCH_STATE_TYPES);
      times.push(ms(s) * 1000);
    }
    // The first round warms the cache and the code paths.
    if (r > 0) rounds.push(median(times));
  }
  return median(rounds);
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
    const before = await marks(database.db);
    const start = process.hrtime.bigint();
    for (const batch of batches) await ingestBatch(database.db, xAdapter, profile, 'dms', { entities: batch, cursor: batch[batch.length - 1]!.externalId });
    const ingest = ENTITIES / (ms(start) / 1000);
    const raw = await rawInsert(database.db, profile.id, before, batches.length);
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
    `${fmt(ENTITIES)} direct messages in batches of ${BATCH} (one transaction each, with the cursor), half opening new tickets and half following up on stored tickets (a third of those closed and reopened), from ${fmt(CUSTOMERS)} customers. "Raw" inserts the very rows that ingestion wrote (customers, identities, tickets, articles, history) once more with plain multi-row INSERTs, in as many transactions, each moving a cursor: the storage cost without lookups and decisions. The lookup is the F1 search for a conversation's ticket (median of five rounds of 1,000 random conversations, after a warm-up round).`,
    '',
    '| database | tickets stored | ingestion (entities/s) | raw insert of the same rows (entities/s) | raw ÷ ingestion | F1 lookup (µs) | lookup plan |',
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
