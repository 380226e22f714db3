// The seed's scenario end to end (MISSION A1–A4), through the REST API against the X simulator:
// profile 1 connected, the seed's OTRS export imported unchanged, nothing restricted while it is a
// draft, then "Deploy ACLs": an agent outside group "twitter" may neither answer through profile 1
// nor start a ticket from it (403 with a message), a member of "twitter" (rw) and root may.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSim, type SimFixture } from '../sim/x/testing.ts';
import { SEED_ACL_YAML } from '../src/core/acl/index.ts';
import { saveAgent, saveGroup } from '../src/core/agents/service.ts';
import { apiClient, basic, makeApp, testDeps } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';
import { connectProfile, eagerWorker, makeDue, sendDm, simUser } from './helpers/x.ts';

const PASSWORD = 'agent-password-1';

describeEachDialect('seed ACL scenario end to end', ({ db, dialect }) => {
  let sim: SimFixture;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    await sim?.close();
  });

  async function setup() {
    // Several agents answer the same ticket here: answering must not take it (RequiredLock has its
    // own tests), so that each refusal below is the ACL's and not the lock's.
    const deps = testDeps(db(), dialect, { xApiUrl: sim.running.url, requiredLock: new Set() });
    const app = makeApp(deps);
    // The database is fresh for every test, so this profile is profile 1, the one the seed names.
    const connected = await connectProfile(deps, sim);
    expect(connected.profile.id).toBe(1);
    const twitter = await saveGroup(db(), 1, null, { name: 'twitter' });
    const agent = async (login: string, extra: { groupId: number; permission: 'rw' | 'ro' }[] = []) => {
      await saveAgent(db(), 1, null, {
        login,
        firstName: login,
        lastName: 'Agent',
        email: `${login}@example.com`,
        password: PASSWORD,
        groups: [{ groupId: connected.queue.group_id, permission: 'rw' }, ...extra],
      });
      return apiClient(app, basic(login, PASSWORD));
    };
    const outsider = await agent('outsider');
    const reader = await agent('reader', [{ groupId: twitter.id, permission: 'ro' }]);
    const member = await agent('member', [{ groupId: twitter.id, permission: 'rw' }]);
    const root = apiClient(app);

    const worker = eagerWorker(deps);
    const carol = await simUser(sim, 'Carol');
    await sendDm(sim, carol, connected.account, 'Where is my parcel?');
    await makeDue(deps);
    await worker.tick();
    const ticket = await db().selectFrom('tickets').selectAll().where('social_profile_id', '=', 1).executeTakeFirstOrThrow();
    return { root, outsider, reader, member, ticket, worker, account: connected.account };
  }

  const reply = (api: ReturnType<typeof apiClient>, ticketId: number, body: string) => api.post(`/api/v1/tickets/${ticketId}/articles`, { body, profileId: 1 });
  const newTicket = (api: ReturnType<typeof apiClient>, body: string) => api.post('/api/v1/tickets', { profileId: 1, kind: 'tweet', body });

  it('restricts profile 1 to group "twitter" (rw) once deployed, and not before', async () => {
    const { root, outsider, reader, member, ticket, worker, account } = await setup();

    const imported = await root.call('POST', '/api/v1/acls', SEED_ACL_YAML, { 'content-type': 'application/yaml' });
    expect(imported.status).toBe(201);

    // A draft restricts nobody.
    expect((await reply(outsider, ticket.id, 'Draft ACLs do not apply yet.')).status).toBe(201);
    expect((await newTicket(outsider, 'Draft ACLs do not apply to new tickets either.')).status).toBe(201);

    expect((await root.post('/api/v1/acls/deploy')).status).toBe(200);

    const refused = await reply(outsider, ticket.id, 'Through profile 1?');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'forbidden', field: 'profileId' });
    expect(refused.body.error.message).toMatch(/may not use the profile/);
    const refusedNew = await newTicket(outsider, 'A new post from profile 1?');
    expect(refusedNew.status).toBe(403);
    expect(refusedNew.body.error.message).toMatch(/may not use the profile/);
    // Group_rw lists only rw memberships: ro in "twitter" is still "[Not]twitter".
    expect((await reply(reader, ticket.id, 'I only read twitter.')).status).toBe(403);

    const before = await db().selectFrom('articles').select('id').where('ticket_id', '=', ticket.id).execute();
    expect((await reply(member, ticket.id, 'A member answers.')).status).toBe(201);
    expect((await newTicket(member, 'A member posts.')).status).toBe(201);
    expect((await reply(root, ticket.id, 'root is never restricted.')).status).toBe(201);
    expect((await newTicket(root, 'root posts.')).status).toBe(201);
    const after = await db().selectFrom('articles').select(['id', 'body']).where('ticket_id', '=', ticket.id).orderBy('id').execute();
    expect(after.length - before.length).toBe(2);
    expect(after.map((a) => a.body)).not.toContain('Through profile 1?');

    // The replies that were allowed go out through the simulator.
    await worker.tick();
    const sent = await sim.control<{ dms: { text: string }[] }>('GET', `/_sim/accounts/${account.id}/sent`);
    expect(sent.dms.map((d) => d.text)).toEqual(expect.arrayContaining(['A member answers.', 'root is never restricted.']));
    expect(sent.dms.map((d) => d.text)).not.toContain('Through profile 1?');
  });

  it('lifts the restriction when the ACL is deployed as invalid', async () => {
    const { root, outsider, ticket } = await setup();
    await root.call('POST', '/api/v1/acls', SEED_ACL_YAML, { 'content-type': 'application/yaml' });
    await root.post('/api/v1/acls/deploy');
    expect((await reply(outsider, ticket.id, 'Refused.')).status).toBe(403);
    const [acl] = (await root.get('/api/v1/acls')).body.items;
    await root.patch(`/api/v1/acls/${acl.id}`, { validity: 'invalid' });
    // Still in effect until deployed.
    expect((await reply(outsider, ticket.id, 'Still refused.')).status).toBe(403);
    const deployed = await root.post('/api/v1/acls/deploy');
    expect(deployed.body.names).toEqual([]);
    expect((await reply(outsider, ticket.id, 'Allowed again.')).status).toBe(201);
  });
});
