// Benchmark of the agent interface's server time (app.request, no socket) on SQLite: the queue
// view over 100,000 tickets and the zoom of a ticket with 500 articles. `node --import tsx
// bench/agent-ui.ts` prints the markdown section; `npm run bench` puts it in docs/benchmarks.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { defaultChannels } from '../src/channels/registry.ts';
import { SEED_ACL_YAML } from '../src/core/acl/index.ts';
import { deployAcls, importAcls } from '../src/core/acl-admin/service.ts';
import { saveAgent } from '../src/core/agents/service.ts';
import { saveProfile } from '../src/core/social/service.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import type { Db, NewArticleRow, NewTicketRow } from '../src/db/schema.ts';
import { seedDefaults } from '../src/db/seed.ts';
import { createLogger } from '../src/lib/logger.ts';
import { SecretBox } from '../src/lib/secrets.ts';
import { lastTicketChange } from '../src/db/repos/tickets.ts';
import { createApp } from '../src/web/app.tsx';
import { isMain, median, percentile, sessionCookie } from './util.ts';

const TICKETS = 100_000;
const ZOOM_ARTICLES = 500;
const QUEUES = 10;
const AGENTS = 20;
const CUSTOMERS = 20_000;
const RUNS = 60;
export const PASSWORD = 'bench-password-1';
export const SECRET = 'bench-secret-key-0123456789abcdef';

/** A fixed pseudo-random sequence, so every run seeds the same data. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const STATES: [state: string, type: string, weight: number][] = [
  ['closed successful', 'closed', 62],
  ['closed unsuccessful', 'closed', 8],
  ['new', 'new', 8],
  ['open', 'open', 15],
  ['pending reminder', 'pending reminder', 4],
  ['pending auto close+', 'pending auto', 3],
];

/** Inserts in chunks that keep SQLite under its bound-parameter limit, all in one transaction. */
async function insertChunked<T extends object>(db: Db, table: 'tickets' | 'articles' | 'customer_users' | 'customer_identities' | 'ticket_history', rows: T[]): Promise<void> {
  const per = Math.floor(30_000 / Object.keys(rows[0] ?? { a: 1 }).length);
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += per) await trx.insertInto(table).values(rows.slice(i, i + per) as never).execute();
  });
}

export async function seed(db: Db, secrets: SecretBox): Promise<{ zoomTicketId: number }> {
  const rnd = random(42);
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  await seedDefaults(db, PASSWORD);
  const users = await db.selectFrom('groups').select('id').where('name', '=', 'users').executeTakeFirstOrThrow();
  const audit = { created_at: iso(now), changed_at: iso(now), created_by: 1, changed_by: 1 };
  await db
    .insertInto('queues')
    .values(Array.from({ length: QUEUES - 3 }, (_, i) => ({ name: `Social ${i + 1}`, group_id: users.id, comment: null, validity: 'valid', follow_up: 'possible', follow_up_lock: 0, ...audit })))
    .execute();
  const queueIds = (await db.selectFrom('queues').select('id').execute()).map((q) => q.id);
  for (let i = 0; i < AGENTS; i++) {
    await saveAgent(db, 1, null, { login: `agent${i}`, firstName: 'Agent', lastName: String(i), email: `agent${i}@example.com`, password: PASSWORD, groups: [{ groupId: users.id, permission: 'rw' }] });
  }
  const agentIds = (await db.selectFrom('agents').select('id').execute()).map((a) => a.id);
  const adapter = defaultChannels().get('twitter')!;
  const profile = await saveProfile({ db, secrets, adapter }, 1, null, {
    name: 'BenchHelp',
    appName: 'Bench',
    consumerKey: 'ck',
    consumerSecret: 'cs',
    accessToken: '1-at',
    accessTokenSecret: 'ats',
    targetQueueId: queueIds[3],
  });
  await db.updateTable('social_profiles').set({ account_id: '1', account_username: 'benchhelp', account_name: 'Bench Help', verified_at: iso(now), completed_at: iso(now) }).where('id', '=', profile.id).execute();

  await insertChunked(
    db,
    'customer_users',
    Array.from({ length: CUSTOMERS }, (_, i) => ({ login: `twitter:${1000 + i}`, name: `Customer ${i}`, email: null, validity: 'valid', created_at: iso(now), changed_at: iso(now) })),
  );
  await insertChunked(
    db,
    'customer_identities',
    Array.from({ length: CUSTOMERS }, (_, i) => ({
      customer_id: i + 1,
      network: 'twitter',
      external_user_id: String(1000 + i),
      handle: `customer_${i}`,
      display_name: `Customer ${i}`,
      avatar_url: `https://pbs.twimg.com/profile_images/${1000 + i}/a.jpg`,
      created_at: iso(now),
      changed_at: iso(now),
    })),
  );

  const total = STATES.reduce((s, x) => s + x[2], 0);
  const tickets: NewTicketRow[] = [];
  for (let i = 0; i < TICKETS; i++) {
    let r = rnd() * total;
    const [state, type] = STATES.find((x) => (r -= x[2]) < 0) ?? STATES[0]!;
    const created = now - Math.floor((TICKETS - i) * 300_000 * (0.5 + rnd()));
    const changed = Math.min(now, created + Math.floor(rnd() * 86_400_000));
    const dm = rnd() < 0.5;
    tickets.push({
      number: String(2_000_000_000_000 + i),
      title: `${dm ? 'DM' : 'Post'}: question ${i} about order ${Math.floor(rnd() * 1e6)}`,
      queue_id: queueIds[Math.floor(rnd() * queueIds.length)]!,
      state,
      state_type: type,
      lock: type !== 'closed' && rnd() < 0.2 ? 'lock' : 'unlock',
      owner_id: agentIds[Math.floor(rnd() * agentIds.length)]!,
      priority: 1 + Math.floor(rnd() * 5),
      customer_id: 1 + Math.floor(rnd() * CUSTOMERS),
      social_profile_id: profile.id,
      conversation_key: dm ? `dm:1-${i}` : `tweet:${10_000_000 + i}`,
      pending_until: type.startsWith('pending') ? iso(now + 86_400_000) : null,
      created_at: iso(created),
      changed_at: iso(changed),
      created_by: 1,
      changed_by: 1,
    });
  }
  await insertChunked(db, 'tickets', tickets);

  const article = (ticketId: number, i: number, at: string, incoming: boolean, customerId: number): NewArticleRow => ({
    ticket_id: ticketId,
    channel: 'twitter',
    direction: incoming ? 'incoming' : 'outgoing',
    sender_type: incoming ? 'customer' : 'agent',
    from_display: incoming ? `@customer_${customerId - 1}` : '@benchhelp',
    to_display: incoming ? '@benchhelp' : `@customer_${customerId - 1}`,
    body: `Message ${i}: ${incoming ? 'the parcel still has not arrived, could you look into it?' : 'we are on it and will get back to you today.'}`,
    visible_for_customer: 1,
    profile_id: profile.id,
    kind: 'dm',
    external_id: `${ticketId}-${i}`,
    conversation_key: `dm:1-${ticketId}`,
    in_reply_to_external_id: null,
    url: null,
    identity_id: incoming ? customerId : null,
    delivery_status: incoming ? null : i % 50 === 1 ? 'failed' : 'sent',
    delivery_error: incoming || i % 50 !== 1 ? null : 'X refused the message (duplicate content).',
    created_by: incoming ? 1 : agentIds[i % agentIds.length]!,
    created_at: at,
  });
  // One message per ticket, so searching the text has something to read.
  await insertChunked(
    db,
    'articles',
    tickets.map((t, i) => article(i + 1, 0, t.created_at, true, t.customer_id!)),
  );
  const zoomTicketId = Math.floor(TICKETS / 2);
  const zoom = tickets[zoomTicketId - 1]!;
  await insertChunked(
    db,
    'articles',
    Array.from({ length: ZOOM_ARTICLES - 1 }, (_, i) => article(zoomTicketId, i + 1, iso(Date.parse(zoom.created_at) + i * 60_000), i % 2 === 1, zoom.customer_id!)),
  );
  await insertChunked(
    db,
    'ticket_history',
    Array.from({ length: ZOOM_ARTICLES }, (_, i) => ({ ticket_id: zoomTicketId, type: i % 2 ? 'FollowUp' : 'SendAnswer', message: `Step ${i}`, created_by: 1, created_at: zoom.created_at })),
  );
  // The seed's ACL in effect, so every option list and button goes through the ACL engine.
  await importAcls(db, { login: 'root@localhost' }, SEED_ACL_YAML, { overwrite: false });
  await deployAcls(db, { login: 'root@localhost' });
  await sql`analyze`.execute(db);
  return { zoomTicketId };
}

interface Timing {
  label: string;
  median: number;
  p95: number;
  bytes: number;
}

async function measure(label: string, run: () => Promise<Response>, status = 200): Promise<Timing> {
  let bytes = 0;
  for (let i = 0; i < 5; i++) {
    const res = await run();
    const body = await res.text();
    if (res.status !== status) throw new Error(`${label}: status ${res.status}\n${body.slice(0, 500)}`);
    bytes = body.length;
  }
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const res = await run();
    await res.text();
    times.push(performance.now() - start);
  }
  return { label, median: median(times), p95: percentile(times, 0.95), bytes };
}

export default async function benchAgentUi(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-ui-'));
  const database = openDatabase(`sqlite:${join(dir, 'bench.db')}`);
  try {
    await migrate(database.db, database.dialect);
    const secrets = new SecretBox(SECRET);
    const seedStart = performance.now();
    const { zoomTicketId } = await seed(database.db, secrets);
    const seedMs = performance.now() - seedStart;
    const app = createApp({
      db: database.db,
      dialect: database.dialect,
      config: loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`, PARLEY_SECRET_KEY: SECRET, PARLEY_X_API_URL: 'http://127.0.0.1:9', LOG_LEVEL: 'silent' }),
      secrets,
      logger: createLogger('silent'),
      channels: defaultChannels(),
      loginDelayMs: () => 0,
    });
    // An ordinary agent, so permissions and the ACL hooks run as they do for a team. Pages take a
    // session, as from a browser (Basic credentials reach only the API).
    const agent3 = await database.db.selectFrom('agents').select('id').where('login', '=', 'agent3').executeTakeFirstOrThrow();
    const cookie = await sessionCookie(database.db, secrets, agent3.id);
    const get = (path: string) => async () => app.request(path, { headers: { cookie } });
    const results = [
      await measure('Queue view, default (not closed, newest first)', get('/tickets')),
      await measure('Queue view, one queue, page 3, by priority', get('/tickets?queue=5&sort=priority&page=3')),
      await measure('Queue view, locked by me', get('/tickets?lock=lock&owner=me')),
      await measure('Queue view, all states, oldest first', get('/tickets?state=all&order=asc')),
      await measure(`Ticket zoom, ${ZOOM_ARTICLES} articles (newest 100 shown)`, get(`/tickets/${zoomTicketId}`)),
      await measure(`Ticket zoom, ${ZOOM_ARTICLES} articles, all shown`, get(`/tickets/${zoomTicketId}?all=1`)),
      await measure('Dashboard', get('/dashboard')),
    ];
    // What every open page costs while nothing changes: the live parts' polls answer 204.
    const version = (await lastTicketChange(database.db)) ?? '';
    const zoom = await (await get(`/tickets/${zoomTicketId}`)()).text();
    const zoomPoll = /hx-get="(\/ui\/tickets\/\d+\/poll\?[^"]+)"/.exec(zoom)?.[1]?.replaceAll('&amp;', '&');
    if (!zoomPoll) throw new Error('the zoom has no poller');
    results.push(
      await measure('Queue view, live poll, nothing changed (204)', get(`/ui/tickets/list?${new URLSearchParams({ v: version })}`), 204),
      await measure('Ticket zoom, live poll, nothing changed (204)', get(zoomPoll), 204),
    );
    const row = (t: Timing) => `| ${t.label} | ${t.median.toFixed(1)} | ${t.p95.toFixed(1)} | ${(t.bytes / 1024).toFixed(0)} |`;
    return [
      '## Agent interface',
      '',
      `Server time of the agent's pages through \`app.request\` (no socket), as an ordinary agent (permissions and the ACL engine run, with the seed's ACL deployed), on SQLite (a WAL file): ${TICKETS.toLocaleString('en-US')} tickets in ${QUEUES} queues (70 % closed), ${CUSTOMERS.toLocaleString('en-US')} customers, one ticket with ${ZOOM_ARTICLES} articles and ${ZOOM_ARTICLES} history entries. ${RUNS} runs after 5 warm-ups; target: under 50 ms median. Seeding took ${(seedMs / 1000).toFixed(1)} s.`,
      '',
      '| page | median ms | p95 ms | HTML KiB |',
      '|---|---:|---:|---:|',
      ...results.map(row),
      '',
    ].join('\n');
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  console.log(await benchAgentUi());
}
