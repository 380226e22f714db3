// A helpdesk where id 1 of everything exists, and a logged-in session for each role: the ground
// the authorization matrix and the fuzz suite walk every route on.
import { createHmac } from 'node:crypto';
import type { Hono } from 'hono';
import { storeFiles } from '../../src/attachments/outgoing.ts';
import { importAcls } from '../../src/core/acl-admin/index.ts';
import { actorOf } from '../../src/web/auth/agents.ts';
import { saveProfile } from '../../src/core/social/service.ts';
import { addNote, createTicket } from '../../src/core/tickets/service.ts';
import type { Dialect } from '../../src/db/dialect.ts';
import type { Db } from '../../src/db/schema.ts';
import { createSession } from '../../src/web/auth/sessions.ts';
import type { AppEnv } from '../../src/web/context.ts';
import { makeApp, testDeps } from '../helpers/app.ts';
import { MATRIX_ACL_YAML, type Role } from './rules.ts';

export const ROLES: readonly Role[] = ['public', 'agent', 'ro', 'rw', 'admin'];
export const RANK: Record<Role, number> = { public: 0, agent: 1, ro: 2, rw: 3, admin: 4 };

export interface Fixture {
  app: Hono<AppEnv>;
  /** Headers of a logged-in browser (cookie and CSRF token), or null for anonymous. */
  session: Record<Role, Record<string, string> | null>;
  /** New sessions for every role (a route such as POST /logout ends the old ones), and ticket 1 as it was. */
  refreshSessions(): Promise<void>;
}

/** Hono's signed cookie: the value, a dot, and its HMAC-SHA256 in base64. */
function signed(value: string, secret: string): string {
  return encodeURIComponent(`${value}.${createHmac('sha256', secret).update(value).digest('base64')}`);
}

export async function buildFixture(db: Db, dialect: Dialect): Promise<Fixture> {
  const deps = testDeps(db, dialect);
  const app = makeApp(deps);
  const root = await db.selectFrom('agents').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  const users = await db.selectFrom('groups').select('id').where('name', '=', 'users').executeTakeFirstOrThrow();
  const raw = await db.selectFrom('queues').select('id').where('name', '=', 'Raw').executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  // Agents without scrypt: they share root's hash (the matrix logs in by session, not password).
  const agent = async (login: string, permission: 'ro' | 'rw' | null) => {
    const row = await db
      .insertInto('agents')
      .values({ login, first_name: login, last_name: 'Matrix', email: `${login}@example.com`, password_hash: root.password_hash, validity: 'valid', created_at: now, changed_at: now, created_by: 1, changed_by: 1, last_login_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (permission) await db.insertInto('agent_groups').values({ agent_id: row.id, group_id: users.id, permission }).execute();
    return row.id;
  };
  const ids = { agent: await agent('nogroups', null), ro: await agent('reader', 'ro'), rw: await agent('writer', 'rw') };
  const ticket = await createTicket(db, { title: 'Matrix ticket', queueId: raw.id }, 1);
  const note = await addNote(db, await actorOf(db, root), ticket.id, 'First note');
  // Attachment 1, on ticket 1: GET /api/v1/attachments/:id follows its ticket's permissions.
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
  await storeFiles(deps, db, note, [{ filename: 'matrix.png', contentType: 'image/png', bytes: png }], now);
  const profile = await saveProfile({ db, secrets: deps.secrets, adapter: deps.channels.get('twitter')! }, 1, null, {
    name: 'MatrixProfile',
    appName: 'Matrix app',
    consumerKey: 'ck',
    consumerSecret: 'cs',
    accessToken: 'at',
    accessTokenSecret: 'ats',
    targetQueueId: raw.id,
  });
  // Verified as if X had answered: the profile is active and offered to agents (nothing calls X).
  await db.updateTable('social_profiles').set({ verified_at: now, account_id: '1000', account_username: 'matrixhelp', account_name: 'Matrix' }).where('id', '=', profile.id).execute();
  await importAcls(db, { login: 'root@localhost' }, MATRIX_ACL_YAML, { overwrite: false });
  await db.insertInto('customer_users').values({ login: 'twitter:1', name: 'Customer', email: null, validity: 'valid', created_at: now, changed_at: now }).execute();

  const secret = deps.secrets.derive('session-cookie');
  const sessionOf = async (agentId: number) => {
    const { cookie, session } = await createSession(db, agentId);
    return { cookie: `parley_session=${signed(cookie, secret)}`, 'x-csrf-token': session.csrfToken };
  };
  const fixture: Fixture = {
    app,
    session: { public: null, agent: null, ro: null, rw: null, admin: null },
    async refreshSessions() {
      // Ticket 1 as it was: an earlier route may have locked, moved or closed it.
      await db.updateTable('tickets').set({ lock: ticket.lock, owner_id: ticket.owner_id, queue_id: ticket.queue_id, state: ticket.state, state_type: ticket.state_type, priority: ticket.priority }).where('id', '=', ticket.id).execute();
      fixture.session = { public: null, agent: await sessionOf(ids.agent), ro: await sessionOf(ids.ro), rw: await sessionOf(ids.rw), admin: await sessionOf(1) };
    },
  };
  await fixture.refreshSessions();
  return fixture;
}

/** The routes the app registers (middleware left out), as "METHOD /path". */
export function routesOf(app: Hono<AppEnv>): string[] {
  return [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))];
}

/** A concrete address for a route pattern: every parameter 1 (a profile type "twitter"), a wildcard "x". */
export function addressOf(path: string): string {
  // A profile type is a word, not an id: profile 1 is a Twitter profile.
  return path.replace(/:type(\{[^}]*\})?/g, 'twitter').replace(/:[A-Za-z]+(\{[^}]*\})?/g, '1').replace(/\*/g, 'x');
}
