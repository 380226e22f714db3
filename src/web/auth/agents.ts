import { findAgent, findAgentByLogin, loadAgentAccess } from '../../db/repos/agents.ts';
import type { AgentRow, Db } from '../../db/schema.ts';
import { isAdmin } from '../../core/agents/permissions.ts';
import type { Actor } from '../../core/tickets/service.ts';
import { nowIso } from '../../core/time.ts';
import { t } from '../../i18n/index.ts';
import { hashToken, verifyPassword } from '../../lib/passwords.ts';
import { beginAttempt, clearFailures, DEFAULT_LOCKOUT, defaultLoginDelayMs, failedAttempt, type LockoutPolicy } from './throttle.ts';

export async function actorOf(db: Db, agent: AgentRow): Promise<Actor> {
  const access = await loadAgentAccess(db, agent);
  return { id: agent.id, login: agent.login, access, admin: isAdmin(access) };
}

export async function actorById(db: Db, id: number): Promise<Actor | null> {
  const agent = await findAgent(db, id);
  if (!agent || agent.validity !== 'valid') return null;
  return actorOf(db, agent);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export type LoginResult = { ok: true; agent: AgentRow } | { ok: false; message: string; locked?: boolean };

/** OTRS's words for a failed login, in the reader's language. */
const loginFailedMessage = (): string => t('api.loginFailed');

export interface LoginOptions {
  /** This browser logged in as this login before (see login.tsx): a lock-out does not apply. */
  trusted?: boolean;
  lockout?: LockoutPolicy;
  now?: () => string;
}

/**
 * Checks a login and password. Every failure makes the next answer for this login wait longer,
 * and repeated failures lock the login for a while (see throttle.ts); the message never says
 * whether the login exists.
 */
export async function checkLogin(
  db: Db,
  login: string,
  password: string,
  delayMs: (failures: number) => number = defaultLoginDelayMs,
  opts: LoginOptions = {},
): Promise<LoginResult> {
  const now = opts.now ?? nowIso;
  const policy = opts.lockout ?? DEFAULT_LOCKOUT;
  const attempt = await beginAttempt(db, login, now(), policy, opts.trusted ?? false);
  if (attempt.locked) {
    const minutes = Math.max(1, Math.ceil((Date.parse(attempt.until) - Date.parse(now())) / 60_000));
    return { ok: false, locked: true, message: t('api.loginLocked', { minutes }) };
  }
  const wait = delayMs(attempt.failuresBefore);
  if (wait > 0) await sleep(wait);
  const agent = await findAgentByLogin(db, login.trim());
  const ok = agent !== undefined && agent.validity === 'valid' && (await verifyPassword(password, agent.password_hash));
  if (!ok) {
    await failedAttempt(db, login, attempt.failuresBefore, now(), policy);
    return { ok: false, message: loginFailedMessage() };
  }
  await clearFailures(db, login);
  return { ok: true, agent };
}

/** The agent behind an API token from `parley token create`. */
export async function agentByToken(db: Db, token: string): Promise<AgentRow | null> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('agents', 'agents.id', 'api_tokens.agent_id')
    .select(['api_tokens.id as token_id', 'agents.id'])
    .where('api_tokens.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) return null;
  await db.updateTable('api_tokens').set({ last_used_at: nowIso() }).where('id', '=', row.token_id).execute();
  const agent = await findAgent(db, row.id);
  return agent && agent.validity === 'valid' ? agent : null;
}
