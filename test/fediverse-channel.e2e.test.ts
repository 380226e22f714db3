import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiClient, makeApp, testDeps } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';
import { connectNetworkProfile, NETWORKS } from './helpers/networks.ts';
import { eagerWorker, makeDue } from './helpers/x.ts';

// Mastodon and Bluesky through the same engine as X, each against its simulator over real HTTP:
// the follow-up rules (MISSION F1–F5), auto responses, replies of both kinds, Parley's own
// messages never coming back, and a restart after a failed poll without duplicates.

for (const makeNet of NETWORKS) {
  const net = makeNet();
  describeEachDialect(`${net.type} channel end to end`, ({ db, dialect }) => {
    beforeAll(() => net.start());
    afterAll(() => net.close());
    const setup = () => {
      const deps = testDeps(db(), dialect);
      return { deps, api: apiClient(makeApp(deps)), worker: eagerWorker(deps) };
    };
    const tickets = (profileId: number) => db().selectFrom('tickets').selectAll().where('social_profile_id', '=', profileId).orderBy('id').execute();
    const articles = (ticketId: number) => db().selectFrom('articles').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
    async function poll(deps: ReturnType<typeof setup>['deps'], worker: ReturnType<typeof setup>['worker']) {
      await makeDue(deps);
      await worker.tick();
    }
    const bodies = async (ticketId: number) => (await articles(ticketId)).map((a) => a.body.replace(/^@\S+\s/, ''));

    it('F1/F2: a DM opens a ticket as the customer; more DMs are appended; a new ticket stays new', async () => {
      const { deps, api, worker } = setup();
      const { account, queue, profile } = await connectNetworkProfile(deps, net);
      const carol = await net.person('Carol');
      await net.dm(carol, account, 'My order 4711 never arrived.');
      await poll(deps, worker);
      const [t] = await tickets(profile.id);
      expect(t).toMatchObject({ queue_id: queue.id, state: 'new', lock: 'unlock' });
      expect(t!.conversation_key).toMatch(net.dmKey);
      const customer = await db().selectFrom('customer_users').selectAll().where('id', '=', t!.customer_id!).executeTakeFirstOrThrow();
      expect(customer).toMatchObject({ login: `${net.type}:${carol.id}`, name: 'Carol' });
      const identity = await db().selectFrom('customer_identities').selectAll().where('customer_id', '=', customer.id).executeTakeFirstOrThrow();
      expect(identity).toMatchObject({ network: net.type, external_user_id: carol.id, handle: carol.handle });
      await net.dm(carol, account, 'Any news?');
      await poll(deps, worker);
      expect(await tickets(profile.id)).toHaveLength(1);
      const arts = await articles(t!.id);
      expect(arts.map((a) => [a.direction, a.sender_type, a.kind, a.channel])).toEqual([
        ['incoming', 'customer', 'dm', net.type],
        ['incoming', 'customer', 'dm', net.type],
      ]);
      expect(await bodies(t!.id)).toEqual(['My order 4711 never arrived.', 'Any news?']);
      expect((await tickets(profile.id))[0]!.state).toBe('new');
      expect((await api.get(`/api/v1/customers?q=${encodeURIComponent(`${net.type}:${carol.id}`)}`)).body.total).toBe(1);
    });

    it('a NUL in a message does not block the stream (PostgreSQL refuses NUL in text)', async () => {
      const { deps, worker } = setup();
      const { account, profile } = await connectNetworkProfile(deps, net);
      const nul = await net.person('Nadia');
      await net.dm(nul, account, 'order\u0000 4711');
      await poll(deps, worker);
      await net.dm(nul, account, 'and after it');
      await poll(deps, worker);
      const [t] = await tickets(profile.id);
      expect(await bodies(t!.id)).toEqual(['order 4711', 'and after it']);
    });

    it('F4: a DM to a closed ticket in a "possible" queue reopens it, locked when the queue says so', async () => {
      const { deps, api, worker } = setup();
      const { account, profile } = await connectNetworkProfile(deps, net, { followUp: 'possible', followUpLock: true });
      const dave = await net.person('Dave');
      await net.dm(dave, account, 'Hello?');
      await poll(deps, worker);
      const [t] = await tickets(profile.id);
      await api.patch(`/api/v1/tickets/${t!.id}`, { state: 'closed successful' });
      await net.dm(dave, account, 'It broke again.');
      await poll(deps, worker);
      const after = await tickets(profile.id);
      expect(after).toHaveLength(1);
      // The owner is root@localhost, the system user: a follow-up never locks a ticket to it (issue 11;
      // test/agent-day-ownership.test.ts has the lock going to a real agent, the same engine for every network).
      expect(after[0]).toMatchObject({ state: 'open', lock: 'unlock', owner_id: 1 });
      expect(await bodies(t!.id)).toEqual(['Hello?', 'It broke again.']);
    });

    it('F3: a DM to a closed ticket in a "new ticket" queue opens a new ticket linked to the old one', async () => {
      const { deps, api, worker } = setup();
      const { account, profile } = await connectNetworkProfile(deps, net, { followUp: 'new_ticket' });
      const frank = await net.person('Frank');
      await net.dm(frank, account, 'First problem');
      await poll(deps, worker);
      const [old] = await tickets(profile.id);
      await api.patch(`/api/v1/tickets/${old!.id}`, { state: 'closed successful' });
      await net.dm(frank, account, 'Second problem');
      await poll(deps, worker);
      const all = await tickets(profile.id);
      expect(all).toHaveLength(2);
      expect(all[1]).toMatchObject({ state: 'new', conversation_key: old!.conversation_key });
      expect(await bodies(all[1]!.id)).toEqual(['Second problem']);
      expect(await db().selectFrom('ticket_links').selectAll().where('source_ticket_id', '=', old!.id).executeTakeFirstOrThrow()).toMatchObject({ target_ticket_id: all[1]!.id });
    });

    it('F5: a DM to a closed ticket in a "reject" queue stores nothing; another person still gets a ticket', async () => {
      const { deps, api, worker } = setup();
      const { account, profile } = await connectNetworkProfile(deps, net, { followUp: 'reject' });
      const gina = await net.person('Gina');
      await net.dm(gina, account, 'Question');
      await poll(deps, worker);
      const [t] = await tickets(profile.id);
      await api.patch(`/api/v1/tickets/${t!.id}`, { state: 'closed successful' });
      const before = await db().selectFrom('tickets').selectAll().where('id', '=', t!.id).executeTakeFirstOrThrow();
      await net.dm(gina, account, 'Follow-up that must be rejected');
      await poll(deps, worker);
      await poll(deps, worker);
      expect(await db().selectFrom('tickets').selectAll().where('id', '=', t!.id).executeTakeFirstOrThrow()).toEqual(before);
      expect(await bodies(t!.id)).toEqual(['Question']);
      await net.dm(await net.person('Hal'), account, 'New person');
      await poll(deps, worker);
      expect(await tickets(profile.id)).toHaveLength(2);
    });

    it('mentions thread by their root; likes and favourites are no tickets', async () => {
      const { deps, worker } = setup();
      const { account, profile } = await connectNetworkProfile(deps, net);
      const ivy = await net.person('Ivy');
      const first = await net.mention(ivy, account, 'my router blinks red');
      await poll(deps, worker);
      const reply = await net.mention(ivy, account, 'and now it is off', first);
      await net.mention(ivy, account, 'and a reply to the reply', reply);
      await net.like(ivy, first);
      await net.mention(ivy, account, 'a different topic');
      await poll(deps, worker);
      const ts = await tickets(profile.id);
      expect(ts.map((t) => t.conversation_key)).toEqual([net.postKey(first), expect.stringMatching(/^(status|post):/)]);
      const thread = await articles(ts[0]!.id);
      expect(thread.map((a) => a.body)).toEqual([`@${account.handle} my router blinks red`, `@${account.handle} and now it is off`, `@${account.handle} and a reply to the reply`]);
      expect(thread.map((a) => a.in_reply_to_external_id)).toEqual([null, first, reply]);
      expect(thread[0]!.url).toMatch(/^https:\/\//);
    });

    it('auto response: a DM that opens a ticket gets the text back once; it never comes back as a ticket', async () => {
      const { deps, worker } = setup();
      const { account, profile } = await connectNetworkProfile(deps, net, { autoResponse: 'Thanks, we will answer within 24 hours.' });
      const jo = await net.person('Jo');
      await net.dm(jo, account, 'Help me');
      await poll(deps, worker);
      await poll(deps, worker);
      const [t] = await tickets(profile.id);
      expect((await articles(t!.id)).map((a) => [a.direction, a.sender_type, a.delivery_status])).toEqual([
        ['incoming', 'customer', null],
        ['outgoing', 'system', 'sent'],
      ]);
      await net.dm(jo, account, 'Still there?');
      await poll(deps, worker);
      await poll(deps, worker);
      const sent = await net.sent(account);
      expect(sent.dms.map((d) => [d.text.replace(/^@\S+\s/, ''), d.to])).toEqual([['Thanks, we will answer within 24 hours.', [jo.id]]]);
      expect(await tickets(profile.id)).toHaveLength(1);
      expect(await bodies(t!.id)).toEqual(['Help me', 'Thanks, we will answer within 24 hours.', 'Still there?']);
    });

    it('replies: a DM by DM, a post by a reply to the latest post; own messages never come back; the customer\'s answer joins the ticket', async () => {
      const { deps, api, worker } = setup();
      const { account, profile } = await connectNetworkProfile(deps, net);
      const kim = await net.person('Kim');
      await net.dm(kim, account, 'Private question');
      const first = await net.mention(kim, account, 'public question');
      const second = await net.mention(kim, account, 'more details', first);
      await poll(deps, worker);
      const all = await tickets(profile.id);
      const dmTicket = all.find((t) => net.dmKey.test(t.conversation_key!));
      const postTicket = all.find((t) => t.conversation_key === net.postKey(first));
      expect(all).toHaveLength(2);
      const dmReply = await api.post(`/api/v1/tickets/${dmTicket!.id}/articles`, { body: 'Here is the private answer.' });
      expect(dmReply.body).toMatchObject({ kind: 'dm', deliveryStatus: 'queued', to: `@${kim.handle}` });
      const postReply = await api.post(`/api/v1/tickets/${postTicket!.id}/articles`, { body: 'We are on it!' });
      expect(postReply.body).toMatchObject({ kind: 'tweet', deliveryStatus: 'queued', inReplyToExternalId: second });
      await worker.tick();
      const sentPost = (await api.get(`/api/v1/tickets/${postTicket!.id}/articles`)).body.items[2];
      expect((await api.get(`/api/v1/tickets/${dmTicket!.id}/articles`)).body.items[1]).toMatchObject({ deliveryStatus: 'sent', deliveryError: null, channel: net.type });
      expect(sentPost).toMatchObject({ deliveryStatus: 'sent', url: expect.stringMatching(/^https:\/\//) });
      const onNet = await net.sent(account);
      expect(onNet.dms.map((d) => [d.text.replace(/^@\S+\s/, ''), d.to])).toEqual([['Here is the private answer.', [kim.id]]]);
      expect(onNet.posts.map((p) => [p.text.replace(/^@\S+\s/, ''), p.inReplyTo])).toEqual([['We are on it!', second]]);
      expect((await tickets(profile.id)).map((t) => t.state)).toEqual(['open', 'open']);
      await poll(deps, worker);
      await poll(deps, worker);
      expect(await tickets(profile.id)).toHaveLength(2);
      expect((await articles(dmTicket!.id)).map((a) => a.direction)).toEqual(['incoming', 'outgoing']);
      expect((await articles(postTicket!.id)).map((a) => a.direction)).toEqual(['incoming', 'incoming', 'outgoing']);
      await net.mention(kim, account, 'thanks!', sentPost.externalId);
      await net.dm(kim, account, 'and thanks in private');
      await poll(deps, worker);
      expect(await tickets(profile.id)).toHaveLength(2);
      expect(await bodies(postTicket!.id)).toEqual(['public question', 'more details', 'We are on it!', 'thanks!']);
      expect(await bodies(dmTicket!.id)).toEqual(['Private question', 'Here is the private answer.', 'and thanks in private']);
    });

    it('a failed poll and a restart store everything once; failed sends are retried; calls are counted', async () => {
      const { deps, worker } = setup();
      const { account, profile } = await connectNetworkProfile(deps, net, { autoResponse: 'Got it.' });
      const pat = await net.person('Pat');
      for (let i = 1; i <= 3; i++) await net.dm(pat, account, `message ${i}`);
      await net.mention(pat, account, 'in public');
      await net.fault('notifications', 503);
      await net.fault('send-dm', 503);
      await poll(deps, worker);
      const state = await db().selectFrom('profile_poll_state').selectAll().where('profile_id', '=', profile.id).executeTakeFirstOrThrow();
      expect(state.failures).toBe(1);
      // A new process (new deps and worker, as after a restart) carries on from the stored cursors.
      const restarted = testDeps(db(), dialect);
      const again = eagerWorker(restarted);
      for (let i = 0; i < 3; i++) await poll(restarted, again);
      const incoming = await db().selectFrom('articles').select(['body', 'external_id']).where('profile_id', '=', profile.id).where('direction', '=', 'incoming').orderBy('id').execute();
      expect(incoming.map((a) => a.body.replace(/^@\S+\s/, ''))).toEqual(expect.arrayContaining(['message 1', 'message 2', 'message 3', 'in public']));
      expect(incoming).toHaveLength(4);
      expect(new Set(incoming.map((a) => a.external_id)).size).toBe(4);
      expect((await net.sent(account)).dms.map((d) => d.text.replace(/^@\S+\s/, ''))).toEqual(['Got it.']);
      const usage = await db().selectFrom('profile_api_usage').selectAll().where('profile_id', '=', profile.id).executeTakeFirstOrThrow();
      expect(usage.reads).toBeGreaterThan(3);
      expect(usage.writes).toBeGreaterThanOrEqual(1);
    });
  });
}
