import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, makeApp, testDeps } from './helpers/app.ts';
import { ADMIN_PASSWORD, describeEachDialect } from './helpers/db.ts';
import { connectNetworkProfile, mastodonHarness, NETWORKS } from './helpers/networks.ts';
import { eagerWorker, makeDue } from './helpers/x.ts';
import { browserless } from './agent-fixture.ts';
import { pollProfile } from '../src/worker/poll.ts';

// Mastodon's limit is the server's own (configuration.statuses.max_characters of GET
// /api/v2/instance): stored with the profile at verify and refreshed by the worker, it is the
// reply box's maximum and the check before anything is queued. And "New social media ticket"
// starts conversations on every network the agent has a profile of.

const LONG = `${'Lorem ipsum dolor sit amet. '.repeat(25).slice(0, 699)}!`;

describe('the text of a long reply', () => {
  it('is 700 characters', () => expect(LONG).toHaveLength(700));
});

for (const max of [1000, 500]) {
  const net = mastodonHarness({ maxCharacters: max });
  describeEachDialect(`a Mastodon server with max_characters ${max}`, ({ db, dialect }) => {
    beforeAll(() => net.start());
    afterAll(() => net.close());
    const setup = () => {
      const deps = testDeps(db(), dialect);
      const app = makeApp(deps);
      return { deps, app, api: apiClient(app), worker: eagerWorker(deps) };
    };

    async function dmTicket() {
      const s = setup();
      const { account, profile } = await connectNetworkProfile(s.deps, net);
      const carol = await net.person('Carol');
      await net.dm(carol, account, 'How long may an answer be?');
      await makeDue(s.deps);
      await s.worker.tick();
      const ticket = await db().selectFrom('tickets').selectAll().where('social_profile_id', '=', profile.id).executeTakeFirstOrThrow();
      return { ...s, account, profile, carol, ticket };
    }

    it('stores the server\'s limits with the profile at verify', async () => {
      const { profile } = await dmTicket();
      expect(JSON.parse(profile.server_limits!)).toMatchObject({ maxCharacters: max, maxAttachments: 4 });
      expect(profile.server_limits_at).not.toBeNull();
    });

    it('the reply box counts against the server\'s maximum', async () => {
      const { app, ticket, profile } = await dmTicket();
      const root = browserless(app, 'root@localhost', ADMIN_PASSWORD);
      const zoom = await root.get(`/tickets/${ticket.id}`);
      expect(zoom.status).toBe(200);
      expect(zoom.html).toMatch(new RegExp(`0 / ${max === 1000 ? '1,000' : '500'}`));
      const counter = await root.post('/ui/counter', { counter: 'compose-counter', profileId: String(profile.id), kind: 'dm', body: LONG });
      // "@carol_… " is added when sending; the box counts what the agent typed.
      expect(counter.html).toContain(`700 / ${max === 1000 ? '1,000' : '500'}`);
      expect(counter.html).toContain(max === 1000 ? 'data-blocked="false"' : 'data-blocked="true"');
    });

    if (max === 1000) {
      it('accepts a 700-character reply and sends it', async () => {
        const { api, worker, ticket, account } = await dmTicket();
        const reply = await api.post(`/api/v1/tickets/${ticket.id}/articles`, { body: LONG });
        expect(reply.status).toBe(201);
        expect(reply.body).toMatchObject({ kind: 'dm', deliveryStatus: 'queued' });
        await worker.tick();
        expect((await api.get(`/api/v1/tickets/${ticket.id}/articles`)).body.items[1]).toMatchObject({ deliveryStatus: 'sent', deliveryError: null });
        expect((await net.sent(account)).dms.map((d) => d.text.replace(/^@\S+\s/, ''))).toEqual([LONG]);
      });

      it('starts a new ticket with a 700-character post', async () => {
        const { api, worker, profile, account } = await dmTicket();
        const created = await api.post('/api/v1/tickets', { profileId: profile.id, kind: 'tweet', body: LONG });
        expect(created.status).toBe(201);
        await worker.tick();
        expect((await net.sent(account)).posts.map((p) => p.text)).toEqual([LONG]);
      });

      it('the worker asks the server again once the stored limits are an hour old', async () => {
        const { deps, profile } = await dmTicket();
        const old = new Date(Date.now() - 2 * 3600_000).toISOString();
        await db().updateTable('social_profiles').set({ server_limits: JSON.stringify({ maxCharacters: 10 }), server_limits_at: old }).where('id', '=', profile.id).execute();
        await makeDue(deps);
        const row = await db().selectFrom('social_profiles').selectAll().where('id', '=', profile.id).executeTakeFirstOrThrow();
        await pollProfile(deps, row, { owner: 'test', pollSeconds: 60 });
        const after = await db().selectFrom('social_profiles').selectAll().where('id', '=', profile.id).executeTakeFirstOrThrow();
        expect(JSON.parse(after.server_limits!)).toMatchObject({ maxCharacters: 1000 });
        expect(after.server_limits_at! > old).toBe(true);
        // Fresh ones are not asked for again.
        await db().updateTable('social_profiles').set({ server_limits: JSON.stringify({ maxCharacters: 10 }) }).where('id', '=', profile.id).execute();
        await pollProfile(deps, (await db().selectFrom('social_profiles').selectAll().where('id', '=', profile.id).executeTakeFirstOrThrow()), { owner: 'test', pollSeconds: 60 });
        expect(JSON.parse((await db().selectFrom('social_profiles').select('server_limits').where('id', '=', profile.id).executeTakeFirstOrThrow()).server_limits!)).toEqual({ maxCharacters: 10 });
      });
    } else {
      it('refuses a 700-character reply before queueing, with the reason', async () => {
        const { api, ticket } = await dmTicket();
        const reply = await api.post(`/api/v1/tickets/${ticket.id}/articles`, { body: LONG });
        expect(reply.status).toBe(400);
        expect(JSON.stringify(reply.body)).toContain('Mastodon allows 500 characters on this server; this text has 700.');
        expect(await db().selectFrom('outbox').selectAll().execute()).toHaveLength(0);
        const created = await api.post('/api/v1/tickets', { profileId: ticket.social_profile_id!, kind: 'tweet', body: LONG });
        expect(created.status).toBe(400);
        expect(JSON.stringify(created.body)).toContain('Mastodon allows 500 characters on this server; this text has 700.');
      });
    }
  });
}

for (const makeNet of NETWORKS) {
  const net = makeNet();
  describeEachDialect(`New social media ticket on ${net.type}`, ({ db, dialect }) => {
    beforeAll(() => net.start());
    afterAll(() => net.close());

    it('lists the profile with its network and starts a DM and a post from the page', async () => {
      const deps = testDeps(db(), dialect);
      const app = makeApp(deps);
      const worker = eagerWorker(deps);
      const { account, profile } = await connectNetworkProfile(deps, net);
      const dana = await net.person('Dana');
      const root = browserless(app, 'root@localhost', ADMIN_PASSWORD);
      const page = await root.get('/tickets/new-twitter');
      expect(page.status).toBe(200);
      const network = net.type === 'mastodon' ? 'Mastodon' : 'Bluesky';
      expect(page.html).toContain(`Start a conversation on ${network}`);
      expect(page.html).toContain(`· ${network}</option>`);
      expect(page.html).toContain('New social media ticket');
      const dm = await root.post('/tickets/new-twitter', { profileId: String(profile.id), kind: 'dm', to: `@${dana.handle}`, body: 'Your parcel is on its way.' });
      expect(dm.status).toBe(303);
      const post = await root.post('/tickets/new-twitter', { profileId: String(profile.id), kind: 'tweet', body: 'Spring sale starts today!' });
      expect(post.status).toBe(303);
      await worker.tick();
      const sent = await net.sent(account);
      expect(sent.dms.map((d) => [d.text.replace(/^@\S+\s/, ''), d.to])).toEqual([['Your parcel is on its way.', [dana.id]]]);
      expect(sent.posts.map((p) => p.text)).toEqual(['Spring sale starts today!']);
      const tickets = await db().selectFrom('tickets').selectAll().where('social_profile_id', '=', profile.id).orderBy('id').execute();
      expect(tickets).toHaveLength(2);
      expect(tickets[0]!.conversation_key).toMatch(net.dmKey);
      // Dana's answer joins the DM ticket.
      await net.dm(dana, account, 'Thank you!');
      await makeDue(deps);
      await worker.tick();
      expect(await db().selectFrom('tickets').selectAll().where('social_profile_id', '=', profile.id).execute()).toHaveLength(2);
      const answers = await db().selectFrom('articles').select('body').where('ticket_id', '=', tickets[0]!.id).orderBy('id').execute();
      expect(answers.map((a) => a.body.replace(/^@\S+\s/, ''))).toEqual(['Your parcel is on its way.', 'Thank you!']);
    });
  });
}

