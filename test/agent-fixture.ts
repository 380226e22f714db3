// A helpdesk connected to the X simulator, for the agent interface's tests: a queue "Social", an
// active profile on the simulator's account, customers on X, agents, and a worker to poll and send.
import { sql } from 'kysely';
import { saveAgent, saveGroup } from '../src/core/agents/service.ts';
import { saveQueue } from '../src/core/queues/service.ts';
import { saveProfile, verifyProfile } from '../src/core/social/service.ts';
import type { Dialect } from '../src/db/dialect.ts';
import type { Db, ProfileRow, QueueRow } from '../src/db/schema.ts';
import { createWorker } from '../src/worker/worker.ts';
import { startSim, type SimFixture } from '../sim/x/testing.ts';
import { apiClient, makeApp, sessionHeaders, testDeps } from './helpers/app.ts';

/** A tiny avatar that loads under the CSP without the network. */
export function avatar(color: string, letter: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48"><rect width="48" height="48" fill="${color}"/><text x="24" y="32" font-size="22" text-anchor="middle" fill="#fff" font-family="sans-serif">${letter}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

export const AGENT_PASSWORD = 'agent-password-1';

export interface SimUserRef {
  id: string;
  username: string;
}

export async function socialFixture(db: Db, dialect: Dialect) {
  const sim: SimFixture = await startSim();
  const deps = testDeps(db, dialect, { xApiUrl: sim.running.url });
  const app = makeApp(deps);
  const users = await db.selectFrom('groups').select('id').where('name', '=', 'users').executeTakeFirstOrThrow();
  const queue: QueueRow = await saveQueue(db, 1, null, { name: 'Social', groupId: users.id, followUp: 'possible', followUpLock: false, comment: 'Mentions and DMs from X' });
  const adapter = deps.channels.get('twitter')!;
  const ctx = { db, secrets: deps.secrets, adapter };

  async function connect(name: string, account: { consumerKey: string; consumerSecret: string; accessToken: string; accessTokenSecret: string }): Promise<ProfileRow> {
    const saved = await saveProfile(ctx, 1, null, { name, appName: `${name} app`, ...pick(account), targetQueueId: queue.id });
    const verified = await verifyProfile(ctx, saved.id, sim.running.url);
    if (!verified.ok) throw new Error(`profile ${name} did not verify: ${verified.message}`);
    return verified.profile;
  }
  const profile = await connect('ParleyHelp', sim.account);

  const worker = createWorker(deps, { pollSeconds: 1, delivery: { backoffMs: () => 0 } });
  /** One worker pass, polling every profile now rather than when its interval is up. */
  async function tick(): Promise<void> {
    await db.updateTable('profile_poll_state').set({ next_poll_at: '2000-01-01T00:00:00.000Z' }).execute();
    await worker.tick();
  }

  const user = (username: string, name: string, profileImageUrl?: string) =>
    sim.control<SimUserRef>('POST', '/_sim/users', { username, name, ...(profileImageUrl ? { profileImageUrl } : {}) });
  const dm = (from: SimUserRef, text: string) => sim.control('POST', '/_sim/dms', { senderId: from.id, recipientId: sim.account.id, text });
  const mention = (from: SimUserRef, text: string) => sim.control<{ id: string }>('POST', '/_sim/tweets', { authorId: from.id, text });
  const sent = () => sim.control<{ tweets: { text: string }[]; dms: { text: string; recipientId: string }[] }>('GET', `/_sim/accounts/${sim.account.id}/sent`);

  /** An agent with rw in "users" (the Social queue) and, when asked, in more groups. */
  async function agent(login: string, extraGroups: { name: string; permission: 'rw' | 'ro' }[] = [], usersPermission: 'rw' | 'ro' = 'rw') {
    const groups = [{ groupId: users.id, permission: usersPermission }];
    for (const g of extraGroups) {
      const found = await db.selectFrom('groups').select('id').where('name', '=', g.name).executeTakeFirst();
      const id = found?.id ?? (await saveGroup(db, 1, null, { name: g.name })).id;
      groups.push({ groupId: id, permission: g.permission });
    }
    return saveAgent(db, 1, null, { login, firstName: login, lastName: 'Agent', email: `${login}@example.com`, password: AGENT_PASSWORD, groups });
  }

  async function close(): Promise<void> {
    await worker.stop();
    await sim.close();
  }

  return { sim, deps, app, queue, profile, connect, tick, user, dm, mention, sent, agent, close };
}

function pick(a: { consumerKey: string; consumerSecret: string; accessToken: string; accessTokenSecret: string }) {
  return { consumerKey: a.consumerKey, consumerSecret: a.consumerSecret, accessToken: a.accessToken, accessTokenSecret: a.accessTokenSecret };
}

/** Imports an OTRS ACL export and deploys it, as an administrator does, through the REST API. */
export async function deployAcls(app: SocialFixture['app'], yaml: string): Promise<void> {
  const api = apiClient(app);
  const imported = await api.call('POST', '/api/v1/acls', yaml, { 'content-type': 'application/yaml' });
  if (imported.status !== 201) throw new Error(`ACL import: ${imported.status} ${JSON.stringify(imported.body)}`);
  const deployed = await api.post('/api/v1/acls/deploy');
  if (deployed.status !== 200) throw new Error(`ACL deploy: ${deployed.status} ${JSON.stringify(deployed.body)}`);
}

/** The newest ticket, to follow what ingestion just created. */
export async function newestTicket(db: Db) {
  return db.selectFrom('tickets').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
}

export async function ticketCount(db: Db): Promise<number> {
  const row = await sql<{ n: number }>`select count(*) as n from tickets`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}

export type SocialFixture = Awaited<ReturnType<typeof socialFixture>>;

/** Pages and forms as an agent logged in through the login form, answers as text. */
export function browserless(app: SocialFixture['app'], login: string, password = AGENT_PASSWORD) {
  let session: Promise<Record<string, string>> | null = null;
  const headers = () => (session ??= sessionHeaders(app, login, password));
  return {
    async get(path: string) {
      const res = await app.request(path, { headers: await headers() });
      return { status: res.status, html: await res.text(), location: res.headers.get('location') };
    },
    async post(path: string, fields: Record<string, string>) {
      const res = await app.request(path, {
        method: 'POST',
        headers: { ...(await headers()), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
      return { status: res.status, html: await res.text(), location: res.headers.get('location') };
    },
  };
}
