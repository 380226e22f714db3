import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { nowIso } from '../core/time.ts';
import type { Deps } from '../deps.ts';
import { deliverDue, type DeliveryOptions } from '../outbox/deliver.ts';
import { autoClosePending } from './autoclose.ts';
import { deliverMails, smtpMailer, type Mailer, type MailOptions } from '../outbox/mail.ts';
import { dueProfiles, pollProfile } from './poll.ts';

export interface WorkerOptions {
  pollSeconds: number;
  /** A poll's lease; renewed before every stored batch. */
  leaseSeconds?: number;
  /** How often the loop looks for due work. */
  tickMs?: number;
  delivery?: Partial<Omit<DeliveryOptions, 'owner'>>;
  mail?: Partial<Omit<MailOptions, 'owner'>>;
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
  // Notification e-mails go out only when an SMTP server is configured.
  const mailer: Mailer | null = deps.config.smtpUrl ? smtpMailer(deps.config.smtpUrl, deps.config.mailFrom ?? 'Parley <parley@localhost>') : null;

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

  async function drainMail(): Promise<void> {
    if (!mailer) return;
    for (let i = 0; i < 10 && !stopped; i++) {
      const stats = await deliverMails(deps, mailer, { owner, ...opts.mail });
      if (stats.sent + stats.retried + stats.failed + stats.skipped === 0) break;
    }
  }

  async function tick(): Promise<void> {
    const now = nowIso();
    // Independent: a slow poll must not hold back an agent's reply.
    await Promise.all([pollDue(now), drainOutbox(), drainMail()]);
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
      mailer?.close();
    },
  };
}
