// Load over real sockets: 50 agents at once (autocannon, one session or Basic credential per
// connection) on the queue view, the zoom and the REST API, against 100,000 tickets on SQLite.
// Parley runs in a child process (bench/load-server.ts, started the way `npm start` starts it);
// its resident memory is read from /proc before, during and after, and once more a minute later.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { openDatabase } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import { SecretBox } from '../src/lib/secrets.ts';
import { PASSWORD, SECRET, seed } from './agent-ui.ts';
import { isMain, sessionCookie } from './util.ts';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.LOAD_SECONDS ?? 20);
const SETTLE_MS = Number(process.env.LOAD_SETTLE_MS ?? 60_000);
/** V8 heap bounds for the server (docs/operations.md recommends them for production). */
export const SERVER_FLAGS = ['--max-old-space-size=160', '--max-semi-space-size=8'];

const rssMb = (pid: number): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

function startServer(file: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [...SERVER_FLAGS, '--import', 'tsx', join(import.meta.dirname, 'load-server.ts'), file], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, MALLOC_ARENA_MAX: '2' } });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      const m = /PORT (\d+)/.exec(d.toString());
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

interface Phase {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  peakRss: number;
}

async function phase(label: string, port: number, pid: number, paths: string[], headersFor: (i: number) => Record<string, string>): Promise<Phase> {
  let peak = rssMb(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 250);
  let n = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: paths.map((path) => ({ method: 'GET', path })),
    // Each connection gets request objects of its own that carry its credential. (autocannon's
    // client.setHeaders sets the headers of the *current* request only, on an object all
    // connections share: the other paths went without credentials and every connection sent the
    // last connection's credential.)
    setupClient: (client) => {
      const headers = headersFor(n++);
      client.setRequests(paths.map((path) => ({ method: 'GET' as const, path, headers })));
    },
  });
  clearInterval(sampler);
  const statuses = Object.entries(result.statusCodeStats ?? {})
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, s]) => `${code}×${s.count ?? 0}`);
  if (statuses.length) process.stderr.write(`${label}: non-2xx answers ${statuses.join(', ')}\n`);
  return { label, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts, non2xx: result.non2xx, peakRss: peak };
}

export default async function benchLoad(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-load-'));
  const file = join(dir, 'load.db');
  const database = openDatabase(`sqlite:${file}`);
  let child: ChildProcess | undefined;
  try {
    await migrate(database.db, database.dialect);
    const secrets = new SecretBox(SECRET);
    const { zoomTicketId } = await seed(database.db, secrets);
    const agents = await database.db.selectFrom('agents').select(['id', 'login']).where('login', 'like', 'agent%').orderBy('id').execute();
    const cookies: string[] = [];
    for (let i = 0; i < CONNECTIONS; i++) cookies.push(await sessionCookie(database.db, secrets, agents[i % agents.length]!.id));
    const basics = agents.map((a) => `Basic ${Buffer.from(`${a.login}:${PASSWORD}`).toString('base64')}`);
    await database.close();

    const server = await startServer(file);
    child = server.child;
    const pid = child.pid!;
    await new Promise((r) => setTimeout(r, 2000));
    const before = rssMb(pid);
    const phases = [
      await phase('Queue view (/tickets)', server.port, pid, ['/tickets'], (i) => ({ cookie: cookies[i % cookies.length]! })),
      await phase(`Ticket zoom (/tickets/${zoomTicketId}, 500 articles)`, server.port, pid, [`/tickets/${zoomTicketId}`], (i) => ({ cookie: cookies[i % cookies.length]! })),
      await phase('REST API (ticket list, one ticket, its articles)', server.port, pid, ['/api/v1/tickets?limit=25', `/api/v1/tickets/${zoomTicketId - 1}`, `/api/v1/tickets/${zoomTicketId - 1}/articles`], (i) => ({
        authorization: basics[i % basics.length]!,
      })),
    ];
    const after = rssMb(pid);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const later = rssMb(pid);
    const row = (p: Phase) => `| ${p.label} | ${p.rps.toFixed(0)} | ${p.p50} | ${p.p99} | ${p.errors + p.non2xx} | ${p.peakRss.toFixed(0)} |`;
    return [
      '## Load over sockets',
      '',
      `${CONNECTIONS} agents at once (autocannon, one session per connection for pages, Basic credentials for the API), ${SECONDS} s per phase, against 100,000 tickets on SQLite; the server in its own process started with \`${SERVER_FLAGS.join(' ')}\` and MALLOC_ARENA_MAX=2 (see docs/operations.md). Load average of the machine when the run ended: ${loadavg()[0]!.toFixed(1)}. Targets: at least 500 requests/s on the queue view, p99 under 100 ms, resident memory under 300 MB at the end and back near the start a minute later. Other work ran on this machine at the same time, so the figures are noisy.`,
      '',
      '| phase | requests/s | p50 ms | p99 ms | errors + non-2xx | peak RSS MB |',
      '|---|---:|---:|---:|---:|---:|',
      ...phases.map(row),
      '',
      `Resident memory of the server: ${before.toFixed(0)} MB before, ${Math.max(...phases.map((p) => p.peakRss)).toFixed(0)} MB at the peak, ${after.toFixed(0)} MB right after, ${later.toFixed(0)} MB ${(SETTLE_MS / 1000).toFixed(0)} s later.`,
      '',
    ].join('\n');
  } finally {
    child?.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  console.log(await benchLoad());
}
