// Issue 11 in Chromium, two agents over real HTTP against the X simulator: a mention arrives and
// both are told (the bell; bernd's background tab also gets a browser notification); anna answers
// without locking and so takes the ticket, closes it, the customer writes again and the ticket
// comes back to anna — locked to her, not to root@localhost; anna changes her password and her
// other session ends.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_PASSWORD, avatar, newestTicket, socialFixture, type SimUserRef, type SocialFixture } from '../agent-fixture.ts';
import { closeAll, HAS_CHROMIUM, launchBrowser, login, screenshot, serveApp, watchConsole } from '../helpers/browser.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/db.ts';

// The bell polls every 5 s, the zoom every 3 s.
const LIVE = { timeout: 15_000, interval: 250 };

describe.skipIf(!HAS_CHROMIUM)('browser: ownership and notifications', () => {
  let browser: Browser;
  let database: TestDatabase;
  let fx: SocialFixture;
  let server: { url: string; close(): Promise<void> };
  let annaCtx: BrowserContext;
  let berndCtx: BrowserContext;
  let anna: Page;
  let bernd: Page;
  let problems: string[];
  let carla: SimUserRef;
  let questionId: string;
  let ticketId: number;

  const bellCount = (p: Page) => p.locator('#bell summary').getAttribute('aria-label');

  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    fx = await socialFixture(database.db, 'sqlite');
    await database.db.updateTable('queues').set({ follow_up_lock: 1 }).where('id', '=', fx.queue.id).execute();
    const annaRow = await fx.agent('anna');
    await database.db.updateTable('agents').set({ first_name: 'Anna', last_name: 'Schmidt' }).where('id', '=', annaRow.id).execute();
    const berndRow = await fx.agent('bernd');
    await database.db.insertInto('agent_preferences').values({ agent_id: berndRow.id, browser_notify: 1, changed_at: new Date().toISOString() }).execute();
    carla = await fx.user('carla', 'Carla Customer', avatar('#b0413e', 'C'));
    server = await serveApp(fx.app);
    browser = await launchBrowser();
    annaCtx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    berndCtx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    // bernd's tab is in the background, and the browser lets Parley notify: record what app.js shows.
    await berndCtx.addInitScript(`
      window.shown = [];
      Object.defineProperty(document, 'hidden', { get: () => true });
      window.Notification = class {
        static permission = 'granted';
        constructor(title, opts) { window.shown.push(opts.body); }
      };
    `);
    anna = await annaCtx.newPage();
    bernd = await berndCtx.newPage();
    problems = [...watchConsole(anna), ...watchConsole(bernd)];
  });
  afterAll(() => closeAll(browser, server, fx, database));

  it('a mention arrives: both agents see it in the bell, bernd also as a browser notification', { timeout: 60_000 }, async () => {
    await login(anna, server.url, 'anna', AGENT_PASSWORD);
    await login(bernd, server.url, 'bernd', AGENT_PASSWORD);
    await anna.goto(`${server.url}/dashboard`);
    await bernd.goto(`${server.url}/dashboard`);
    await expect.poll(() => bellCount(anna), LIVE).toBe('Notifications: none unread');
    await expect.poll(() => bellCount(bernd), LIVE).toBe('Notifications: none unread');

    questionId = (await fx.mention(carla, '@parleyhelp my order 1234 never arrived. Where is it?')).id;
    await fx.tick();
    ticketId = (await newestTicket(database.db)).id;
    await expect.poll(() => bellCount(anna), LIVE).toBe('Notifications: 1 unread');
    await expect.poll(() => bellCount(bernd), LIVE).toBe('Notifications: 1 unread');
    await expect.poll(() => bernd.evaluate('window.shown'), LIVE).toEqual([expect.stringMatching(/^New ticket \d+ from @carla: @parleyhelp my order 1234/)]);

    await anna.locator('#bell summary').click();
    expect(await anna.locator('#bell .bell-list').innerText()).toMatch(/New ticket \d+ from @carla/);
    await screenshot(anna, 'notifications-bell');
  });

  it('anna opens it from the bell and answers without locking: the ticket becomes hers', { timeout: 60_000 }, async () => {
    await anna.locator('#bell .bell-list button', { hasText: '@carla' }).click();
    await anna.waitForURL(`${server.url}/tickets/${ticketId}`);
    expect(await bellCount(anna)).toBe('Notifications: none unread');
    expect(await anna.locator('#ticket-head').innerText()).not.toContain('locked');
    await anna.locator('#compose-body').fill('@carla sorry about that! It is on its way, arriving tomorrow.');
    await anna.keyboard.press('Control+Enter');
    await anna.waitForURL(/saved=/);
    expect(await anna.locator('#ticket-head').innerText()).toContain('locked by anna');
    expect(await anna.locator('#history').innerText()).toContain('Owner changed from root@localhost to anna (answering takes the ticket).');
    await fx.tick();
    await expect.poll(() => anna.locator('#conversation li.article.outgoing').last().locator('.delivery').innerText(), LIVE).toBe('sent');
  });

  it('anna closes; the customer writes again; the ticket comes back to anna, locked, and only anna is told', { timeout: 60_000 }, async () => {
    await anna.locator('summary', { hasText: 'State' }).click();
    await anna.getByLabel('Next state').selectOption('closed successful');
    await anna.locator('details[open] form').getByRole('button', { name: 'Save' }).click();
    await anna.waitForURL(/saved=/);
    expect(await anna.locator('#ticket-head').innerText()).toMatch(/closed successful/);

    await fx.sim.control('POST', '/_sim/tweets', { authorId: carla.id, text: '@parleyhelp it did not come today either!', inReplyToTweetId: questionId });
    await fx.tick();
    await expect.poll(() => anna.locator('#conversation').innerText(), LIVE).toContain('it did not come today either!');
    await expect.poll(() => anna.locator('#ticket-head').innerText(), LIVE).toMatch(/\bopen\b[\s\S]*locked by anna|locked by anna[\s\S]*\bopen\b/);
    expect(await anna.locator('#compose-body').count()).toBe(1);
    await expect.poll(() => bellCount(anna), LIVE).toBe('Notifications: 1 unread');
    await anna.locator('#bell summary').click();
    expect(await anna.locator('#bell .bell-list li.unread').innerText()).toMatch(/Follow-up from @carla on ticket \d+/);
    // bernd was told of the new ticket, not of anna's follow-up.
    expect(await bellCount(bernd)).toBe('Notifications: 1 unread');
    const row = await database.db.selectFrom('tickets').select(['owner_id', 'lock']).where('id', '=', ticketId).executeTakeFirstOrThrow();
    expect(row.lock).toBe('lock');
    expect(row.owner_id).not.toBe(1);
  });

  it('anna changes her password on "My preferences"; her other session ends', { timeout: 60_000 }, async () => {
    const otherCtx = await browser.newContext();
    const other = await otherCtx.newPage();
    await login(other, server.url, 'anna', AGENT_PASSWORD);
    await other.goto(`${server.url}/tickets`);

    await anna.locator('header .who a[href="/preferences"]').click();
    await anna.waitForURL(`${server.url}/preferences`);
    // A wrong current password is refused beside its field, and nothing changes.
    await anna.getByLabel('Current password').fill('not-my-password');
    await anna.getByLabel('New password', { exact: true }).fill('anna-new-password-1');
    await anna.getByLabel('New password again').fill('anna-new-password-1');
    await anna.getByRole('button', { name: 'Save' }).click();
    expect(await anna.locator('.field.error').innerText()).toContain('The current password is not right.');

    // "My queues" was never chosen: the queues she works in are ticked, and saving keeps them.
    expect(await anna.getByRole('checkbox', { name: 'Social' }).isChecked()).toBe(true);
    await anna.getByLabel('Time zone').selectOption('Europe/Berlin');
    await anna.getByLabel('Added under every direct message I send').fill('Anna, Parley support');
    await anna.getByLabel('Current password').fill(AGENT_PASSWORD);
    await anna.getByLabel('New password', { exact: true }).fill('anna-new-password-1');
    await anna.getByLabel('New password again').fill('anna-new-password-1');
    await anna.getByRole('button', { name: 'Save' }).click();
    await anna.waitForURL(/preferences\?saved=/);
    expect(await anna.getByRole('status').first().innerText()).toContain('1 other session was logged out');
    expect(await anna.getByLabel('Time zone').inputValue()).toBe('Europe/Berlin');
    expect(await anna.getByRole('checkbox', { name: 'Social' }).isChecked()).toBe(true);
    const saved = await database.db.selectFrom('agent_preferences').select(['my_queue_ids', 'time_zone', 'dm_signature']).where('agent_id', '=', (await database.db.selectFrom('agents').select('id').where('login', '=', 'anna').executeTakeFirstOrThrow()).id).executeTakeFirstOrThrow();
    expect(saved).toMatchObject({ time_zone: 'Europe/Berlin', dm_signature: 'Anna, Parley support' });
    expect(JSON.parse(saved.my_queue_ids!)).toContain(fx.queue.id);
    await screenshot(anna, 'preferences');

    await other.goto(`${server.url}/tickets`);
    expect(new URL(other.url()).pathname).toBe('/login');
    await otherCtx.close();
    // The session that changed it goes on.
    await anna.goto(`${server.url}/tickets/${ticketId}`);
    expect(new URL(anna.url()).pathname).toBe(`/tickets/${ticketId}`);
    expect(problems).toEqual([]);
  });
});
