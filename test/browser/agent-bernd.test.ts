// Bernd's part of the shared day (issue 11), in Chromium against the X simulator: he splits a new
// question off into its own ticket, answers it with a template, merges a duplicate, and closes
// tickets in bulk from the queue view.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_ACL_YAML } from '../../src/core/acl/index.ts';
import { saveTemplate } from '../../src/core/templates/service.ts';
import { AGENT_PASSWORD, avatar, deployAcls, socialFixture, type SocialFixture } from '../agent-fixture.ts';
import { closeAll, HAS_CHROMIUM, openBrowser, login, screenshot, watchConsole } from '../helpers/browser.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/db.ts';

describe.skipIf(!HAS_CHROMIUM)('browser: bernd splits, merges, uses a template and closes in bulk', () => {
  let browser: Browser;
  let database: TestDatabase;
  let fx: SocialFixture;
  let server: { url: string; close(): Promise<void> };
  let page: Page;
  let problems: string[];
  const ticketOf = async (text: string) => {
    const row = await database.db.selectFrom('articles').innerJoin('tickets', 'tickets.id', 'articles.ticket_id').select(['tickets.id', 'tickets.number']).where('articles.body', '=', text).executeTakeFirstOrThrow();
    return row;
  };

  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    fx = await socialFixture(database.db, 'sqlite');
    await fx.agent('bernd', [{ name: 'twitter', permission: 'rw' }]);
    await database.db.updateTable('agents').set({ first_name: 'Bernd', last_name: 'Berger' }).where('login', '=', 'bernd').execute();
    await deployAcls(fx.app, SEED_ACL_YAML);
    await saveTemplate(database.db, 1, null, {
      name: 'Shipping abroad',
      body: 'Hi <OTRS_CUSTOMER_REALNAME>, yes, we ship to Norway (ticket <OTRS_TICKET_TicketNumber>). Best, <OTRS_CURRENT_UserFirstname>',
      queueIds: [fx.queue.id],
    });
    const carol = await fx.sim.control<{ id: string; username: string }>('POST', '/_sim/users', {
      username: 'carol',
      name: 'Carol Jones',
      profileImageUrl: avatar('#b5462a', 'C'),
      description: 'Knits socks, ships them everywhere.',
      location: 'Bergen',
      followersCount: 2048,
      verified: true,
      createdAt: '2018-06-01T00:00:00.000Z',
    });
    const bob = await fx.user('bob_b', 'Bob Builder', avatar('#1f8a5b', 'B'));
    await fx.dm(carol, 'Where is my parcel? It was due on Monday.');
    await fx.tick();
    await fx.dm(carol, 'Also: do you ship to Norway?');
    await fx.mention(bob, '@parleyhelp my drill arrived without a battery');
    await fx.tick();
    await fx.dm(bob, 'Same as my post: the drill has no battery');
    await fx.tick();
    ({ server, browser, page, problems } = await openBrowser(fx.app, { viewport: { width: 1280, height: 900 } }));
    await login(page, server.url, 'bernd', AGENT_PASSWORD);
  });
  afterAll(() => closeAll(browser, server, fx, database));

  it('walks the zoom by keyboard in the order of the screen; an action panel takes and gives back the focus', { timeout: 40_000 }, async () => {
    const parcel = await ticketOf('Where is my parcel? It was due on Monday.');
    await page.goto(`${server.url}/tickets/${parcel.id}`);
    const focused = () =>
      page.evaluate<string>(
        "(() => { const el = document.activeElement; return el ? el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ':' + (el.textContent || '').trim().slice(0, 40) : ''; })()",
      );
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('a:Skip to content');
    // Opening a panel by keyboard puts the focus in its first field; Escape closes it and gives
    // the focus back to its button; Tab goes on to the next action.
    const note = page.locator('details.action > summary', { hasText: 'Note' });
    await note.focus();
    await page.keyboard.press('Enter');
    await expect.poll(focused).toMatch(/^textarea#note-body/);
    await page.keyboard.press('Escape');
    expect(await focused()).toMatch(/^summary:Note/);
    expect(await page.locator('details.action[open]').count()).toBe(0);
    await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^summary:State/);
    expect(problems).toEqual([]);
  });

  it('splits the new question off into its own ticket', { timeout: 40_000 }, async () => {
    const parcel = await ticketOf('Where is my parcel? It was due on Monday.');
    await page.goto(`${server.url}/tickets/${parcel.id}`);
    expect(await page.locator('.customer').innerText()).toMatch(/Knits socks[\s\S]*Bergen[\s\S]*2,048[\s\S]*Verified\s*yes[\s\S]*On X for\s*\d+ years/);
    await screenshot(page, 'customer-context');
    await page.locator('summary', { hasText: 'Split' }).click();
    await page.getByLabel('Move this message and all later ones into a new ticket').selectOption({ label: '@carol: Also: do you ship to Norway?' });
    await page.locator('details[open] form').getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/saved=/);
    const norway = await ticketOf('Also: do you ship to Norway?');
    expect(new URL(page.url()).pathname).toBe(`/tickets/${norway.id}`);
    expect(await page.locator('#conversation').innerText()).toContain('Also: do you ship to Norway?');
    expect(await page.locator('#conversation').innerText()).not.toContain('Where is my parcel?');
    expect(await page.locator('#links').innerText()).toContain(`Child of Ticket#${parcel.number}`);
  });

  it('answers with a template: the text is filled in and the counter counts it', { timeout: 40_000 }, async () => {
    const norway = await ticketOf('Also: do you ship to Norway?');
    await page.getByLabel('Template').selectOption({ label: 'Shipping abroad' });
    const expected = `Hi Carol Jones, yes, we ship to Norway (ticket ${norway.number}). Best, Bernd`;
    await expect.poll(() => page.locator('#compose-body').inputValue()).toBe(expected);
    await expect.poll(() => page.locator('#compose-counter').innerText()).toMatch(new RegExp(`^${[...expected].length} / 10,000`));
    await screenshot(page, 'reply-template');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.waitForURL(/saved=/);
    await fx.tick();
    expect((await fx.sent()).dms.at(-1)?.text).toBe(expected);
  });

  it('merges the duplicate DM into the post', { timeout: 40_000 }, async () => {
    const post = await ticketOf('@parleyhelp my drill arrived without a battery');
    const dm = await ticketOf('Same as my post: the drill has no battery');
    await page.goto(`${server.url}/tickets/${dm.id}`);
    await page.locator('summary', { hasText: 'Merge' }).click();
    await page.getByLabel('Merge this ticket into Ticket#').fill(post.number);
    await page.locator('details[open] form').getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/saved=/);
    expect(new URL(page.url()).pathname).toBe(`/tickets/${post.id}`);
    const conversation = await page.locator('#conversation').innerText();
    expect(conversation).toContain('my drill arrived without a battery');
    expect(conversation).toContain('Same as my post: the drill has no battery');
    expect(await page.locator('#history').innerText()).toContain(`merged into this ticket`);
    await page.goto(`${server.url}/tickets/${dm.id}`);
    expect(await page.locator('#ticket-head').innerText()).toContain('merged');
    expect(await page.locator('.merged-into').innerText()).toContain(`Merged into Ticket#${post.number}`);
  });

  it('closes two tickets in bulk and sees what was done', { timeout: 40_000 }, async () => {
    const parcel = await ticketOf('Where is my parcel? It was due on Monday.');
    const post = await ticketOf('@parleyhelp my drill arrived without a battery');
    await page.goto(`${server.url}/tickets`);
    await page.getByLabel(`Tick Ticket#${parcel.number}`).check();
    await page.getByLabel(`Tick Ticket#${post.number}`).check();
    expect(await page.locator('#bulk-count').innerText()).toBe('2 tickets ticked.');
    await page.locator('#bulk-state').selectOption('closed successful');
    await page.getByLabel('Internal note').fill('Closed after the call with the warehouse.');
    await screenshot(page, 'bulk-action');
    await page.getByRole('button', { name: 'Apply to ticked tickets' }).click();
    await page.waitForURL(`${server.url}/tickets/bulk`);
    expect(await page.locator('main').innerText()).toContain('2 of 2 tickets changed.');
    expect(await page.locator('#bulk-done').innerText()).toContain(`Ticket#${parcel.number}`);
    await screenshot(page, 'bulk-summary');
    const states = await database.db.selectFrom('tickets').select('state').where('id', 'in', [parcel.id, post.id]).execute();
    expect(states.map((s) => s.state)).toEqual(['closed successful', 'closed successful']);
    expect(problems).toEqual([]);
  });

  it('admin pages work on a phone: content first, a menu button, tables that reflow', { timeout: 40_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const phone = await context.newPage();
    const phoneProblems = watchConsole(phone);
    await login(phone, server.url);
    for (const path of ['/admin/templates', '/admin/queues', '/admin/agents', '/admin/acl/new']) {
      await phone.goto(`${server.url}${path}`);
      const main = await phone.locator('main').boundingBox();
      const aside = await phone.locator('aside').boundingBox();
      expect(main!.y, path).toBeLessThan(aside!.y);
      const width = await phone.evaluate<number>('document.documentElement.scrollWidth');
      expect(width, path).toBeLessThanOrEqual(390);
    }
    await phone.goto(`${server.url}/admin/templates`);
    await phone.getByRole('link', { name: 'Menu' }).click();
    expect(await phone.getByRole('link', { name: 'Add template' }).isVisible()).toBe(true);
    expect(await phone.locator('table.list td[data-label="Queues"]').first().innerText()).toBe('Social');
    await screenshot(phone, 'admin-phone');
    expect(phoneProblems).toEqual([]);
    await context.close();
  });
});
