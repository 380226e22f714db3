import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, testDeps } from '../helpers/app.ts';
import { closeAll, HAS_CHROMIUM, launchBrowser, login, screenshot, serveApp, watchConsole } from '../helpers/browser.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/db.ts';

describe.skipIf(!HAS_CHROMIUM)('browser: login and queue administration', () => {
  let browser: Browser;
  let database: TestDatabase;
  let server: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    server = await serveApp(makeApp(testDeps(database.db, 'sqlite')));
    browser = await launchBrowser();
  });
  afterAll(() => closeAll(browser, server, database));

  it('refuses a wrong password with a clear message', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Username').fill('root@localhost');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Login failed/);
    await page.close();
  });

  it('logs in and creates a queue through the admin page, with field errors in words', async () => {
    const page = await browser.newPage();
    const problems = watchConsole(page);
    await login(page, server.url);
    await page.goto(`${server.url}/admin`);
    await page.getByRole('link', { name: 'Queues' }).click();
    await page.getByRole('link', { name: 'Add queue' }).click();
    // A duplicate name: the form comes back with the error next to the field and the values kept.
    await page.getByLabel('Name').fill('Misc');
    await page.getByLabel('Group').selectOption({ label: 'users' });
    await page.getByLabel('Follow-up option').selectOption({ label: 'reject' });
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('#e-name').textContent()).toMatch(/A queue named "Misc" already exists/);
    expect(await page.getByLabel('Follow-up option').inputValue()).toBe('reject');
    await page.getByLabel('Name').fill('Social');
    await page.getByLabel('Follow-up option').selectOption({ label: 'new ticket' });
    await page.getByLabel('Ticket lock after a follow-up').selectOption({ label: 'Yes' });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/admin\/queues\?saved=/);
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Queue "Social" added/);
    const row = page.locator('#queues tbody tr', { hasText: 'Social' });
    expect(await row.textContent()).toMatch(/new ticket/);
    // The filter box narrows the list as one types.
    await page.getByPlaceholder('Just start typing…').fill('soc');
    expect(await page.locator('#queues tbody tr[data-filter]:visible').count()).toBe(1);
    await screenshot(page, 'admin-queues');
    const stored = await database.db.selectFrom('queues').selectAll().where('name', '=', 'Social').executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ follow_up: 'new_ticket', follow_up_lock: 1, validity: 'valid' });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('creates a group with rw for an agent, seen from both sides', async () => {
    const page = await browser.newPage();
    await login(page, server.url);
    await page.goto(`${server.url}/admin/agents/new`);
    await page.getByLabel('Login').fill('tina');
    await page.getByLabel('First name').fill('Tina');
    await page.getByLabel('Last name').fill('Tweet');
    await page.getByLabel('Email').fill('tina@example.com');
    await page.getByLabel('Password').fill('password-1');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/admin\/agents\?saved=/);
    await page.goto(`${server.url}/admin/groups/new`);
    await page.getByLabel('Name').fill('twitter');
    await page.getByLabel('tina (Tina Tweet)').selectOption('rw');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/admin\/groups\?saved=/);
    await page.goto(`${server.url}/admin/agents`);
    expect(await page.locator('#agents tr', { hasText: 'tina' }).textContent()).toMatch(/twitter \(rw\)/);
    await screenshot(page, 'admin-agents');
    await page.close();
  });
});
