import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createApiToken } from '../src/cli/tokens.ts';
import { openDatabase, type Database } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedDefaults } from '../src/db/seed.ts';
import { startSim, type SimFixture } from '../sim/x/testing.ts';
import { testDeps } from '../test/helpers/app.ts';
import { killParley, observerUrl, startParley, stopParley, terminateConnections, type ClusterEnv, type ParleyProcess } from '../test/helpers/cluster.ts';
import { ADMIN_PASSWORD } from '../test/helpers/db.ts';
import { connectProfile, sendDm, simUser, type ConnectedProfile, type SimUser } from '../test/helpers/x.ts';
import { fmt, isMain } from './util.ts';

// Scale-out on PostgreSQL with real `parley worker` processes against the X simulator: how
// ingestion grows with workers (1, 2, 4) for 10 and 50 profiles, and a chaos run (random SIGKILLs
// and connection cuts while messages flow both ways) with its counts. The chaos run lasts
// --chaos-seconds (default 30; PARLEY_BENCH_CHAOS_SECONDS works too).

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Bed {
  sim: SimFixture;
  database: Database;
  url: string;
  drop(): Promise<void>;
}

async function openBed(baseUrl: string): Promise<Bed> {
  const name = `parley_scale_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const database = openDatabase(observerUrl(url), { poolSize: 4, onIdleError: () => undefined });
  await migrate(database.db, database.dialect);
  await seedDefaults(database.db, ADMIN_PASSWORD);
  const sim = await startSim();
  return {
    sim,
    database,
    url,
    async drop() {
      await database.close();
      await sim.close();
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function incoming(bed: Bed): Promise<number> {
  const r = await bed.database.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).where('direction', '=', 'incoming').executeTakeFirstOrThrow();
  return Number(r.n);
}

async function setUp(bed: Bed, profiles: number, people: number): Promise<{ profiles: ConnectedProfile[]; people: SimUser[] }> {
  const deps = testDeps(bed.database.db, 'postgres', { xApiUrl: bed.sim.running.url });
  const list: ConnectedProfile[] = [];
  for (let i = 0; i < profiles; i++) list.push(await connectProfile(deps, bed.sim));
  const users = await Promise.all(Array.from({ length: people }, (_, i) => simUser(bed.sim, `P${i}`)));
  return { profiles: list, people: users };
}

/** One point of the curve: `workers` processes ingest `perProfile` DMs waiting at each of `profiles` profiles. */
async function curvePoint(baseUrl: string, workers: number, profiles: number, perProfile: number): Promise<{ seconds: number; rate: number }> {
  const bed = await openBed(baseUrl);
  const procs: ParleyProcess[] = [];
  try {
    const setup = await setUp(bed, profiles, 5);
    for (let i = 0; i < perProfile; i++) {
      await Promise.all(setup.profiles.map((p, j) => sendDm(bed.sim, setup.people[(i + j) % setup.people.length]!, p.account, `m ${j}-${i}`)));
    }
    // Nothing is due while the workers start; then everything is, at once.
    await bed.database.db.updateTable('profile_poll_state').set({ next_poll_at: '2100-01-01T00:00:00.000Z' }).execute();
    const env: ClusterEnv = { databaseUrl: bed.url, xApiUrl: bed.sim.running.url, pollSeconds: 60, leaseSeconds: 30 };
    procs.push(...(await Promise.all(Array.from({ length: workers }, () => startParley('worker', env)))));
    const total = profiles * perProfile;
    const started = Date.now();
    await bed.database.db.updateTable('profile_poll_state').set({ next_poll_at: new Date(0).toISOString() }).execute();
    while ((await incoming(bed)) < total) {
      if (Date.now() - started > 300_000) throw new Error('curve point did not finish in 5 minutes');
      await sleep(20);
    }
    const seconds = (Date.now() - started) / 1000;
    return { seconds, rate: total / seconds };
  } finally {
    await Promise.all(procs.map(stopParley));
    await bed.drop();
  }
}

interface ChaosCounts {
  seconds: number;
  kills: number;
  cuts: number;
  dmsSent: number;
  dmsStored: number;
  dmsLost: number;
  dmsDoubled: number;
  repliesPosted: number;
  repliesRefused: number;
  repliesOnX: number;
  repliesLost: number;
  repliesDoubled: number;
  crashed: number;
}

/** Three workers and one web process under random SIGKILLs and connection cuts for `seconds`. */
async function chaos(baseUrl: string, seconds: number): Promise<ChaosCounts> {
  const bed = await openBed(baseUrl);
  const procs: ParleyProcess[] = [];
  const killed = new Set<ParleyProcess>();
  try {
    const setup = await setUp(bed, 4, 4);
    const token = await createApiToken(bed.database.db, 'root@localhost', 'chaos');
    const env: ClusterEnv = { databaseUrl: bed.url, xApiUrl: bed.sim.running.url, pollSeconds: 1, leaseSeconds: 3 };
    const start = async (kind: 'web' | 'worker') => {
      const p = await startParley(kind, env);
      procs.push(p);
      return p;
    };
    const [web, ...workers] = await Promise.all([start('web'), start('worker'), start('worker'), start('worker')]);
    const counts: ChaosCounts = { seconds, kills: 0, cuts: 0, dmsSent: 0, dmsStored: 0, dmsLost: 0, dmsDoubled: 0, repliesPosted: 0, repliesRefused: 0, repliesOnX: 0, repliesLost: 0, repliesDoubled: 0, crashed: 0 };
    const replies: string[] = [];
    const pending: Promise<unknown>[] = [];
    const deadline = Date.now() + seconds * 1000;
    let nextKill = Date.now() + 3000 + Math.random() * 5000;
    let nextCut = Date.now() + 5000 + Math.random() * 8000;
    let nextReply = Date.now() + 3000;
    while (Date.now() < deadline) {
      const p = setup.profiles[Math.floor(Math.random() * setup.profiles.length)]!;
      await sendDm(bed.sim, setup.people[Math.floor(Math.random() * setup.people.length)]!, p.account, `chaos ${(counts.dmsSent += 1)}`);
      if (Date.now() >= nextReply) {
        nextReply = Date.now() + 500;
        const tickets = await bed.database.db.selectFrom('tickets').select('id').where('social_profile_id', 'is not', null).execute().catch(() => []);
        const t = tickets[Math.floor(Math.random() * tickets.length)];
        if (t) {
          const body = `answer ${replies.length + counts.repliesRefused + 1}`;
          const res = await fetch(`http://127.0.0.1:${web.port}/api/v1/tickets/${t.id}/articles`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ body }),
          });
          // Refused while the connection was cut: the agent sees an error; nothing was stored.
          if (res.status === 201) replies.push(body);
          else counts.repliesRefused += 1;
        }
      }
      if (Date.now() >= nextKill) {
        nextKill = Date.now() + 4000 + Math.random() * 6000;
        const alive = workers.filter((w) => w.alive());
        const victim = alive[Math.floor(Math.random() * alive.length)];
        if (victim) {
          await killParley(victim);
          killed.add(victim);
          counts.kills += 1;
          workers.splice(workers.indexOf(victim), 1);
          pending.push(start('worker').then((w) => workers.push(w)));
        }
      }
      if (Date.now() >= nextCut) {
        nextCut = Date.now() + 8000 + Math.random() * 10_000;
        await terminateConnections(bed.url);
        counts.cuts += 1;
      }
      await sleep(40);
    }
    await Promise.all(pending);
    // Let the survivors finish: everything sent in must be stored, everything queued sent.
    const drainBy = Date.now() + 60_000;
    const queued = async () => Number((await bed.database.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '!=', 'sent').executeTakeFirstOrThrow()).n);
    while (Date.now() < drainBy && ((await incoming(bed)) < counts.dmsSent || (await queued()) > 0)) await sleep(200);
    await sleep(2000);

    const stored = await bed.database.db.selectFrom('articles').select('body').where('direction', '=', 'incoming').execute();
    const distinct = new Set(stored.map((s) => s.body));
    counts.dmsStored = stored.length;
    counts.dmsLost = counts.dmsSent - distinct.size;
    counts.dmsDoubled = stored.length - distinct.size;
    const onX: string[] = [];
    for (const p of setup.profiles) onX.push(...(await bed.sim.control<{ dms: { text: string }[] }>('GET', `/_sim/accounts/${p.account.id}/sent`)).dms.map((d) => d.text));
    const distinctOnX = new Set(onX);
    counts.repliesPosted = replies.length;
    counts.repliesOnX = onX.length;
    counts.repliesLost = replies.filter((r) => !distinctOnX.has(r)).length;
    counts.repliesDoubled = onX.length - distinctOnX.size;
    counts.crashed = procs.filter((p) => !killed.has(p) && !p.alive()).length;
    return counts;
  } finally {
    await Promise.all(procs.map(stopParley));
    await bed.drop();
  }
}

function chaosSeconds(): number {
  const flag = process.argv.find((a) => a.startsWith('--chaos-seconds='));
  const value = Number(flag ? flag.split('=')[1] : (process.env.PARLEY_BENCH_CHAOS_SECONDS ?? 30));
  return Number.isFinite(value) && value > 0 ? value : 30;
}

export default async function benchScale(): Promise<string> {
  const pgUrl = process.env.PARLEY_BENCH_PG_URL ?? process.env.PARLEY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const lines = [
    '## Scale-out (PostgreSQL, worker processes)',
    '',
    'Real `parley worker` processes (PARLEY_WORKER_CONCURRENCY=4 each) on one PostgreSQL database against the X simulator in the bench process. Every profile has its direct messages waiting; the clock runs from the moment all profiles fall due (the workers have started) until the last message is stored. Other helpers load this machine at the same time, so the figures are noisy; the shape of the curve is what counts.',
    '',
    '| profiles | messages | workers | seconds | messages/s |',
    '|---:|---:|---:|---:|---:|',
  ];
  for (const [profiles, perProfile] of [
    [10, 100],
    [50, 40],
  ] as const) {
    for (const workers of [1, 2, 4]) {
      process.stderr.write(`  scale: ${profiles} profiles, ${workers} workers…\n`);
      const r = await curvePoint(pgUrl, workers, profiles, perProfile);
      lines.push(`| ${profiles} | ${fmt(profiles * perProfile)} | ${workers} | ${fmt(r.seconds, 1)} | ${fmt(r.rate)} |`);
    }
  }
  const seconds = chaosSeconds();
  process.stderr.write(`  scale: chaos for ${seconds} s…\n`);
  const c = await chaos(pgUrl, seconds);
  lines.push(
    '',
    `### Chaos run (${fmt(c.seconds)} s; \`npm run bench -- scale --chaos-seconds=180\` for longer)`,
    '',
    'One web and three worker processes (poll 1 s, lease 3 s), four profiles. Customers send direct messages all the time and an agent answers through the REST API twice a second; every 4–10 s a random worker is killed with SIGKILL (a new one is started), every 8–18 s every database connection is terminated (pg_terminate_backend). Afterwards the survivors drain the work (at most 60 s).',
    '',
    '| | count |',
    '|---|---:|',
    `| workers killed | ${c.kills} |`,
    `| connection cuts | ${c.cuts} |`,
    `| DMs sent by customers | ${fmt(c.dmsSent)} |`,
    `| DMs stored | ${fmt(c.dmsStored)} |`,
    `| DMs lost | ${c.dmsLost} |`,
    `| DMs stored twice | ${c.dmsDoubled} |`,
    `| replies accepted by the API | ${fmt(c.repliesPosted)} |`,
    `| replies refused during a cut (agent saw an error) | ${c.repliesRefused} |`,
    `| replies on X | ${fmt(c.repliesOnX)} |`,
    `| replies lost | ${c.repliesLost} |`,
    `| replies sent twice | ${c.repliesDoubled} |`,
    `| processes that died unasked | ${c.crashed} |`,
  );
  return lines.join('\n');
}

if (isMain(import.meta.url)) {
  process.stdout.write(`${await benchScale()}\n`);
}
