// Media in the browser: a ticket with a customer's photos opens in the zoom with the pictures
// served from Parley's own address; an image opens full size; the agent answers with an image,
// which reaches the simulator with its media.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_PASSWORD, avatar, socialFixture, type SocialFixture } from '../agent-fixture.ts';
import { closeAll, HAS_CHROMIUM, openBrowser, login, screenshot } from '../helpers/browser.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { gradientPng } from '../helpers/png.ts';

describe.skipIf(!HAS_CHROMIUM)('browser: media in the zoom', () => {
  let browser: Browser;
  let database: TestDatabase;
  let fx: SocialFixture;
  let server: { url: string; close(): Promise<void> };
  let page: Page;
  let problems: string[];
  let ticketId: number;

  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    fx = await socialFixture(database.db, 'sqlite');
    await fx.agent('anna');
    const dora = await fx.user('dora', 'Dora Lindqvist', avatar('#c0503a', 'D'));
    const parcel = gradientPng(480, 320, [160, 110, 60]);
    const label = gradientPng(320, 480, [60, 110, 170]);
    await fx.sim.control('POST', '/_sim/dms', {
      senderId: dora.id,
      recipientId: fx.sim.account.id,
      text: 'The parcel arrived like this. Tracking: https://www.example.com/track/4711?carrier=dhl',
      media: [{ contentType: 'image/png', data: parcel.toString('base64'), altText: 'A crushed cardboard box', width: 480, height: 320 }],
    });
    await fx.sim.control('POST', '/_sim/tweets', {
      authorId: dora.id,
      text: '@parleyhelp two photos of the label',
      media: [
        { contentType: 'image/png', data: label.toString('base64'), width: 320, height: 480 },
        { contentType: 'image/png', data: parcel.toString('base64'), width: 480, height: 320 },
      ],
    });
    await fx.tick();
    await fx.tick();
    const dmTicket = await database.db.selectFrom('tickets').select('id').where('conversation_key', 'like', 'dm:%').executeTakeFirstOrThrow();
    ticketId = dmTicket.id;
    ({ server, browser, page, problems } = await openBrowser(fx.app, { viewport: { width: 1280, height: 900 } }));
  });
  afterAll(() => closeAll(browser, server, fx, database));

  it('shows the photo from Parley, with alt text and the link as X shows it, and opens it full size', { timeout: 40_000 }, async () => {
    await login(page, server.url, 'anna', AGENT_PASSWORD);
    await page.goto(`${server.url}/tickets/${ticketId}`);
    const img = page.locator('.attachment img').first();
    await expect.poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(480);
    const src = await img.getAttribute('src');
    expect(src).toMatch(/^\/api\/v1\/attachments\/\d+$/);
    expect(await img.getAttribute('alt')).toBe('A crushed cardboard box');
    expect(await page.locator('.attachment').first().innerText()).toContain('image/png');
    const link = page.locator('.article .text a.x-link').first();
    expect(await link.innerText()).toBe('example.com/track/4711?ca…');
    expect(await link.getAttribute('href')).toBe('https://www.example.com/track/4711?carrier=dhl');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(await link.getAttribute('title')).toMatch(/^https:\/\/t\.co\//);
    // No image comes from X's hosts.
    const external = await page.evaluate<string[]>("[...document.images].map((i) => i.src).filter((s) => !s.startsWith(location.origin) && !s.startsWith('data:'))");
    expect(external).toEqual([]);

    const [full] = await Promise.all([page.context().waitForEvent('page'), page.locator('.attachment a.thumb').first().click()]);
    await full.waitForLoadState();
    expect(full.url()).toBe(`${server.url}${src}`);
    expect(await full.evaluate<string>('document.contentType')).toBe('image/png');
    await full.close();
  });

  it('answers with an image; it reaches X with its media and shows on the article', { timeout: 40_000 }, async () => {
    await page.goto(`${server.url}/tickets/${ticketId}`);
    await page.locator('#compose-body').fill('Sorry! Is this the label on your parcel?');
    await page.locator('#compose-files').setInputFiles({ name: 'label-example.png', mimeType: 'image/png', buffer: gradientPng(200, 120, [40, 150, 90]) });
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.waitForURL(/saved=/);
    await fx.tick();
    const sent = await fx.sim.control<{ dms: { text: string; mediaKeys?: string[] }[] }>('GET', `/_sim/accounts/${fx.sim.account.id}/sent`);
    expect(sent.dms.at(-1)).toMatchObject({ text: 'Sorry! Is this the label on your parcel?', mediaKeys: [expect.stringMatching(/^3_/)] });
    await page.reload();
    const outgoing = page.locator('.article.outgoing').last();
    await expect.poll(() => outgoing.innerText()).toContain('label-example.png');
    await expect.poll(() => outgoing.locator('img').evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(200);
    await page.locator('#conversation').scrollIntoViewIfNeeded();
    await screenshot(page, 'zoom-media');
    expect(problems).toEqual([]);
  });

  it('refuses two files in a direct message before sending, with the reason', { timeout: 20_000 }, async () => {
    await page.goto(`${server.url}/tickets/${ticketId}`);
    await page.locator('#compose-files').setInputFiles([
      { name: 'a.png', mimeType: 'image/png', buffer: gradientPng(10, 10, [1, 2, 3]) },
      { name: 'b.png', mimeType: 'image/png', buffer: gradientPng(10, 10, [1, 2, 3]) },
    ]);
    expect(await page.locator('#compose-files-error').innerText()).toBe('A direct message can carry one file.');
  });
});
