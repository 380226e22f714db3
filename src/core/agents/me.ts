import { findAgent } from '../../db/repos/agents.ts';
import { findPreferences, savePreferences } from '../../db/repos/preferences.ts';
import { listQueues } from '../../db/repos/queues.ts';
import type { AgentRow, Db } from '../../db/schema.ts';
import { inTransaction } from '../../db/tx.ts';
import { verifyPassword } from '../../lib/passwords.ts';
import { changeAgentPassword } from './service.ts';
import { invalid, notFound } from '../errors.ts';
import { notifyPrefs, type NotifyPrefs } from '../notifications/types.ts';
import type { Actor } from '../tickets/service.ts';
import { nowIso } from '../time.ts';
import { can } from './permissions.ts';
import { checkLanguage, checkNewPassword, checkQueueIds, checkSignature, checkTimeZone, mergeNotify, type Language } from './preferences.ts';
import { t } from '../../i18n/index.ts';

// "My preferences": what an agent may change about themselves, and nothing about anyone else.

export interface Me {
  agent: AgentRow;
  language: Language | null;
  timeZone: string | null;
  dmSignature: string | null;
  /** null: never chosen, so every queue the agent has rw on counts as theirs. */
  myQueueIds: number[] | null;
  notifications: NotifyPrefs;
  browserNotifications: boolean;
}

export async function loadMe(db: Db, agentId: number): Promise<Me> {
  const agent = await findAgent(db, agentId);
  if (!agent) throw notFound(t('errors.noun.agent', { id: agentId }));
  const p = await findPreferences(db, agentId);
  return {
    agent,
    language: (p?.language as Language | null) ?? null,
    timeZone: p?.time_zone ?? null,
    dmSignature: p?.dm_signature ?? null,
    myQueueIds: p?.my_queue_ids ? (JSON.parse(p.my_queue_ids) as number[]) : null,
    notifications: notifyPrefs(p?.notify ?? null),
    browserNotifications: p?.browser_notify === 1,
  };
}

export interface MePatch {
  language?: unknown;
  timeZone?: unknown;
  dmSignature?: unknown;
  myQueueIds?: unknown;
  notifications?: unknown;
  browserNotifications?: unknown;
  currentPassword?: unknown;
  password?: unknown;
}

export interface MeResult {
  me: Me;
  passwordChanged: boolean;
  /** Browser sessions ended by a password change. */
  endedSessions: number;
}

/**
 * Checks everything first, then writes in one transaction. A new password needs the current one
 * and ends every other session of the agent (`keepSessionId` is the caller's own, if any).
 */
export async function updateMe(db: Db, actor: Actor, patch: MePatch, keepSessionId: string | null, now = nowIso()): Promise<MeResult> {
  const current = await loadMe(db, actor.id);
  const next = { ...current };
  if (patch.language !== undefined) next.language = checkLanguage(patch.language);
  if (patch.timeZone !== undefined) next.timeZone = checkTimeZone(patch.timeZone);
  if (patch.dmSignature !== undefined) next.dmSignature = checkSignature(patch.dmSignature);
  if (patch.notifications !== undefined) next.notifications = mergeNotify(current.notifications, patch.notifications);
  if (patch.browserNotifications !== undefined) {
    if (typeof patch.browserNotifications !== 'boolean') throw invalid('browserNotifications', t('validation.boolean'));
    next.browserNotifications = patch.browserNotifications;
  }
  if (patch.myQueueIds !== undefined) {
    const ids = checkQueueIds(patch.myQueueIds);
    if (ids) {
      const queues = new Map((await listQueues(db)).map((q) => [q.id, q]));
      for (const id of ids) {
        const q = queues.get(id);
        if (!q || !can(actor.access, q.group_id, 'ro')) throw invalid('myQueueIds', t('errors.queue.notVisible', { id }));
      }
    }
    next.myQueueIds = ids;
  }
  let password: string | null = null;
  if (patch.password !== undefined || patch.currentPassword !== undefined) {
    const pw = checkNewPassword(patch.password, patch.currentPassword);
    if (!(await verifyPassword(pw.current, current.agent.password_hash))) throw invalid('currentPassword', t('validation.currentPasswordWrong'));
    password = pw.password;
  }
  return inTransaction(db, async (trx) => {
    await savePreferences(trx, actor.id, {
      language: next.language,
      time_zone: next.timeZone,
      dm_signature: next.dmSignature,
      my_queue_ids: next.myQueueIds ? JSON.stringify(next.myQueueIds) : null,
      notify: JSON.stringify(next.notifications),
      browser_notify: next.browserNotifications ? 1 : 0,
      changed_at: now,
    });
    // The harden branch's password change: new hash and the end of every other session, in this transaction.
    const { endedSessions } = password !== null ? await changeAgentPassword(trx, actor.id, actor.id, password, keepSessionId ? { keepSessionId } : {}, now) : { endedSessions: 0 };
    return { me: await loadMe(trx, actor.id), passwordChanged: password !== null, endedSessions };
  });
}
