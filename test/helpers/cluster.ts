import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { ADMIN_PASSWORD } from './db.ts';
import { TEST_SECRET_KEY } from './app.ts';

// Real `parley web` and `parley worker` processes on one database, as an operator runs them; used
// by the scale-out end-to-end test and the chaos benchmark.

export interface ParleyProcess {
  kind: 'web' | 'worker';
  child: ChildProcess;
  pid: number;
  /** web: the port it listens on. */
  port: number | null;
  /** Everything it wrote (pino JSON lines and anything else). */
  output: string[];
  alive(): boolean;
}

export interface ClusterEnv {
  databaseUrl: string;
  xApiUrl: string;
  pollSeconds: number;
  leaseSeconds: number;
  extra?: Record<string, string>;
}

const ROOT = join(import.meta.dirname, '..', '..');

/** Starts `parley web` or `parley worker`; resolves once it serves (web) or runs its loop (worker). */
export function startParley(kind: 'web' | 'worker', env: ClusterEnv): Promise<ParleyProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', kind], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: env.databaseUrl,
      PORT: '0',
      PARLEY_SECRET_KEY: TEST_SECRET_KEY,
      PARLEY_ADMIN_PASSWORD: ADMIN_PASSWORD,
      PARLEY_X_API_URL: env.xApiUrl,
      PARLEY_POLL_SECONDS: String(env.pollSeconds),
      PARLEY_LEASE_SECONDS: String(env.leaseSeconds),
      LOG_LEVEL: 'info',
      ...env.extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc: ParleyProcess = {
    kind,
    child,
    pid: child.pid!,
    port: null,
    output: [],
    alive: () => child.exitCode === null && child.signalCode === null,
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`parley ${kind} did not start:\n${proc.output.join('')}`)), 180_000);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      proc.output.push(text);
      const port = /"port":(\d+)/.exec(text);
      if (kind === 'web' && port && proc.port === null) {
        proc.port = Number(port[1]);
        clearTimeout(timer);
        resolve(proc);
      }
      if (kind === 'worker' && text.includes('worker started')) {
        clearTimeout(timer);
        resolve(proc);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`parley ${kind} exited (${code ?? signal}):\n${proc.output.join('')}`));
    });
  });
}

export async function stopParley(p: ParleyProcess): Promise<void> {
  if (!p.alive()) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (p.alive()) p.child.kill('SIGKILL');
}

export async function killParley(p: ParleyProcess): Promise<void> {
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGKILL');
  await exited;
}

/** The application_name of the test's own connections, which the cuts below leave alone. */
export const OBSERVER = 'parley-observer';

export function observerUrl(databaseUrl: string): string {
  const u = new URL(databaseUrl);
  u.searchParams.set('application_name', OBSERVER);
  return u.toString();
}

/** As a failover does: terminates every Parley connection to the database (pg_terminate_backend). */
export async function terminateConnections(databaseUrl: string): Promise<number> {
  const admin = new pg.Client({ connectionString: observerUrl(databaseUrl) });
  await admin.connect();
  try {
    const r = await admin.query(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> $1`,
      [OBSERVER],
    );
    return r.rows[0].n as number;
  } finally {
    await admin.end();
  }
}
