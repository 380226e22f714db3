import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/schema.ts';
import { addMs, nowIso } from '../../core/time.ts';
import { generateToken, hashToken } from '../../lib/passwords.ts';

export const SESSION_COOKIE = 'parley_session';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface Session {
  id: string;
  agentId: number;
  csrfToken: string;
}

/** Creates a session; returns the cookie value (only its hash is stored). */
export async function createSession(db: Db, agentId: number, now = nowIso()): Promise<{ cookie: string; session: Session }> {
  const token = generateToken('ses');
  const csrfToken = randomBytes(24).toString('base64url');
  const id = hashToken(token);
  await db.insertInto('sessions').values({ id, agent_id: agentId, csrf_token: csrfToken, created_at: now, expires_at: addMs(now, SESSION_TTL_MS) }).execute();
  await db.updateTable('agents').set({ last_login_at: now }).where('id', '=', agentId).execute();
  // Expired sessions are swept whenever someone logs in; there are never many.
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
  return { cookie: token, session: { id, agentId, csrfToken } };
}

export async function findSession(db: Db, cookie: string, now = nowIso()): Promise<Session | null> {
  const row = await db.selectFrom('sessions').selectAll().where('id', '=', hashToken(cookie)).executeTakeFirst();
  if (!row || row.expires_at <= now) return null;
  return { id: row.id, agentId: row.agent_id, csrfToken: row.csrf_token };
}

export async function destroySession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}
