import { findAgent, findAgentByLogin, loadAgentAccess } from '../../db/repos/agents.ts';
import type { AgentRow, Db } from '../../db/schema.ts';
import { isAdmin } from '../../core/agents/permissions.ts';
import type { Actor } from '../../core/tickets/service.ts';
import { nowIso } from '../../core/time.ts';
import { hashToken, verifyPassword } from '../../lib/passwords.ts';
import { clearFailures, defaultLoginDelayMs, failuresOf, recordFailure } from './throttle.ts';

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

export type LoginResult = { ok: true; agent: AgentRow } | { ok: false; message: string };

/**
 * Checks a login and password. Every failure makes the next answer for this login wait longer
 * (see throttle.ts); the message never says whether the login exists.
 */
export async function checkLogin(
  db: Db,
  login: string,
  password: string,
  delayMs: (failures: number) => number = defaultLoginDelayMs,
): Promise<LoginResult> {
  const failures = await failuresOf(db, login);
  const wait = delayMs(failures);
  if (wait > 0) await sleep(wait);
  const agent = await findAgentByLogin(db, login.trim());
  const ok = agent !== undefined && agent.validity === 'valid' && (await verifyPassword(password, agent.password_hash));
  if (!ok) {
    await recordFailure(db, login, nowIso());
    return { ok: false, message: 'Login failed! Your user name or password was entered incorrectly.' };
  }
  if (failures > 0) await clearFailures(db, login);
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
