import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { nowIso } from '../core/time.ts';
import type { Deps } from '../deps.ts';
import { deliverDue, type DeliveryOptions } from '../outbox/deliver.ts';
import { downloadDue, type DownloadOptions } from '../attachments/downloads.ts';
import { autoClosePending } from './autoclose.ts';
import { dueProfiles, pollProfile } from './poll.ts';

export interface WorkerOptions {
  pollSeconds: number;
  /** A poll's lease; renewed before every stored batch. */
  leaseSeconds?: number;
  /** How often the loop looks for due work. */
  tickMs?: number;
  delivery?: Partial<Omit<DeliveryOptions, 'owner'>>;
  downloads?: Partial<Omit<DownloadOptions, 'owner'>>;
}

export interface Worker {
  readonly owner: string;
  /** One pass: poll due profiles, deliver due messages, close due pending tickets. */
  tick(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/** The worker loop. Every step is claimed through the database, so any number may run. */
export function createWorker(deps: Deps, opts: WorkerOptions): Worker {
  const owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const tickMs = opts.tickMs ?? 1000;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  async function pollDue(now: string): Promise<void> {
    for (const profile of await dueProfiles(deps, now)) {
      if (stopped) return;
      await pollProfile(deps, profile, { owner, pollSeconds: opts.pollSeconds, leaseMs: (opts.leaseSeconds ?? 60) * 1000 });
    }
  }

  async function drainOutbox(): Promise<void> {
    // Drain what is due now; a large backlog continues on the next tick.
    for (let i = 0; i < 10 && !stopped; i++) {
      const stats = await deliverDue(deps, { owner, ...opts.delivery });
      if (stats.sent + stats.retried + stats.failed === 0) break;
    }
  }

  async function drainDownloads(): Promise<void> {
    for (let i = 0; i < 10 && !stopped; i++) {
      const stats = await downloadDue(deps, { owner, ...opts.downloads });
      if (stats.stored + stats.retried + stats.failed === 0) break;
    }
  }

  async function tick(): Promise<void> {
    const now = nowIso();
    // Independent: a slow poll must not hold back an agent's reply, nor a slow media host either.
    await Promise.all([pollDue(now), drainOutbox(), drainDownloads()]);
    await autoClosePending(deps.db, now);
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick()
        .catch((err: unknown) => deps.logger.error({ err }, 'worker tick failed; continuing'))
        .finally(() => {
          running = null;
          schedule();
        });
    }, tickMs);
  }

  return {
    owner,
    tick,
    start() {
      stopped = false;
      deps.logger.info({ owner, pollSeconds: opts.pollSeconds }, 'worker started');
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
