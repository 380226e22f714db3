// The agent pages under deployed ACLs (the real engine): the seed's profile restriction (MISSION
// A1–A4) plus restrictions of screens and values. What the ACLs take away is not offered, and the
// server refuses it with 403 whatever the browser sends.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SEED_ACL_YAML } from '../src/core/acl/index.ts';
import { describeEachDialect } from './helpers/db.ts';
import { browserless, deployAcls, newestTicket, socialFixture, type SocialFixture } from './agent-fixture.ts';

// One ACL set for the whole file: the engine caches the compiled set by deployment id, and every
// test's fresh database numbers its first deployment 1 again.
const ACLS = `${SEED_ACL_YAML}- Name: Juniors
  Comment: ''
  Description: Juniors neither prioritise nor close unsuccessfully, nor hand tickets to seniors.
  StopAfterMatch: 0
  ValidID: 1
  ConfigMatch:
    Properties:
      User:
        UserLogin:
        - junior
  ConfigChange:
    PossibleNot:
      Action:
      - AgentTicketPriority
      Ticket:
        Queue:
        - Junk
        State:
        - closed unsuccessful
        Owner:
        - senior
- Name: Interns
  Comment: ''
  Description: Interns read and take notes; they do not write to customers.
  StopAfterMatch: 0
  ValidID: 1
  ConfigMatch:
    Properties:
      User:
        UserLogin:
        - intern
  ConfigChange:
    PossibleNot:
      Action:
      - AgentTicketCompose
      - AgentTicketSocialNew
`;

/** The options of one <select> of a page, by its id. */
function options(html: string, id: string): string[] {
  const select = new RegExp(`<select id="${id}"[\\s\\S]*?</select>`).exec(html)?.[0];
  if (!select) return [];
  return [...select.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]!).filter(Boolean);
}

describeEachDialect('agent interface under ACLs', ({ db, dialect }) => {
  let fx: SocialFixture;
  let ticketId: number;
  let other: { id: number };

  beforeEach(async () => {
    fx = await socialFixture(db(), dialect);
    const account = await fx.sim.control<{ consumerKey: string; consumerSecret: string; accessToken: string; accessTokenSecret: string }>('POST', '/_sim/accounts', {
      username: 'otherhelp',
      name: 'Other Help',
    });
    other = await fx.connect('OtherHelp', account);
    await fx.agent('junior');
    await fx.agent('senior', [{ name: 'twitter', permission: 'rw' }]);
    await fx.agent('intern');
    await deployAcls(fx.app, ACLS);
    const alice = await fx.user('alice', 'Alice');
    await fx.dm(alice, 'Hello?');
    await fx.tick();
    ticketId = (await newestTicket(db())).id;
  });
  afterEach(() => fx.close());

  it('offers each agent only what the ACLs leave', async () => {
    const junior = await browserless(fx.app, 'junior').get(`/tickets/${ticketId}`);
    const senior = await browserless(fx.app, 'senior').get(`/tickets/${ticketId}`);
    expect(junior.status).toBe(200);
    // A4: profile 1 is for members of "twitter" only.
    expect(options(junior.html, 'compose-profile')).toEqual([String(other.id)]);
    expect(options(senior.html, 'compose-profile').sort()).toEqual([String(fx.profile.id), String(other.id)].sort());

    const junk = await db().selectFrom('queues').select('id').where('name', '=', 'Junk').executeTakeFirstOrThrow();
    expect(options(junior.html, 'move-queue')).not.toContain(String(junk.id));
    expect(options(senior.html, 'move-queue')).toContain(String(junk.id));
    expect(options(junior.html, 'state-next')).not.toContain('closed unsuccessful');
    expect(options(junior.html, 'state-next')).toContain('closed successful');
    expect(options(senior.html, 'state-next')).toContain('closed unsuccessful');
    const seniorId = String((await db().selectFrom('agents').select('id').where('login', '=', 'senior').executeTakeFirstOrThrow()).id);
    expect(options(junior.html, 'owner-id')).not.toContain(seniorId);
    expect(options(senior.html, 'owner-id')).toContain(seniorId);
    expect(junior.html).not.toContain(`action="/tickets/${ticketId}/priority"`);
    expect(senior.html).toContain(`action="/tickets/${ticketId}/priority"`);

    const intern = await browserless(fx.app, 'intern').get(`/tickets/${ticketId}`);
    expect(intern.html).not.toContain('id="compose"');
    expect(intern.html).not.toContain('href="#compose-body"');
    expect(intern.html).toContain(`action="/tickets/${ticketId}/note"`);
  });

  it('refuses on the server what the ACLs took away, and changes nothing', async () => {
    const junior = browserless(fx.app, 'junior');
    const base = `/tickets/${ticketId}`;
    const junk = await db().selectFrom('queues').select('id').where('name', '=', 'Junk').executeTakeFirstOrThrow();
    const senior = await db().selectFrom('agents').select('id').where('login', '=', 'senior').executeTakeFirstOrThrow();
    const before = await db().selectFrom('ticket_history').select('id').where('ticket_id', '=', ticketId).execute();
    const attempts: [string, Record<string, string>, RegExp][] = [
      [`${base}/reply`, { profileId: String(fx.profile.id), kind: 'dm', body: 'Hi from profile 1' }, /You may not send through this Twitter app/],
      [`${base}/priority`, { priority: '5' }, /An access control list does not let you use AgentTicketPriority/],
      [`${base}/queue`, { queueId: String(junk.id) }, /You may not move the ticket into this queue/],
      [`${base}/state`, { state: 'closed unsuccessful' }, /You may not set the state &quot;closed unsuccessful&quot;/],
      [`${base}/owner`, { ownerId: String(senior.id) }, /This agent cannot be made owner of the ticket/],
    ];
    for (const [path, fields, message] of attempts) {
      const res = await junior.post(path, fields);
      expect(res.status, path).toBe(403);
      expect(res.html, path).toMatch(message);
    }
    expect(await db().selectFrom('ticket_history').select('id').where('ticket_id', '=', ticketId).execute()).toEqual(before);
    expect(await db().selectFrom('articles').select('id').where('ticket_id', '=', ticketId).execute()).toHaveLength(1);

    // The same reply through the profile the ACLs leave goes out.
    const ok = await junior.post(`${base}/reply`, { profileId: String(other.id), kind: 'dm', body: 'Hi from the other profile' });
    expect(ok.status).toBe(303);

    const intern = browserless(fx.app, 'intern');
    const refused = await intern.post(`${base}/reply`, { profileId: String(other.id), kind: 'dm', body: 'Hi' });
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('An access control list does not let you use AgentTicketCompose on this ticket.');
  });

  it('"New Twitter ticket" offers and accepts only the allowed profiles', async () => {
    const junior = browserless(fx.app, 'junior');
    const page = await junior.get('/tickets/new-twitter');
    expect(options(page.html, 'f-profileId')).toEqual([String(other.id)]);
    const refused = await junior.post('/tickets/new-twitter', { profileId: String(fx.profile.id), kind: 'tweet', body: 'Spring sale!' });
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('You may not use this Twitter app.');
    expect(await db().selectFrom('tickets').select('id').execute()).toHaveLength(1);

    const created = await junior.post('/tickets/new-twitter', { profileId: String(other.id), kind: 'tweet', body: 'Spring sale!' });
    expect(created.status).toBe(303);

    const intern = browserless(fx.app, 'intern');
    const forbidden = await intern.get('/tickets/new-twitter');
    expect(forbidden.status).toBe(403);
    expect(forbidden.html).toContain('An access control list does not let you start new Twitter tickets.');
    expect((await intern.post('/tickets/new-twitter', { profileId: String(other.id), kind: 'tweet', body: 'Hi' })).status).toBe(403);
  });
});
