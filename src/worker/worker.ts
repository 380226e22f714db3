import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { isActive } from '../core/social/profiles.ts';
import { addMs, nowIso } from '../core/time.ts';
import { retryTransient } from '../db/retry.ts';
import type { Deps } from '../deps.ts';
import { deliverDue, type DeliveryOptions } from '../outbox/deliver.ts';
import { nextOutboxDueAt } from '../outbox/store.ts';
import { cacheAvatars } from '../attachments/avatars.ts';
import { downloadDue, type DownloadOptions } from '../attachments/downloads.ts';
import { autoClosePending } from './autoclose.ts';
import { deliverMails, smtpMailer, type Mailer, type MailOptions } from '../outbox/mail.ts';
import { claimDuePolls, nextPollDueAt } from './leases.ts';
import { pollProfile } from './poll.ts';
import { nextTickDelayMs } from './tick.ts';

export interface WorkerOptions {
  pollSeconds: number;
  /** PARLEY_LEASE_SECONDS: how long a claim on a profile's poll or an outbox row lasts without renewal. */
  leaseSeconds?: number;
  /** The longest wait between two looks for due work; shorter when work falls due sooner. */
  tickMs?: number;
  /** The shortest wait when nothing could be claimed (a due profile still polled by another worker). */
  minTickMs?: number;
  /** PARLEY_WORKER_CONCURRENCY: profiles one worker polls at the same time. */
  concurrency?: number;
  delivery?: Partial<Omit<DeliveryOptions, 'owner'>>;
  mail?: Partial<Omit<MailOptions, 'owner'>>;
  downloads?: Partial<Omit<DownloadOptions, 'owner'>>;
}

export interface Worker {
  readonly owner: string;
  /** One pass: poll due profiles, deliver due messages, close due pending tickets. */
  tick(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/** What one pass found: whether more work may be waiting right now. */
interface TickResult {
  moreWaiting: boolean;
}

/**
 * The worker loop. Every step is claimed through the database, so any number may run; each
 * claims as much as it can handle at once, and ticks again at once while work is waiting.
 */
export function createWorker(deps: Deps, opts: WorkerOptions): Worker {
  const owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const tickMs = opts.tickMs ?? 1000;
  const minTickMs = Math.min(opts.minTickMs ?? 50, tickMs);
  const leaseMs = (opts.leaseSeconds ?? 60) * 1000;
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const retry = <T,>(what: string, fn: () => Promise<T>) => retryTransient(fn, { logger: deps.logger, what, maxMs: leaseMs });
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  // Notification e-mails go out only when an SMTP server is configured.
  const mailer: Mailer | null = deps.config.smtpUrl ? smtpMailer(deps.config.smtpUrl, deps.config.mailFrom ?? 'Parley <parley@localhost>') : null;

  /** Claims up to `concurrency` due profiles (moving their next poll on) and polls them side by side. */
  async function pollClaimed(now: string): Promise<number> {
    const ids = await retry('claiming due profiles', () =>
      claimDuePolls(deps.db, { owner, now, nextPollAt: addMs(now, opts.pollSeconds * 1000), limit: concurrency }),
    );
    if (ids.length === 0 || stopped) return ids.length;
    const profiles = await retry('reading claimed profiles', () => deps.db.selectFrom('social_profiles').selectAll().where('id', 'in', ids).execute());
    const active = profiles.filter((p) => {
      const adapter = deps.channels.get(p.type);
      return adapter !== undefined && isActive(adapter, p);
    });
    await Promise.all(
      active.map((profile) =>
        pollProfile(deps, profile, { owner, pollSeconds: opts.pollSeconds, leaseMs }).catch((err: unknown) =>
          deps.logger.error({ err, profileId: profile.id }, 'poll failed; the profile is polled again at its next interval'),
        ),
      ),
    );
    return ids.length;
  }

  async function drainOutbox(): Promise<boolean> {
    // Drain what is due now (a retry due at once included); a large backlog continues on the
    // next tick, which then comes at once.
    for (let i = 0; i < 10 && !stopped; i++) {
      const stats = await deliverDue(deps, { owner, leaseMs, ...opts.delivery });
      if (stats.sent + stats.retried + stats.failed === 0) return false;
    }
    return !stopped;
  }

  async function drainMail(): Promise<void> {
    if (!mailer) return;
    for (let i = 0; i < 10 && !stopped; i++) {
      const stats = await deliverMails(deps, mailer, { owner, ...opts.mail });
      if (stats.sent + stats.retried + stats.failed + stats.skipped === 0) break;
    }
  }

  async function drainDownloads(): Promise<boolean> {
    let backlog = true;
    for (let i = 0; i < 10 && !stopped; i++) {
      const stats = await downloadDue(deps, { owner, ...opts.downloads });
      if (stats.stored + stats.retried + stats.failed === 0) {
        backlog = false;
        break;
      }
    }
    if (stopped) return false;
    // Customers' pictures after the articles' media: one batch of 10 a tick, never urgent.
    const avatars = await retry('storing customer avatars', () => cacheAvatars(deps, { limit: 10 }));
    return backlog || avatars.stored + avatars.retried + avatars.given_up >= 10;
  }

  async function runTick(): Promise<TickResult> {
    const now = nowIso();
    // Independent: a slow poll must not hold back an agent's reply, nor a slow media host either.
    const [claimed, outboxBacklog, , downloadBacklog] = await Promise.all([pollClaimed(now), drainOutbox(), drainMail(), drainDownloads()]);
    await retry('closing pending tickets', () => autoClosePending(deps.db, now));
    return { moreWaiting: claimed >= concurrency || outboxBacklog || downloadBacklog };
  }

  async function delayAfter(result: TickResult): Promise<number> {
    if (result.moreWaiting) return 0;
    const [poll, outbox] = await Promise.all([nextPollDueAt(deps.db), nextOutboxDueAt(deps.db)]);
    const due = [poll, outbox].filter((t): t is string => t !== null).sort()[0] ?? null;
    return nextTickDelayMs({ now: Date.now(), nextDueAt: due === null ? null : Date.parse(due), minMs: minTickMs, maxMs: tickMs });
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runTick()
        .then(delayAfter)
        .catch((err: unknown) => {
          deps.logger.error({ err }, 'worker tick failed; continuing');
          return tickMs;
        })
        .then((next) => {
          running = null;
          schedule(next);
        });
    }, delayMs);
  }

  return {
    owner,
    async tick() {
      await runTick();
    },
    start() {
      stopped = false;
      deps.logger.info({ owner, pollSeconds: opts.pollSeconds, leaseSeconds: leaseMs / 1000, concurrency }, 'worker started');
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      mailer?.close();
    },
  };
}
