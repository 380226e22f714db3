import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveQueue } from '../../src/core/queues/service.ts';
import type { Deps } from '../../src/deps.ts';
import { createWorker, type Worker } from '../../src/worker/worker.ts';
import { makeApp, testDeps } from '../helpers/app.ts';
import { closeAll, HAS_CHROMIUM, login, openBrowser } from '../helpers/browser.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { blueskyHarness, mastodonHarness, type NetworkHarness } from '../helpers/networks.ts';

// An administrator sets up one Mastodon and one Bluesky profile through their guided steps in
// Chromium, against the simulators; a customer sends each a direct message; an agent answers each
// from the ticket zoom, and the answer reaches the customer as a direct message.

describe.skipIf(!HAS_CHROMIUM)('browser: Mastodon and Bluesky profiles', () => {
  let browser: Browser;
  let database: TestDatabase;
  let server: { url: string; close(): Promise<void> };
  let deps: Deps;
  let worker: Worker;
  let page: Page;
  let problems: string[];
  const nets: NetworkHarness[] = [mastodonHarness(), blueskyHarness()];
  const click = async (name: string) => {
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
  };

  beforeAll(async () => {
    for (const n of nets) await n.start();
    database = await openTestDatabase('sqlite');
    deps = testDeps(database.db, 'sqlite');
    worker = createWorker(deps, { pollSeconds: 0, delivery: { backoffMs: () => 0 } });
    await saveQueue(database.db, 1, null, { name: 'Fediverse', groupId: 1 });
    ({ server, browser, page, problems } = await openBrowser(makeApp(deps)));
    await login(page, server.url);
  });
  afterAll(() => closeAll(browser, server, database, ...nets));

  for (const net of nets) {
    const label = net.type === 'mastodon' ? 'Mastodon' : 'Bluesky';
    it(`sets up a ${label} profile through its wizard and answers a DM from the zoom`, { timeout: 60_000 }, async () => {
      const { person: account, credentials } = await net.account();
      await page.goto(`${server.url}/admin/social-media-profiles`);
      await page.getByRole('link', { name: label, exact: true }).click();
      expect(await page.locator('h1').textContent()).toBe(`Add ${label} profile`);
      await page.getByLabel('Name').fill(`Acme${label}`);
      await click('Save');
      await page.waitForURL(new RegExp(`/admin/social-media-profiles/${net.type}/\\d+\\?step=1`));
      expect(await page.locator('.wizard').innerText()).toContain(net.type === 'mastodon' ? 'Preferences → Development' : 'App passwords');
      await click('Next step');

      // Step 2: the server (and for Bluesky the handle, the service URL filled in already).
      if (net.type === 'mastodon') {
        await page.getByLabel('Instance URL').fill('ftp://nowhere.example');
        await click('Next step');
        expect(await page.locator('#e-instanceUrl').textContent()).toMatch(/https/);
        await page.getByLabel('Instance URL').fill(credentials['instanceUrl']!);
      } else {
        expect(await page.getByLabel('Service URL').inputValue()).toBe('https://bsky.social');
        await page.getByLabel('Service URL').fill(credentials['serviceUrl']!);
        await page.getByLabel('Handle').fill(credentials['handle']!);
      }
      await click('Next step');

      // Step 3: the secret, write-only.
      const secretName = net.type === 'mastodon' ? 'Access token' : 'App password';
      const secret = credentials[net.type === 'mastodon' ? 'accessToken' : 'appPassword']!;
      await click('Next step');
      expect(await page.locator('.field.error').first().innerText()).toContain(`${secretName} is required.`);
      await page.getByLabel(secretName).fill(secret);
      await click('Next step');

      // Step 4: verify.
      await click('Verify credentials');
      expect(await page.locator('.verify-result').innerText()).toContain(`@${account.handle}`);
      await click('Next step');

      // Step 5: incoming settings, then finish.
      await page.getByLabel('Target queue').selectOption({ label: 'Fediverse' });
      await click('Save and finish');
      expect(await page.locator('.flash.ok').first().innerText()).toContain(`Profile "Acme${label}" saved.`);
      const row = await database.db.selectFrom('social_profiles').selectAll().where('name', '=', `Acme${label}`).executeTakeFirstOrThrow();
      expect(row.credentials).not.toContain(secret);
      expect(await page.content()).not.toContain(secret);

      // A customer writes; the agent answers from the zoom.
      const zoe = await net.person('Zoe');
      await database.db.updateTable('social_profiles').set({ completed_at: new Date(Date.now() - 5000).toISOString() }).where('id', '=', row.id).execute();
      await net.dm(zoe, account, 'Where is my parcel?');
      await worker.tick();
      const ticket = await database.db.selectFrom('tickets').selectAll().where('social_profile_id', '=', row.id).executeTakeFirstOrThrow();
      await page.goto(`${server.url}/tickets/${ticket.id}`);
      expect(await page.locator('#compose-title').textContent()).toBe(`Reply on ${label}`);
      expect(await page.locator('label[for="compose-profile"]').textContent()).toBe(`${label} account`);
      await page.locator('#compose-body').fill('It left our warehouse today.');
      await Promise.all([page.waitForURL(/saved=/), page.getByRole('button', { name: 'Send reply' }).click()]);
      await worker.tick();
      const sent = await net.sent(account);
      expect(sent.dms.map((d) => [d.text.replace(/^@\S+\s/, ''), d.to])).toEqual([['It left our warehouse today.', [zoe.id]]]);
      expect(problems).toEqual([]);
    });
  }
});
