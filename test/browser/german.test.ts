// A German-speaking team in Chromium (issue 13): the login page answers a German browser in
// German; an agent whose preference is German works the queue view and the zoom in German, with
// dates as "01.12.2026 18:10" in their time zone; an administrator's German browser gets the
// profile wizard in the words of the German OTRS manual. The screenshots *-de.png are taken here.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_PASSWORD, avatar, newestTicket, socialFixture, type SocialFixture } from '../agent-fixture.ts';
import { apiClient, basic } from '../helpers/app.ts';
import { closeAll, HAS_CHROMIUM, openBrowser, screenshot } from '../helpers/browser.ts';
import { ADMIN_PASSWORD, openTestDatabase, type TestDatabase } from '../helpers/db.ts';

describe.skipIf(!HAS_CHROMIUM)('browser: Parley in German', () => {
  let browser: Browser;
  let context: BrowserContext;
  let database: TestDatabase;
  let fx: SocialFixture;
  let server: { url: string; close(): Promise<void> };
  let page: Page;
  let problems: string[];

  async function logIn(user: string, password: string): Promise<void> {
    await page.goto(`${server.url}/login`);
    await page.locator('input[name=login]').fill(user);
    await page.locator('input[name=password]').fill(password);
    await page.locator('form button[type=submit]').first().click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  }

  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    fx = await socialFixture(database.db, 'sqlite');
    await fx.agent('bernd');
    const me = await apiClient(fx.app, basic('bernd', AGENT_PASSWORD)).call('PATCH', '/api/v1/me', { language: 'de', timeZone: 'Europe/Berlin' });
    if (me.status !== 200) throw new Error(`PATCH /api/v1/me: ${me.status} ${JSON.stringify(me.body)}`);
    const anke = await fx.user('anke', 'Anke Schulz', avatar('#c0392b', 'A'));
    const jonas = await fx.user('jonas_w', 'Jonas Weber', avatar('#2471a3', 'J'));
    await fx.mention(jonas, '@parleyhelp Wo bleibt mein Paket? Es sollte am Montag kommen.');
    await fx.dm(anke, 'Hallo! Meine Bestellung #4711 kam beschädigt an. Können Sie helfen?');
    await fx.tick();
    ({ server, browser, context, page, problems } = await openBrowser(fx.app, { locale: 'de-DE', viewport: { width: 1280, height: 860 } }));
  });
  afterAll(() => closeAll(browser, server, fx, database));

  it('shows the login page in German to a German browser', async () => {
    await page.goto(`${server.url}/login`);
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await page.locator('main').innerText()).toMatch(/Benutzername[\s\S]*Passwort/);
    expect(await page.locator('form button[type=submit]').first().innerText()).toMatch(/Anmelden/);
  });

  it('gives a German agent the queue view and the zoom in German, dates in their zone', { timeout: 40_000 }, async () => {
    await logIn('bernd', AGENT_PASSWORD);
    await page.goto(`${server.url}/tickets`);
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    const table = await page.locator('#ticket-table').innerText();
    expect(table).toContain('Wo bleibt mein Paket?');
    expect(table).toMatch(/\bneu\b/);
    await screenshot(page, 'queue-view-de');

    const ticket = await newestTicket(database.db);
    await page.goto(`${server.url}/tickets/${ticket.id}`);
    const main = await page.locator('main').innerText();
    expect(main).toContain('Meine Bestellung #4711');
    expect(main).toMatch(/Besitzer/);
    expect(main).toMatch(/Priorität/);
    // The article's time, in Europe/Berlin, as German writes it.
    const when = new Intl.DateTimeFormat('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Berlin' }).format(new Date(ticket.created_at));
    expect(main).toContain(when);
    await screenshot(page, 'ticket-zoom-de');
  });

  it('gives an administrator with a German browser the profile wizard in the manual\'s words', async () => {
    await page.goto(`${server.url}/logout`).catch(() => undefined);
    await context.clearCookies();
    await logIn('root@localhost', ADMIN_PASSWORD);
    await page.goto(`${server.url}/admin/social-media-profiles/twitter/${fx.profile.id}?step=3`);
    const main = await page.locator('main').innerText();
    expect(main).toContain('Verbraucher-Schlüssel');
    expect(main).toContain('Verbraucher-Geheimnis');
    expect(main).toMatch(/Vorheriger Schritt/);
    expect(main).toMatch(/Nächster Schritt/);
    await screenshot(page, 'profile-step-3-de');
    expect(problems).toEqual([]);
  });
});
