import { hostname } from 'node:os';
import nodemailer from 'nodemailer';
import { sql } from 'kysely';
import { addMs, growingMs, nowIso } from '../core/time.ts';
import type { Db } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { localMessage } from '../core/notifications/message.ts';
import { defaultLanguage, formatDateTime, LANGUAGES, t, withLocale, type Locale } from '../i18n/index.ts';

// E-mail notifications, sent durably: the notification row is the outbox (written in the same
// transaction as its event), claimed through a lease by one worker, sent over SMTP, recorded.
// A worker that dies between the SMTP server's "250 OK" and the commit leaves the row leased; the
// next worker sends it again with the same Message-ID, which mail servers and clients use to
// drop the repeat. SMTP has no way to ask "did you get this?", so this is as close to "never
// twice" as the protocol allows; "never lost" holds outright.

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  messageId: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** nodemailer over `PARLEY_SMTP_URL` (`smtp://user:pass@host:587`, `smtps://…` for TLS from the start). */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text, messageId: m.messageId });
    },
    close() {
      transport.close();
    },
  };
}

export interface MailOptions {
  owner: string;
  leaseMs?: number;
  limit?: number;
  maxAttempts?: number;
  /** A mail still pending after this long (SMTP was off, or down for a day) is dropped, not sent late. */
  maxAgeMs?: number;
  backoffMs?: (attempt: number) => number;
}

export interface MailStats {
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
}

const due = (now: string) => sql<boolean>`((email_status = 'pending' AND email_next_at <= ${now}) OR (email_status = 'sending' AND email_lease_until < ${now}))`;

async function claimMails(db: Db, owner: string, now: string, leaseMs: number, limit: number) {
  const ids = (await db.selectFrom('notifications').select('id').where(due(now)).orderBy('id').limit(limit).execute()).map((r) => r.id);
  if (ids.length === 0) return [];
  return db
    .updateTable('notifications')
    .set({ email_status: 'sending', email_lease_owner: owner, email_lease_until: addMs(now, leaseMs), email_attempts: sql<number>`email_attempts + 1` })
    .where('id', 'in', ids)
    .where(due(now))
    .returningAll()
    .execute();
}

async function settle(db: Db, id: number, owner: string, set: { email_status: string; email_error?: string | null; email_next_at?: string; email_sent_at?: string }): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ ...set, email_lease_owner: null, email_lease_until: null })
    .where('id', '=', id)
    .where('email_lease_owner', '=', owner)
    .execute();
}

type MailRow = { id: number; message: string; message_key?: string | null; message_params?: string | null; ticket_id: number | null; created_at?: string };

/** The e-mail of a notification, in the current language and time zone (deliverMails sets the recipient's). */
export function notificationMail(n: MailRow, to: string, publicUrl: string): MailMessage {
  const message = localMessage(n.message_key, n.message_params, n.message);
  const when = n.created_at ? `\n${t('notify.mail.when', { time: formatDateTime(n.created_at) })}` : '';
  const link = n.ticket_id ? `\n\n${publicUrl}/tickets/${n.ticket_id}` : '';
  const subject = `[Parley] ${message}`.replace(/[\r\n]+/g, ' ');
  return {
    to,
    subject: subject.length > 160 ? `${subject.slice(0, 159)}…` : subject,
    text: `${message}${when}${link}\n\n-- \n${t('notify.mail.footer', { url: `${publicUrl}/preferences` })}\n`,
    messageId: `<parley-notification-${n.id}@${hostname()}>`,
  };
}

/** The recipient's language (their preference, else PARLEY_DEFAULT_LANGUAGE) and time zone. */
function recipientLocale(deps: Deps, pref: { language: string | null; time_zone: string | null }): Locale {
  const language = pref.language && LANGUAGES.includes(pref.language) ? pref.language : (deps.config.defaultLanguage ?? defaultLanguage());
  return { language: LANGUAGES.includes(language) ? language : defaultLanguage(), timeZone: pref.time_zone ?? undefined };
}

export async function deliverMails(deps: Deps, mailer: Mailer, opts: MailOptions): Promise<MailStats> {
  const now = nowIso();
  const stats: MailStats = { sent: 0, retried: 0, failed: 0, skipped: 0 };
  const rows = await claimMails(deps.db, opts.owner, now, opts.leaseMs ?? 120_000, opts.limit ?? 20);
  if (rows.length === 0) return stats;
  const agents = new Map(
    (
      await deps.db
        .selectFrom('agents')
        .leftJoin('agent_preferences', 'agent_preferences.agent_id', 'agents.id')
        .select(['agents.id', 'agents.email', 'agents.validity', 'agent_preferences.language', 'agent_preferences.time_zone'])
        .where('agents.id', 'in', [...new Set(rows.map((r) => r.agent_id))])
        .execute()
    ).map((a) => [a.id, a]),
  );
  const publicUrl = deps.config.publicUrl ?? `http://localhost:${deps.config.port}`;
  for (const row of rows) {
    const agent = agents.get(row.agent_id);
    if (!agent || agent.validity !== 'valid' || !agent.email.includes('@') || Date.parse(row.created_at) < Date.parse(now) - (opts.maxAgeMs ?? 24 * 3600_000)) {
      await settle(deps.db, row.id, opts.owner, { email_status: 'skipped' });
      stats.skipped += 1;
      continue;
    }
    try {
      await mailer.send(withLocale(recipientLocale(deps, agent), () => notificationMail(row, agent.email, publicUrl)));
      await settle(deps.db, row.id, opts.owner, { email_status: 'sent', email_error: null, email_sent_at: nowIso() });
      stats.sent += 1;
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      const final = row.email_attempts >= (opts.maxAttempts ?? 6);
      const backoff = opts.backoffMs ?? ((a: number) => growingMs(a, 30_000, 30 * 60_000));
      deps.logger.warn({ notification: row.id, error, final }, 'notification e-mail failed');
      await settle(deps.db, row.id, opts.owner, final ? { email_status: 'failed', email_error: error } : { email_status: 'pending', email_error: error, email_next_at: addMs(now, backoff(row.email_attempts)) });
      stats[final ? 'failed' : 'retried'] += 1;
    }
  }
  return stats;
}
