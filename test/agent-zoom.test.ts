// The ticket zoom over HTTP (app.request) on both databases, with the X simulator behind the
// profile: the conversation as on X, replies through the outbox, actions with their history,
// rw/ro permissions and the live updates.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDialect } from './helpers/db.ts';
import { formatDateTime } from '../src/i18n/index.ts';
import { AGENT_PASSWORD, avatar, browserless, newestTicket, socialFixture, type SimUserRef, type SocialFixture } from './agent-fixture.ts';
import { apiClient, basic } from './helpers/app.ts';

/** One article of the zoom's HTML, by id. */
function article(html: string, id: number): string {
  const m = new RegExp(`<li id="a-${id}"[\\s\\S]*?</li>`).exec(html);
  if (!m) throw new Error(`article ${id} is not on the page`);
  return m[0];
}

const historyOf = (html: string) => /<section class="widget history"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';

describeEachDialect('agent interface: ticket zoom', ({ db, dialect }) => {
  let fx: SocialFixture;
  let alice: SimUserRef;
  let anna: ReturnType<typeof browserless>;

  beforeEach(async () => {
    fx = await socialFixture(db(), dialect);
    alice = await fx.user('alice', 'Alice <Example>', avatar('#7b4fd6', 'A'));
    await fx.agent('anna');
    anna = browserless(fx.app, 'anna');
  });
  afterEach(() => fx.close());

  it('shows a DM and a mention as they happened on X, with all text escaped', async () => {
    await fx.dm(alice, 'My order <img src=x onerror=alert(1)> arrived broken');
    await fx.tick();
    const dmTicket = await newestTicket(db());
    const bob = await fx.user('bob_b', 'Bob');
    const post = await fx.mention(bob, '@parleyhelp where is my parcel?');
    await fx.tick();
    const postTicket = await newestTicket(db());

    const dm = await anna.get(`/tickets/${dmTicket.id}`);
    expect(dm.status).toBe(200);
    const first = article(dm.html, 1);
    expect(first).toContain('Alice &lt;Example&gt;');
    expect(first).toContain('@alice');
    expect(first).toContain('Direct message');
    expect(first).toContain('incoming');
    expect(first).toMatch(/<img src="data:image\/svg\+xml;base64,/);
    expect(first).toContain('My order &lt;img src=x onerror=alert(1)&gt; arrived broken');
    expect(dm.html).not.toContain('<img src=x');
    expect(dm.html).toContain('0 / 10,000');

    const pub = await anna.get(`/tickets/${postTicket.id}`);
    const mention = article(pub.html, 2);
    expect(mention).toContain('Public post');
    expect(mention).toContain(`href="https://x.com/bob_b/status/${post.id}"`);
    // Bob has X's default avatar address: an image the CSP allows, with initials to fall back on.
    expect(mention).toContain('data-initials="BO"');
    expect(pub.html).toContain('0 / 280');
  });

  it('sends a reply through the outbox: queued, then sent, with history; a refused one keeps its text', async () => {
    await fx.dm(alice, 'Where is my refund?');
    await fx.tick();
    const t = await newestTicket(db());

    const tooLong = 'x'.repeat(10_001);
    const refused = await anna.post(`/tickets/${t.id}/reply`, { profileId: String(fx.profile.id), kind: 'dm', body: tooLong });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('The direct message is 10,001 characters long; X allows 10,000.');
    expect(refused.html).toContain(tooLong);

    const ok = await anna.post(`/tickets/${t.id}/reply`, { profileId: String(fx.profile.id), kind: 'dm', body: 'We refund you today.' });
    expect(ok.status).toBe(303);
    expect(ok.location).toMatch(new RegExp(`^/tickets/${t.id}\\?saved=.+#a-2$`));
    let zoom = await anna.get(`/tickets/${t.id}`);
    expect(article(zoom.html, 2)).toContain('queued');
    expect(article(zoom.html, 2)).toContain('outgoing to @alice');

    await fx.tick();
    zoom = await anna.get(`/tickets/${t.id}`);
    expect(article(zoom.html, 2)).toContain('<span class="badge sent">sent</span>');
    expect((await fx.sent()).dms.map((d) => d.text)).toEqual(['We refund you today.']);
    expect(historyOf(zoom.html)).toMatch(/SendAnswer<\/span> Direct message to @alice queued via profile &quot;ParleyHelp&quot;/);
    expect(zoom.html).toContain('<span class="badge open">open</span>');
  });

  it('shows a failed delivery with X\'s reason and a Retry button that queues it again', async () => {
    const bob = await fx.user('bob_b', 'Bob');
    await fx.mention(bob, '@parleyhelp hello?');
    await fx.tick();
    const t = await newestTicket(db());
    const reply = { profileId: String(fx.profile.id), kind: 'reply', body: '@bob_b Hello Bob, how can we help?' };
    expect((await anna.post(`/tickets/${t.id}/reply`, reply)).status).toBe(303);
    await fx.tick();
    // X refuses the same post twice within a day.
    expect((await anna.post(`/tickets/${t.id}/reply`, reply)).status).toBe(303);
    await fx.tick();
    const zoom = await anna.get(`/tickets/${t.id}`);
    const failed = article(zoom.html, 3);
    expect(failed).toContain('<span class="badge failed">failed</span>');
    expect(failed).toMatch(/<span class="reason">[^<]*duplicate[^<]*<\/span>/i);
    expect(failed).toContain(`action="/tickets/${t.id}/articles/3/retry"`);

    const retried = await anna.post(`/tickets/${t.id}/articles/3/retry`, {});
    expect(retried.status).toBe(303);
    expect(article((await anna.get(`/tickets/${t.id}`)).html, 3)).toContain('queued');
  });

  it('writes every action to the history the zoom shows; pending needs a date', async () => {
    await fx.dm(alice, 'Help');
    await fx.tick();
    const t = await newestTicket(db());
    const bert = await fx.agent('bert');
    const base = `/tickets/${t.id}`;

    expect((await anna.post(`${base}/lock`, { lock: 'lock' })).status).toBe(303);
    expect((await anna.post(`${base}/priority`, { priority: '4' })).status).toBe(303);
    expect((await anna.post(`${base}/note`, { body: 'Customer is <VIP>' })).status).toBe(303);
    const noDate = await anna.post(`${base}/state`, { state: 'pending reminder', pendingUntil: '' });
    expect(noDate.status).toBe(400);
    expect(noDate.html).toContain('&quot;pending reminder&quot; needs the date and time the ticket stays pending until.');
    const pending = await anna.post(`${base}/state`, { state: 'pending reminder', pendingUntil: '2099-05-01T09:30', tzOffset: '-120' });
    expect(pending.status).toBe(303);
    const misc = await db().selectFrom('queues').select('id').where('name', '=', 'Misc').executeTakeFirstOrThrow();
    expect((await anna.post(`${base}/queue`, { queueId: String(misc.id) })).status).toBe(303);
    expect((await anna.post(`${base}/owner`, { ownerId: String(bert.id) })).status).toBe(303);

    const zoom = await anna.get(base);
    const history = historyOf(zoom.html);
    for (const line of [
      'Ticket locked.',
      'Priority changed from &quot;3 normal&quot; to &quot;4 high&quot;.',
      'Internal note added.',
      // The stored (API) text has the ISO time; the zoom shows it in the reader's format and zone.
      `State changed from &quot;new&quot; to &quot;pending reminder&quot; until ${formatDateTime('2099-05-01T07:30:00.000Z')}.`,
      'Ticket moved from queue &quot;Social&quot; to &quot;Misc&quot;.',
      'Owner changed from anna to bert.',
    ]) {
      expect(history).toContain(line);
    }
    expect(zoom.html).toContain('Customer is &lt;VIP&gt;');
    expect(zoom.html).toContain('<dt>Pending until</dt><dd><time datetime="2099-05-01T07:30:00.000Z"');
    // Now bert owns the locked ticket: anna may no longer act on it.
    expect(zoom.html).toContain('Locked by bert: only bert can change or answer this ticket.');
    expect(zoom.html).not.toContain('id="compose"');
    const blocked = await anna.post(`${base}/reply`, { profileId: String(fx.profile.id), kind: 'dm', body: 'Hi' });
    expect(blocked.status).toBe(409);
    expect(blocked.html).toContain('locked by bert');

    const bertView = browserless(fx.app, 'bert');
    expect((await bertView.post(`${base}/state`, { state: 'closed successful' })).status).toBe(303);
    const closed = await bertView.get(base);
    expect(historyOf(closed.html)).toContain('State changed from &quot;pending reminder&quot; to &quot;closed successful&quot;.');
    expect(historyOf(closed.html)).toContain('Ticket unlocked.');
  });

  it('is read-only with ro permission: no forms, and the server refuses them', async () => {
    await fx.dm(alice, 'Hello');
    await fx.tick();
    const t = await newestTicket(db());
    await fx.agent('rita', [], 'ro');
    const rita = browserless(fx.app, 'rita');
    const zoom = await rita.get(`/tickets/${t.id}`);
    expect(zoom.status).toBe(200);
    expect(zoom.html).toContain('You may read this ticket but not change it');
    expect(zoom.html).not.toContain('id="compose"');
    expect(zoom.html).not.toContain(`action="/tickets/${t.id}/lock"`);
    const refused = await rita.post(`/tickets/${t.id}/lock`, { lock: 'lock' });
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('You need read-write permission on the queue &quot;Social&quot; to change this ticket.');
    expect((await db().selectFrom('tickets').select('lock').where('id', '=', t.id).executeTakeFirstOrThrow()).lock).toBe('unlock');

    await fx.agent('nobody_here', [{ name: 'admin', permission: 'rw' }], 'ro');
    await db().deleteFrom('agent_groups').where('agent_id', '=', (await db().selectFrom('agents').select('id').where('login', '=', 'nobody_here').executeTakeFirstOrThrow()).id).execute();
    expect((await browserless(fx.app, 'nobody_here').get(`/tickets/${t.id}`)).status).toBe(403);
  });

  it('shows the newest 100 messages of a long conversation and loads the earlier ones on request', async () => {
    await fx.dm(alice, 'Message 0');
    await fx.tick();
    const t = await newestTicket(db());
    const first = await db().selectFrom('articles').selectAll().where('ticket_id', '=', t.id).executeTakeFirstOrThrow();
    const { id: _id, ...row } = first;
    await db()
      .insertInto('articles')
      .values(Array.from({ length: 104 }, (_, i) => ({ ...row, external_id: `extra-${i}`, body: `Message ${i + 1}` })))
      .execute();
    const zoom = await anna.get(`/tickets/${t.id}`);
    expect(zoom.html).toContain('105 messages');
    expect(zoom.html.match(/<li id="a-\d+" class="article/g)).toHaveLength(100);
    expect(zoom.html).not.toContain('>Message 4<');
    expect(zoom.html).toContain('>Message 5<');
    expect(zoom.html).toContain(`hx-get="/ui/tickets/${t.id}/articles?before=5"`);
    const earlier = await anna.get(`/ui/tickets/${t.id}/articles?before=5`);
    expect([...earlier.html.matchAll(/<div class="text">([^<]*)<\/div>/g)].map((m) => m[1])).toEqual(['Message 0', 'Message 1', 'Message 2', 'Message 3', 'Message 4']);
    expect(earlier.html).not.toContain('earlier message');
    expect((await anna.get(`/tickets/${t.id}?all=1`)).html.match(/<li id="a-\d+" class="article/g)).toHaveLength(105);
  });

  it('polls: 204 while nothing changed, then new articles, delivery status and properties out of band', async () => {
    await fx.dm(alice, 'First');
    await fx.tick();
    const t = await newestTicket(db());
    const zoom = await anna.get(`/tickets/${t.id}`);
    const poll = /hx-get="(\/ui\/tickets\/\d+\/poll\?[^"]+)"/.exec(zoom.html)![1]!.replaceAll('&amp;', '&');
    expect((await anna.get(poll)).status).toBe(204);

    await fx.dm(alice, 'Second <b>message</b>');
    await fx.tick();
    const update = await anna.get(poll);
    expect(update.status).toBe(200);
    expect(update.html).toContain('<ol id="conversation" hx-swap-oob="beforeend">');
    expect(update.html).toContain('Second &lt;b&gt;message&lt;/b&gt;');
    expect(update.html).toContain('id="props" hx-swap-oob="true"');
    expect(update.html).toContain('1 new message from the customer.');

    // A reply is watched until the outbox reports it.
    await anna.post(`/tickets/${t.id}/reply`, { profileId: String(fx.profile.id), kind: 'dm', body: 'On it.' });
    const after = await anna.get(`/tickets/${t.id}`);
    const watching = /hx-get="(\/ui\/tickets\/\d+\/poll\?[^"]+)"/.exec(after.html)![1]!.replaceAll('&amp;', '&');
    expect(watching).toMatch(/pending=3/);
    expect((await anna.get(watching)).status).toBe(204);
    await fx.tick();
    const sent = await anna.get(watching);
    expect(sent.html).toMatch(/<li id="a-3" class="article outgoing" data-status="sent" hx-swap-oob="true"/);
    expect(sent.html).toContain('Message sent.');
  });

  it('polls: the history and the banners follow changes made by others (lock, note, profile switched off, merge)', async () => {
    await fx.dm(alice, 'First');
    await fx.tick();
    const t = await newestTicket(db());
    const bernd = await fx.agent('bernd');
    const bApi = apiClient(fx.app, basic('bernd', AGENT_PASSWORD));
    const pollOf = (html: string) => /hx-get="(\/ui\/tickets\/\d+\/poll\?[^"]+)"/.exec(html)![1]!.replaceAll('&amp;', '&');
    let poll = pollOf((await anna.get(`/tickets/${t.id}`)).html);
    expect(poll).toMatch(/[?&]v=\d+\.valid&/);
    expect(poll).toContain('r=compose');
    expect((await anna.get(poll)).status).toBe(204);

    // bernd takes the ticket: anna's page says whose it is, her reply box goes, the history tells.
    expect((await bApi.patch(`/api/v1/tickets/${t.id}`, { lock: 'lock', ownerId: bernd.id })).status).toBe(200);
    const locked = await anna.get(poll);
    expect(locked.status).toBe(200);
    expect(locked.html).toContain('id="ticket-actions" hx-swap-oob="true"');
    expect(locked.html).toContain('Locked by bernd: only bernd can change or answer this ticket.');
    expect(locked.html).toContain('<div id="reply-box" hx-swap-oob="true"></div>');
    expect(historyOf(locked.html)).toContain('Ticket locked.');
    poll = pollOf(locked.html);
    expect(poll).toContain('r=none');
    expect((await anna.get(poll)).status).toBe(204);

    // A note changes the history only (the ticket row may stay as it was): the history still follows.
    await db().updateTable('tickets').set({ changed_at: t.changed_at }).where('id', '=', t.id).execute();
    poll = pollOf((await anna.get(`/tickets/${t.id}`)).html);
    expect((await bApi.post(`/api/v1/tickets/${t.id}/articles`, { kind: 'note', body: 'Checking the order.' })).status).toBe(201);
    await db().updateTable('tickets').set({ changed_at: t.changed_at }).where('id', '=', t.id).execute();
    const noted = await anna.get(poll);
    expect(noted.status).toBe(200);
    expect(historyOf(noted.html)).toContain('Internal note added.');
    poll = pollOf(noted.html);

    // bernd lets go: the action menu and the reply box come back without a reload.
    expect((await bApi.patch(`/api/v1/tickets/${t.id}`, { lock: 'unlock' })).status).toBe(200);
    const unlocked = await anna.get(poll);
    expect(unlocked.html).not.toContain('Locked by bernd');
    expect(unlocked.html).toMatch(/<div id="reply-box" hx-swap-oob="true">[\s\S]*id="compose-body"/);
    expect(historyOf(unlocked.html)).toContain('Ticket unlocked.');
    poll = pollOf(unlocked.html);

    // An administrator switches the profile off: the ticket is untouched, the banner comes anyway.
    expect((await apiClient(fx.app).patch(`/api/v1/social-media-profiles/${fx.profile.id}`, { validity: 'invalid' })).status).toBe(200);
    const off = await anna.get(poll);
    expect(off.status).toBe(200);
    expect(off.html).toMatch(/<div id="reply-box" hx-swap-oob="true">[\s\S]*is switched off \(invalid\)/);
    expect(off.html).not.toContain('id="compose-body"');
    poll = pollOf(off.html);
    expect(poll).toContain('r=profileOff');
    expect((await anna.get(poll)).status).toBe(204);

    // bernd merges the ticket into another: state, "Merged into" and its history line arrive.
    const target = await bApi.post('/api/v1/tickets', { title: 'Order 4711', queueId: fx.queue.id });
    expect(target.status).toBe(201);
    expect((await bApi.post(`/api/v1/tickets/${t.id}/merge`, { targetTicketId: target.body.id })).status).toBe(200);
    const merged = await anna.get(poll);
    expect(merged.html).toContain('id="ticket-head" hx-swap-oob="true"');
    expect(merged.html).toMatch(/<p class="merged-into">Merged into <a href="\/tickets\/\d+">Ticket#/);
    expect(historyOf(merged.html)).toMatch(/[Mm]erged/);
  });
});
