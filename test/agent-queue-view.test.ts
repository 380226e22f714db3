// The queue view, the dashboard, the live counter and "New Twitter ticket" over HTTP, on both
// databases, with the X simulator behind the profile.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { saveQueue } from '../src/core/queues/service.ts';
import { createTicket, updateTicket } from '../src/core/tickets/service.ts';
import { actorById } from '../src/web/auth/agents.ts';
import { describeEachDialect } from './helpers/db.ts';
import { browserless, newestTicket, socialFixture, type SocialFixture } from './agent-fixture.ts';

/** The ticket titles of the queue view's table, in order. */
function titles(html: string): string[] {
  const table = /<table class="list tickets"[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
  return [...table.matchAll(/<a href="\/tickets\/\d+" id="t-\d+">([^<]*)<\/a>/g)].map((m) => m[1]!);
}

/** The focusable elements of a page in DOM order (the order Tab walks), as "tag#id" or "tag:text". */
function focusOrder(html: string): string[] {
  const body = html.includes('<body') ? html.slice(html.indexOf('<body')) : html;
  const out: string[] = [];
  const re = /<(a|button|select|textarea|summary|input)\b([^>]*)>([^<]*)/g;
  for (const m of body.matchAll(re)) {
    const [, tag, attrs, text] = m as unknown as [string, string, string, string];
    if (tag === 'input' && /type="hidden"/.test(attrs)) continue;
    if (tag === 'a' && !/href=/.test(attrs)) continue;
    const id = /\bid="([^"]+)"/.exec(attrs)?.[1];
    out.push(id ? `${tag}#${id}` : `${tag}:${text.trim()}`);
  }
  return out;
}

describeEachDialect('agent interface: queue view, dashboard, counter, new Twitter ticket', ({ db, dialect }) => {
  let fx: SocialFixture;
  let anna: ReturnType<typeof browserless>;
  let annaId: number;

  beforeEach(async () => {
    fx = await socialFixture(db(), dialect);
    annaId = (await fx.agent('anna')).id;
    anna = browserless(fx.app, 'anna');
  });
  afterEach(() => fx.close());

  it('lists the tickets of visible queues with counts, filters, search, sorting and paging', async () => {
    const misc = await db().selectFrom('queues').selectAll().where('name', '=', 'Misc').executeTakeFirstOrThrow();
    const secretGroup = await db().insertInto('groups').values({ name: 'secret', comment: null, validity: 'valid', created_at: '2024-01-01T00:00:00Z', changed_at: '2024-01-01T00:00:00Z', created_by: 1, changed_by: 1 }).returning('id').executeTakeFirstOrThrow();
    const secret = await saveQueue(db(), 1, null, { name: 'Secret', groupId: secretGroup.id });
    const annaActor = (await actorById(db(), annaId))!;
    for (let i = 1; i <= 28; i++) await createTicket(db(), { title: `Misc question ${String(i).padStart(2, '0')}`, queueId: misc.id }, 1);
    await createTicket(db(), { title: 'Hidden <b>secret</b>', queueId: secret.id }, 1);
    const closed = await createTicket(db(), { title: 'Already solved', queueId: misc.id }, 1);
    await updateTicket(db(), annaActor, closed.id, { state: 'closed successful' });
    const mine = await createTicket(db(), { title: 'Mine <script>x</script>', queueId: misc.id }, 1);
    await updateTicket(db(), annaActor, mine.id, { lock: 'lock' });
    const alice = await fx.user('alice', 'Alice');
    await fx.dm(alice, 'The zipper of my jacket broke');
    await fx.tick();
    const social = await newestTicket(db());

    const view = await anna.get('/tickets');
    expect(view.status).toBe(200);
    expect(view.html).not.toContain('Hidden');
    expect(view.html).not.toContain('Already solved');
    expect(view.html).toContain('Mine &lt;script&gt;x&lt;/script&gt;');
    expect(view.html).toContain('1–25 of 30 tickets');
    expect(view.html).toMatch(/<a href="\/tickets\?state=closed"><strong>1<\/strong> Closed<\/a>/);
    expect(view.html).toMatch(/<span>Misc<\/span><span class="n">29<span class="badge new">29 new<\/span><\/span>/);
    expect(titles(view.html)[0]).toBe(social.title);

    expect((await anna.get('/tickets?page=2')).html).toContain('26–30 of 30 tickets');
    expect(titles((await anna.get('/tickets?sort=title&order=asc&per=50')).html).slice(0, 2)).toEqual(['Mine &lt;script&gt;x&lt;/script&gt;', 'Misc question 01']);
    expect(titles((await anna.get(`/tickets?queue=${fx.queue.id}`)).html)).toEqual([social.title]);
    expect(titles((await anna.get('/tickets?state=closed')).html)).toEqual(['Already solved']);
    expect(titles((await anna.get('/tickets?state=state:closed%20successful')).html)).toEqual(['Already solved']);
    expect(titles((await anna.get('/tickets?lock=lock&owner=me')).html)).toEqual(['Mine &lt;script&gt;x&lt;/script&gt;']);
    expect(titles((await anna.get(`/tickets?profile=${fx.profile.id}`)).html)).toEqual([social.title]);
    expect(titles((await anna.get(`/tickets?q=${closed.number}&state=all`)).html)).toEqual(['Already solved']);
    expect(titles((await anna.get('/tickets?q=question%2007')).html)).toEqual(['Misc question 07']);
    expect(titles((await anna.get('/tickets?q=%40alice')).html)).toEqual([social.title]);
    expect(titles((await anna.get('/tickets?q=zipper')).html)).toEqual([social.title]);
    expect((await anna.get('/tickets?q=nothing-like-this')).html).toContain('No ticket matches “nothing-like-this”.');
    // The secret queue stays invisible even when asked for by id.
    expect(titles((await anna.get(`/tickets?queue=${secret.id}&state=all`)).html)).toEqual([]);
  });

  it('redraws the list only when a ticket changed, marking what others changed', async () => {
    const view = await anna.get('/tickets');
    const poll = /hx-get="(\/ui\/tickets\/list\?[^"]+)"/.exec(view.html)![1]!.replaceAll('&amp;', '&');
    expect((await anna.get(poll)).status).toBe(204);
    const alice = await fx.user('alice', 'Alice');
    await fx.dm(alice, 'Is anyone there?');
    await fx.tick();
    const update = await anna.get(poll);
    expect(update.status).toBe(200);
    expect(update.html).toContain('Is anyone there?');
    expect(update.html).toContain('<span class="badge updated">updated</span>');
    expect(update.html).toContain('id="queue-counts" hx-swap-oob="true"');
    const next = /hx-get="(\/ui\/tickets\/list\?[^"]+)"/.exec(update.html)![1]!.replaceAll('&amp;', '&');
    expect((await anna.get(next)).status).toBe(204);
  });

  it('shows the dashboard: counts per queue and state, my locked tickets, the newest social tickets', async () => {
    const alice = await fx.user('alice', 'Alice');
    await fx.dm(alice, 'Dashboard hello');
    await fx.tick();
    const t = await newestTicket(db());
    await anna.post(`/tickets/${t.id}/lock`, { lock: 'lock' });
    const page = await anna.get('/dashboard');
    expect(page.status).toBe(200);
    expect(page.html).toMatch(new RegExp(`<a href="/tickets\\?queue=${fx.queue.id}&amp;state=new" aria-label="Social: 1 new">1</a>`));
    const [locked, newest] = page.html.split('Newest social tickets');
    expect(locked).toContain('Dashboard hello');
    expect(newest).toContain('Dashboard hello');
    expect(newest).toContain('@alice');
  });

  it('counts text as X does, for posts and DMs', async () => {
    const count = (body: string, kind: string) => anna.post('/ui/counter', { body, kind, counter: 'compose-counter', profileId: String(fx.profile.id) });
    const ok = await count('漢'.repeat(140), 'reply');
    expect(ok.html).toContain('280 / 280');
    expect(ok.html).toContain('data-blocked="false"');
    const over = await count('漢'.repeat(141), 'reply');
    expect(over.html).toContain('282 / 280');
    expect(over.html).toContain('data-blocked="true"');
    expect(over.html).toContain('The post is 282 characters long; X allows 280.');
    // A link counts 23 whatever its length.
    expect((await count(`See https://example.com/${'a'.repeat(300)}`, 'reply')).html).toContain('27 / 280');
    expect((await count('漢'.repeat(141), 'dm')).html).toContain('141 / 10,000');
    expect((await count('', 'dm')).html).toContain('data-blocked="false"');
  });

  it('starts a new Twitter ticket: a DM to an @handle, or a post; the first article goes out', async () => {
    const alice = await fx.user('alice', 'Alice');
    const form = await anna.get('/tickets/new-twitter');
    expect(form.status).toBe(200);
    expect(form.html).toContain('ParleyHelp (@parleyhelp)');

    const unknown = await anna.post('/tickets/new-twitter', { profileId: String(fx.profile.id), kind: 'dm', to: '@nobody_at_all', body: 'Hi' });
    expect(unknown.status).toBe(400);
    expect(unknown.html).toMatch(/<p class="error-text" id="e-to" role="alert">[^<]*nobody_at_all/);
    const tooLong = await anna.post('/tickets/new-twitter', { profileId: String(fx.profile.id), kind: 'tweet', body: 'y'.repeat(281) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.html).toContain('The post is 281 characters long; X allows 280.');

    const dm = await anna.post('/tickets/new-twitter', { profileId: String(fx.profile.id), kind: 'dm', to: '@alice', body: 'Your parcel is on its way.' });
    expect(dm.status).toBe(303);
    const ticket = await newestTicket(db());
    expect(dm.location).toMatch(new RegExp(`^/tickets/${ticket.id}\\?saved=`));
    expect(ticket).toMatchObject({ queue_id: fx.queue.id, owner_id: annaId, lock: 'lock', state: 'open', title: 'Your parcel is on its way.' });
    await fx.tick();
    const zoom = await anna.get(`/tickets/${ticket.id}`);
    expect(zoom.html).toContain('outgoing to @alice');
    expect(zoom.html).toContain('<span class="badge sent">sent</span>');
    expect((await fx.sent()).dms).toEqual([expect.objectContaining({ text: 'Your parcel is on its way.', recipientId: alice.id })]);

    const post = await anna.post('/tickets/new-twitter', { profileId: String(fx.profile.id), kind: 'tweet', body: 'Spring sale starts today!', title: 'Spring sale' });
    expect(post.status).toBe(303);
    await fx.tick();
    const postTicket = await newestTicket(db());
    expect(postTicket.title).toBe('Spring sale');
    const postZoom = await anna.get(`/tickets/${postTicket.id}`);
    expect(postZoom.html).toContain('Public post');
    expect(postZoom.html).toMatch(/href="https:\/\/x\.com\/parleyhelp\/status\/\d+"/);
  });

  it('walks the focus in the order of the screen: skip link first, no positive tabindex, filters before their buttons before the sorting row', async () => {
    const alice = await fx.user('alice', 'Alice');
    await fx.dm(alice, 'Where is my parcel?');
    await fx.tick();
    const ticket = await newestTicket(db());
    const view = await anna.get('/tickets');
    const zoom = await anna.get(`/tickets/${ticket.id}`);
    for (const page of [view.html, zoom.html]) {
      expect(page).not.toMatch(/tabindex="[1-9]/);
      expect(focusOrder(page)[0]).toBe('a:Skip to content');
    }
    // The queue view's filters: the fields, then Apply and Reset, then the sorting row under them
    // (it used to come first in the page but last on the screen, by a CSS order).
    const filters = focusOrder(/<form method="get" action="\/tickets" class="filters"[\s\S]*?<\/form>/.exec(view.html)![0]);
    expect(filters).toEqual(['input#f-q', 'select#f-queue', 'select#f-state', 'select#f-lock', 'select#f-owner', 'select#f-profile', 'button:Apply', 'a:Reset', 'summary:Sorting and page size', 'select#f-sort', 'select#f-order', 'select#f-per']);
    const css = await (await fx.app.request('/static/app.css')).text();
    expect(css).not.toMatch(/more-filters[^{]*\{[^}]*order:/);
    // The sidebar comes before the content in the page; on a phone it stays before it on the screen.
    expect(css).not.toMatch(/queues-widget\) > aside \{ order/);
    // The zoom: each action's panel follows its button, so the focus goes from the button into the
    // panel's first field and on to the next button.
    const actions = /<nav class="ticket-actions"[\s\S]*?<\/nav>/.exec(zoom.html)![0];
    const panels = [...actions.matchAll(/<details class="action"><summary class="button secondary">([^<]*)<\/summary><form [^>]*>([\s\S]*?)<\/form><\/details>/g)];
    expect(panels.length).toBeGreaterThanOrEqual(4);
    for (const [, , panel] of panels) expect(focusOrder(panel!).at(-1)).toBe('button:Save');
    // The main column (header, actions, conversation, reply) comes before the side column.
    const order = ['id="ticket-head"', 'id="ticket-actions"', 'id="conversation"', 'id="compose-body"', 'class="zoom-side"'].map((s) => zoom.html.indexOf(s));
    expect(order.every((n) => n > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});
