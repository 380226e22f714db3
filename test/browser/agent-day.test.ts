// The day of an agent, in Chromium against the X simulator over real HTTP: a DM arrives and shows
// up in the queue view without a reload, the agent locks the ticket, answers, sees the answer
// sent, closes the ticket, sees the follow-ups the queue's rule makes, starts a new Twitter
// ticket, and a colleague outside group "twitter" is refused profile 1 (the seed's ACL).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_ACL_YAML } from '../../src/core/acl/index.ts';
import { saveQueue } from '../../src/core/queues/service.ts';
import { AGENT_PASSWORD, avatar, deployAcls, newestTicket, socialFixture, type SimUserRef, type SocialFixture } from '../agent-fixture.ts';
import { closeAll, HAS_CHROMIUM, openBrowser, login, screenshot, watchConsole } from '../helpers/browser.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/db.ts';

// Live parts poll every 3 s (zoom) and 5 s (queue view).
const LIVE = { timeout: 15_000, interval: 250 };

describe.skipIf(!HAS_CHROMIUM)('browser: the day of an agent', () => {
  let browser: Browser;
  let database: TestDatabase;
  let fx: SocialFixture;
  let server: { url: string; close(): Promise<void> };
  let page: Page;
  let problems: string[];
  let alice: SimUserRef;
  let ticketId: number;

  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    fx = await socialFixture(database.db, 'sqlite');
    await fx.agent('anna', [{ name: 'twitter', permission: 'rw' }]);
    await fx.agent('junior');
    await deployAcls(fx.app, SEED_ACL_YAML);
    alice = await fx.user('alice', 'Alice Example', avatar('#7b4fd6', 'A'));
    const bob = await fx.user('bob_b', 'Bob Builder', avatar('#1f8a5b', 'B'));
    const carol = await fx.user('carol', 'Carol Jones');
    await fx.mention(bob, '@parleyhelp where is my parcel? It was due on Monday.');
    await fx.dm(carol, 'Do you ship to Norway?');
    await fx.tick();
    ({ server, browser, page, problems } = await openBrowser(fx.app, { viewport: { width: 1280, height: 860 } }));
  });
  afterAll(() => closeAll(browser, server, fx, database));

  it('sees a DM that arrives through the simulator in the queue view, without a reload', { timeout: 40_000 }, async () => {
    await login(page, server.url, 'anna', AGENT_PASSWORD);
    await page.goto(`${server.url}/tickets`);
    expect(await page.locator('#ticket-table').innerText()).toContain('where is my parcel?');
    await fx.dm(alice, 'Hi! My order #1234 arrived broken. Can you help?');
    await fx.tick();
    ticketId = (await newestTicket(database.db)).id;
    await expect.poll(() => page.locator('#ticket-table').innerText(), LIVE).toContain('My order #1234 arrived broken');
    const row = page.locator('#ticket-table tr', { hasText: 'My order #1234' });
    expect(await row.innerText()).toMatch(/@alice[\s\S]*new[\s\S]*Social/);
    expect(await row.locator('.badge.updated').count()).toBe(1);
    expect(await page.locator('#queue-counts').innerText()).toMatch(/Social\s*3\s*3 new/);
    await screenshot(page, 'queue-view');
    await page.getByRole('link', { name: 'Hi! My order #1234 arrived broken. Can you help?' }).click();
    await page.waitForURL(`${server.url}/tickets/${ticketId}`);
    const article = page.locator('#conversation li.article').first();
    expect(await article.innerText()).toMatch(/Alice Example\s*@alice\s*Direct message\s*incoming/);
    expect(await article.locator('.avatar img').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
  });

  it('locks the ticket, answers by keyboard, and sees the answer become sent', { timeout: 40_000 }, async () => {
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().innerText()).toContain('Ticket locked.');
    expect(await page.locator('#ticket-head').innerText()).toContain('locked by anna');
    // "r" jumps to the reply box; Ctrl+Enter sends.
    await page.keyboard.press('r');
    expect(await page.locator(':focus').getAttribute('id')).toBe('compose-body');
    await page.keyboard.type('Sorry to hear that, Alice! Could you send us a photo of the box?');
    await expect.poll(() => page.locator('#compose-counter').innerText()).toMatch(/^64 \/ 10,000/);
    await page.keyboard.press('Control+Enter');
    await page.waitForURL(/saved=/);
    const reply = page.locator('#conversation li.article.outgoing').last();
    expect(await reply.innerText()).toMatch(/Parley Help\s*@parleyhelp\s*Direct message\s*outgoing to @alice\s*by anna[\s\S]*queued/);
    await fx.tick();
    await expect.poll(() => reply.locator('.delivery').innerText(), LIVE).toBe('sent');
    expect((await fx.sent()).dms.map((d) => d.text)).toEqual(['Sorry to hear that, Alice! Could you send us a photo of the box?']);
    await screenshot(page, 'ticket-zoom');
  });

  it('closes the ticket; a new DM reopens it (queue follow-up "possible")', { timeout: 40_000 }, async () => {
    await page.locator('summary', { hasText: 'State' }).click();
    await page.getByLabel('Next state').selectOption('closed successful');
    await page.locator('details[open] form').getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/saved=/);
    expect(await page.locator('#ticket-head').innerText()).toMatch(/closed successful/);
    expect(await page.locator('#history').innerText()).toContain('State changed from "open" to "closed successful".');

    await fx.dm(alice, 'Here is the photo you asked for.');
    await fx.tick();
    await expect.poll(() => page.locator('#conversation').innerText(), LIVE).toContain('Here is the photo you asked for.');
    await expect.poll(() => page.locator('#ticket-head').innerText(), LIVE).toMatch(/\bopen\b/);
    expect(await page.locator('#history').innerText()).toContain('State changed from "closed successful" to "open" by a follow-up.');
    expect((await newestTicket(database.db)).id).toBe(ticketId);
  });

  it('closes it again; with follow-up "new ticket" the next DM opens a linked ticket', { timeout: 40_000 }, async () => {
    await page.locator('summary', { hasText: 'State' }).click();
    await page.getByLabel('Next state').selectOption('closed successful');
    await page.locator('details[open] form').getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/saved=/);
    await saveQueue(database.db, 1, fx.queue.id, { followUp: 'new_ticket' });
    const old = await database.db.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirstOrThrow();

    await page.goto(`${server.url}/tickets`);
    await fx.dm(alice, 'One more thing: the invoice is missing.');
    await fx.tick();
    await expect.poll(() => page.locator('#ticket-table').innerText(), LIVE).toContain('One more thing: the invoice is missing.');
    const followUp = await newestTicket(database.db);
    expect(followUp.id).not.toBe(ticketId);
    await page.getByRole('link', { name: 'One more thing: the invoice is missing.' }).click();
    expect(await page.locator('#links').innerText()).toContain(`Linked with Ticket#${old.number}`);
    expect(await page.locator('#ticket-head').innerText()).toMatch(/\bnew\b/);
    expect((await database.db.selectFrom('tickets').select('state').where('id', '=', ticketId).executeTakeFirstOrThrow()).state).toBe('closed successful');
  });

  it('starts a new Twitter ticket; too long a post cannot be sent', { timeout: 40_000 }, async () => {
    await page.getByRole('link', { name: 'New social media ticket' }).first().click();
    await page.getByRole('textbox', { name: /^Message/ }).fill('x'.repeat(281));
    await expect.poll(() => page.locator('#new-counter').innerText()).toMatch(/281 \/ 280[\s\S]*X allows 280/);
    expect(await page.getByRole('button', { name: 'Create ticket and send' }).isDisabled()).toBe(true);

    await page.getByRole('radio', { name: 'Direct message' }).check();
    expect(await page.getByLabel('To (@handle, for a direct message)').isVisible()).toBe(true);
    await page.getByLabel('To (@handle, for a direct message)').fill('@bob_b');
    await page.getByRole('textbox', { name: /^Message/ }).fill('Hi Bob, your parcel left our warehouse today.');
    await expect.poll(() => page.locator('#new-counter').innerText()).toMatch(/^45 \/ 10,000/);
    expect(await page.getByRole('button', { name: 'Create ticket and send' }).isDisabled()).toBe(false);
    await screenshot(page, 'new-twitter-ticket');
    await page.getByRole('button', { name: 'Create ticket and send' }).click();
    await page.waitForURL(/\/tickets\/\d+\?saved=/);
    expect(await page.getByRole('status').first().innerText()).toMatch(/Ticket#\d+ created; the first message is queued for sending\./);
    await fx.tick();
    await expect.poll(() => page.locator('#conversation li.article').last().locator('.delivery').innerText(), LIVE).toBe('sent');
    expect((await fx.sent()).dms.at(-1)?.text).toBe('Hi Bob, your parcel left our warehouse today.');

    await page.goto(`${server.url}/dashboard`);
    expect(await page.locator('#dashboard').innerText()).toContain('Hi Bob, your parcel left our warehouse today.');
    await screenshot(page, 'dashboard');
    expect(problems).toEqual([]);
  });

  it('refuses profile 1 to an agent outside group "twitter", whatever the browser sends', { timeout: 40_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const phone = await context.newPage();
    const phoneProblems = watchConsole(phone);
    await login(phone, server.url, 'junior', AGENT_PASSWORD);
    await phone.goto(`${server.url}/tickets/${ticketId}`);
    await phone.getByRole('button', { name: 'Lock', exact: true }).click();
    await phone.waitForURL(/saved=/);
    expect(await phone.locator('#compose').innerText()).toContain('No Twitter app is available to you for this ticket.');
    await phone.goto(`${server.url}/tickets/new-twitter`);
    expect(await phone.locator('main').innerText()).toContain('There is no active X profile you may use.');

    // A hand-made form in the same session that names profile 1 anyway: 403, and nothing is sent.
    const sentBefore = (await fx.sent()).dms.length;
    const token = (await phone.locator('meta[name="csrf-token"]').getAttribute('content')) ?? '';
    const res = await phone.request.post(`${server.url}/tickets/${ticketId}/reply`, { form: { _csrf: token, profileId: '1', kind: 'dm', body: 'Sneaky' } });
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain('You may not send through this Twitter app.');
    await fx.tick();
    expect((await fx.sent()).dms.length).toBe(sentBefore);
    expect(phoneProblems).toEqual([]);
    await context.close();
  });

  it('leads to the login page, and back, when the session ends while the list is open', { timeout: 40_000 }, async () => {
    await page.goto(`${server.url}/tickets?queue=${fx.queue.id}`);
    const anna = await database.db.selectFrom('agents').select('id').where('login', '=', 'anna').executeTakeFirstOrThrow();
    await database.db.deleteFrom('sessions').where('agent_id', '=', anna.id).execute();
    await page.waitForURL(/\/login\?next=/, { timeout: 15_000 });
    expect(decodeURIComponent(new URL(page.url()).searchParams.get('next') ?? '')).toBe(`/tickets?queue=${fx.queue.id}`);
    await page.getByLabel('Username').fill('anna');
    await page.getByLabel('Password').fill(AGENT_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${server.url}/tickets?queue=${fx.queue.id}`);
    expect(problems).toEqual([]);
  });
});
