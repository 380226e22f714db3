import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_ACL_YAML } from '../../src/core/acl/index.ts';
import { makeApp, testDeps } from '../helpers/app.ts';
import { closeAll, HAS_CHROMIUM, openBrowser, login, screenshot } from '../helpers/browser.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/db.ts';

// AdminACL in Chromium (MISSION A3): import the seed's OTRS export through the upload form, see
// "not deployed", deploy, see "in sync", then edit the ACL in the structured editor (an error next
// to its row first) and deploy the change. The tests build on each other, in order.

describe.skipIf(!HAS_CHROMIUM)('browser: access control lists', () => {
  let browser: Browser;
  let database: TestDatabase;
  let server: { url: string; close(): Promise<void> };
  let page: Page;
  let problems: string[];

  const banner = () => page.locator('.acl-sync').textContent();
  const click = async (name: string) => {
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).first().click()]);
  };
  const stored = () => database.db.selectFrom('acls').selectAll().orderBy('id').execute();

  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    ({ server, browser, page, problems } = await openBrowser(makeApp(testDeps(database.db, 'sqlite')), { viewport: { width: 1280, height: 900 } }));
    await login(page, server.url);
  });
  afterAll(() => closeAll(browser, server, database));

  it('imports the seed export through the admin page, shows "not deployed", deploys, shows "in sync"', async () => {
    await page.goto(`${server.url}/admin`);
    await page.getByRole('link', { name: 'Access Control Lists (ACL)' }).click();
    await page.waitForURL(/\/admin\/acl$/);
    await page.getByLabel('ACL file (OTRS YAML export)').setInputFiles({ name: 'Export_ACL.yml', mimeType: 'application/x-yaml', buffer: Buffer.from(SEED_ACL_YAML) });
    await click('Import ACL');
    await expect.poll(() => page.locator('.flash.ok').textContent()).toMatch(/ACLs imported \(added Limit Access to Twitter Profile\)/);
    expect(await banner()).toMatch(/ACLs are not deployed/);
    const row = page.locator('#acls tbody tr', { hasText: 'Limit Access to Twitter Profile' });
    expect(await row.textContent()).toMatch(/new: not deployed/);
    await screenshot(page, 'acl-list');

    // Importing it again without "overwrite" is refused in words, and changes nothing.
    await page.getByLabel('ACL file (OTRS YAML export)').setInputFiles({ name: 'Export_ACL.yml', mimeType: 'application/x-yaml', buffer: Buffer.from(SEED_ACL_YAML) });
    await click('Import ACL');
    expect(await page.getByRole('alert').first().textContent()).toMatch(/Nothing was imported[\s\S]*already exists/);
    expect(await stored()).toHaveLength(1);

    await click('Deploy ACLs');
    await expect.poll(banner).toMatch(/ACLs are in sync/);
    expect(await row.textContent()).toMatch(/in effect/);
    expect(await database.db.selectFrom('acl_deployments').selectAll().execute()).toHaveLength(1);

    await page.getByPlaceholder('Just start typing…').fill('nothing like it');
    expect(await page.locator('#acls tbody tr[data-filter]:visible').count()).toBe(0);
    await page.getByPlaceholder('Just start typing…').fill('twitter');
    expect(await page.locator('#acls tbody tr[data-filter]:visible').count()).toBe(1);
  });

  it('edits the ACL in the structured editor, with an error next to its row, and deploys the change', async () => {
    await page.getByRole('link', { name: 'Limit Access to Twitter Profile' }).click();
    await page.waitForURL(/\/admin\/acl\/\d+$/);
    expect(await page.getByLabel('Condition 1: attribute').inputValue()).toBe('Group_rw');
    expect(await page.getByLabel('Condition 1: values').inputValue()).toBe('[Not]twitter');
    expect(await page.getByLabel('Change 1: field').inputValue()).toBe('TwitterProfileID');

    await click('Add condition');
    await page.getByLabel('Condition 2: group').selectOption('Frontend');
    await page.getByLabel('Condition 2: attribute').fill('Action');
    await page.getByLabel('Condition 2: values').fill('[RegExp]^AgentTicket(Compose');
    await click('Save');
    await expect.poll(() => page.locator('#e-m\\.1').textContent()).toMatch(/is not a valid regular expression/);
    expect(await page.getByLabel('Condition 2: attribute').inputValue()).toBe('Action');

    await page.getByLabel('Condition 2: values').fill('[RegExp]^AgentTicket(Compose|SocialNew)$');
    await page.getByLabel('Comment').fill('Twitter access restriction (replies and new tickets)');
    await click('Save');
    await expect.poll(() => page.locator('.flash.ok').textContent()).toMatch(/ACL "Limit Access to Twitter Profile" saved/);
    expect(await page.locator('.flash.warn').textContent()).toMatch(/changed since the last deploy/);
    await screenshot(page, 'acl-edit');
    const [acl] = await stored();
    expect(JSON.parse(acl!.config_match)).toEqual({
      Properties: { User: { Group_rw: ['[Not]twitter'] }, Frontend: { Action: ['[RegExp]^AgentTicket(Compose|SocialNew)$'] } },
    });

    await page.getByRole('link', { name: 'Go to overview' }).click();
    await expect.poll(banner).toMatch(/ACLs are not in sync: 1 change since the last deploy/);
    expect(await page.locator('#acls tbody tr', { hasText: 'Limit Access' }).textContent()).toMatch(/changed since deploy/);
    await click('Deploy ACLs');
    await expect.poll(banner).toMatch(/ACLs are in sync/);
    expect(problems).toEqual([]);
  });
});
