import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimFixture } from '../../sim/x/testing.ts';
import { saveQueue } from '../../src/core/queues/service.ts';
import type { Deps } from '../../src/deps.ts';
import { createWorker, type Worker } from '../../src/worker/worker.ts';
import { makeApp, testDeps } from '../helpers/app.ts';
import { closeAll, HAS_CHROMIUM, login, openBrowser, screenshot } from '../helpers/browser.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/db.ts';

// The guided setup of an X profile in Chromium, against the X simulator (MISSION P1–P8): add,
// steps 1–6 with errors in words, verify with bad then good credentials, finish, filter, edit with
// previous/next, switch the profile off, and watch the worker stop and resume fetching its DMs.
// The tests build on each other, in order, like an administrator's afternoon.

describe.skipIf(!HAS_CHROMIUM)('browser: social media profiles', () => {
  let browser: Browser;
  let database: TestDatabase;
  let server: { url: string; close(): Promise<void> };
  let sim: SimFixture;
  let deps: Deps;
  let worker: Worker;
  let page: Page;
  let problems: string[];
  let profileId = 0;
  const pages: string[] = [];

  const secrets = () => [sim.account.consumerSecret, sim.account.accessToken, sim.account.accessTokenSecret];
  const heading = () => page.locator('.wizard h2').textContent();
  const profile = () => database.db.selectFrom('social_profiles').selectAll().where('id', '=', profileId).executeTakeFirstOrThrow();
  const articleBodies = async () => (await database.db.selectFrom('articles').select('body').orderBy('id').execute()).map((a) => a.body);
  /** Every page the administrator saw, to prove no secret was ever sent to the browser. */
  const keepPage = async () => pages.push(await page.content());
  /** Presses a form button and waits for the page it leads to (a redirect, or the form again with its errors). */
  const click = async (name: string) => {
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
    await keepPage();
  };

  beforeAll(async () => {
    sim = await startSim();
    database = await openTestDatabase('sqlite');
    deps = testDeps(database.db, 'sqlite', { xApiUrl: sim.running.url });
    worker = createWorker(deps, { pollSeconds: 0 });
    // A queue switched off must not be offered as a target.
    await saveQueue(database.db, 1, null, { name: 'Retired', groupId: 1, validity: 'invalid' });
    ({ server, browser, page, problems } = await openBrowser(makeApp(deps)));
    await login(page, server.url);
  });
  afterAll(() => closeAll(browser, server, database, sim));

  it('adds a profile from the Actions widget, with the name error in words and the values kept', async () => {
    await page.goto(`${server.url}/admin`);
    await page.getByRole('link', { name: 'Social Media Profiles' }).click();
    await page.getByRole('link', { name: 'Twitter', exact: true }).click();
    expect(await page.locator('.wizard h2').textContent()).toBe('General');
    await page.getByLabel('Name').fill('AcmeHelp');
    await page.getByLabel('Description').fill('Answers our customers on X.');
    await screenshot(page, 'profile-general');
    await page.getByLabel('Name').fill('Acme Help!');
    await click('Save');
    await expect.poll(() => page.locator('#e-name').textContent()).toBe('Name may contain only letters and digits.');
    expect(await page.getByLabel('Description').inputValue()).toBe('Answers our customers on X.');
    expect(await database.db.selectFrom('social_profiles').selectAll().execute()).toEqual([]);

    await page.getByLabel('Name').fill('AcmeHelp');
    await click('Save');
    await page.waitForURL(/\/admin\/social-media-profiles\/twitter\/\d+\?step=1/);
    profileId = Number(/twitter\/(\d+)/.exec(page.url())![1]);
    expect(await page.getByRole('status').first().textContent()).toMatch(/Profile "AcmeHelp" added/);
    expect(await profile()).toMatchObject({ name: 'AcmeHelp', description: 'Answers our customers on X.', validity: 'valid' });
  });

  it('steps 1–4: instructions, app name, consumer keys and access token, each saved before the next', async () => {
    expect(await heading()).toBe('Step 1: Set up an X developer account');
    expect(await page.locator('.wizard').textContent()).toMatch(/Read and write and Direct message/);
    await click('Next step');

    expect(await heading()).toBe('Step 2: Twitter app name');
    await click('Next step');
    await expect.poll(() => page.locator('#e-appName').textContent()).toBe('Twitter app name is required.');
    await page.getByLabel('Twitter app name').fill('Acme helpdesk');
    await click('Next step');
    expect((await profile()).app_name).toBe('Acme helpdesk');

    expect(await heading()).toBe('Step 3: Access permissions');
    await page.getByLabel('Consumer key').fill('not a key');
    await page.getByLabel('Consumer secret').fill(sim.account.consumerSecret);
    await click('Next step');
    await expect.poll(() => page.locator('#e-consumerKey').textContent()).toMatch(/Consumer key does not look like a key/);
    expect(await page.getByLabel('Consumer key').inputValue()).toBe('not a key');
    // The secret is not sent back, not even to the form that failed; the page says so.
    expect(await page.getByLabel('Consumer secret').inputValue()).toBe('');
    expect(await page.locator('.field', { has: page.locator('#f-consumerSecret') }).textContent()).toMatch(/Not saved: enter it again/);
    expect((await profile()).credentials).toBe('{}');
    await page.getByLabel('Consumer key').fill(sim.account.consumerKey);
    await page.getByLabel('Consumer secret').fill(sim.account.consumerSecret);
    await click('Next step');

    expect(await heading()).toBe('Step 4: Access token');
    await page.locator('#f-accessToken').fill(sim.account.accessToken);
    await page.getByLabel('Access token secret').fill('not-the-right-secret');
    await click('Next step');
    expect(Object.keys(JSON.parse((await profile()).credentials))).toEqual(['consumerKey', 'consumerSecret', 'accessToken', 'accessTokenSecret']);
  });

  it('step 5: verifies bad credentials with X\'s words, then good ones with @username and id', async () => {
    expect(await heading()).toBe('Step 5: Verify credentials');
    await click('Next step');
    await expect.poll(() => page.locator('#e-verify').textContent()).toMatch(/not verified yet/);
    await click('Verify credentials');
    await expect.poll(() => page.locator('.verify-result').textContent()).toMatch(/Not verified: X rejected the profile's credentials \(Unauthorized\)/);
    await screenshot(page, 'profile-step-5-refused');
    expect((await profile()).verified_at).toBeNull();

    await click('Previous step');
    expect(await heading()).toBe('Step 4: Access token');
    expect(await page.locator('.field', { has: page.locator('#f-accessTokenSecret') }).textContent()).toMatch(/Stored — leave empty to keep it/);
    await page.getByLabel('Access token secret').fill(sim.account.accessTokenSecret);
    await click('Next step');
    await click('Verify credentials');
    const result = page.locator('.verify-result');
    await expect.poll(() => result.textContent()).toMatch(new RegExp(`Verified: the credentials belong to @parleyhelp \\(Parley Help\\), X user id ${sim.account.id}`));
    expect(await profile()).toMatchObject({ account_id: sim.account.id, account_username: 'parleyhelp', verify_error: null });
    await click('Next step');
  });

  it('step 6: target queue (valid queues only) and auto response, then "Save and finish"', async () => {
    expect(await heading()).toBe('Step 6: Incoming settings');
    const options = await page.getByLabel('Target queue').locator('option').allTextContents();
    expect(options).toEqual(['-', 'Junk', 'Misc', 'Raw']);
    const text = page.getByLabel('Auto response text');
    expect(await text.isVisible()).toBe(false);
    await page.getByLabel('Auto response', { exact: true }).check();
    expect(await text.isVisible()).toBe(true);
    await click('Save and finish');
    await expect.poll(() => page.locator('#e-targetQueueId').textContent()).toBe('Target queue is required.');
    expect(await page.getByLabel('Auto response', { exact: true }).isChecked()).toBe(true);
    await page.getByLabel('Target queue').selectOption({ label: 'Misc' });
    await click('Save and finish');
    await expect.poll(() => page.locator('#e-autoResponseText').textContent()).toMatch(/Enter the text of the auto response/);
    expect(await page.getByLabel('Target queue').inputValue()).not.toBe('');
    await text.fill('Thanks for your message, we answer within the hour.');
    await click('Save and finish');
    await page.waitForURL(/\/admin\/social-media-profiles\?saved=/);
    const row = page.locator('#social-media-profiles tbody tr', { hasText: 'AcmeHelp' });
    expect(await row.textContent()).toMatch(/Twitter.*Answers our customers on X\..*@parleyhelp.*valid.*complete/);
    expect((await profile()).completed_at).not.toBeNull();
  });

  it('lists a half-finished profile as incomplete, filters as one types, and reopens the wizard where it was left', async () => {
    await page.getByRole('link', { name: 'Twitter', exact: true }).click();
    await page.getByLabel('Name').fill('SalesDesk');
    await click('Save');
    await click('Save and finish');
    expect(await page.getByRole('status').first().textContent()).toMatch(/Profile "SalesDesk" saved, but it is incomplete: step 2 \(Twitter app name\) is missing/);
    await page.goto(`${server.url}/admin/social-media-profiles`);
    const rows = page.locator('#social-media-profiles tbody tr[data-filter]');
    expect(await rows.count()).toBe(2);
    expect(await page.locator('#social-media-profiles tbody tr', { hasText: 'SalesDesk' }).textContent()).toMatch(/incomplete: step 2 missing/);
    await screenshot(page, 'profiles-list');

    const filter = page.getByPlaceholder('Just start typing…');
    await filter.pressSequentially('acm');
    await expect.poll(() => page.locator('#social-media-profiles tbody tr[data-filter]:visible').allTextContents()).toEqual([expect.stringMatching(/^AcmeHelp/)]);
    await filter.fill('zzz');
    expect(await rows.locator('visible=true').count()).toBe(0);
    expect(await page.getByText('No profile matches the filter.').isVisible()).toBe(true);
    await filter.fill('sales');
    await page.getByRole('link', { name: 'SalesDesk' }).click();
    expect(await heading()).toBe('Step 2: Twitter app name');
  });

  it('edits with previous/next, sets the profile invalid, and the worker stops fetching its DMs until it is valid again', async () => {
    const carol = await sim.control<{ id: string }>('POST', '/_sim/users', { username: 'carol', name: 'Carol' });
    const dm = (text: string) => sim.control('POST', '/_sim/dms', { senderId: carol.id, recipientId: sim.account.id, text });
    await dm('Where is my parcel?');
    await worker.tick();
    expect(await articleBodies()).toEqual(['Where is my parcel?', 'Thanks for your message, we answer within the hour.']);

    await page.goto(`${server.url}/admin/social-media-profiles`);
    await page.getByRole('link', { name: 'AcmeHelp' }).click();
    expect(page.url()).toMatch(new RegExp(`/admin/social-media-profiles/twitter/${profileId}$`));
    expect(await heading()).toBe('General');
    await keepPage();
    await click('Next step');
    expect(await heading()).toBe('Step 1: Set up an X developer account');
    await screenshot(page, 'profile-step-1');
    await click('Next step');
    expect(await page.getByLabel('Twitter app name').inputValue()).toBe('Acme helpdesk');
    await page.getByLabel('Twitter app name').fill('Acme support');
    await click('Previous step');
    expect(await heading()).toBe('Step 1: Set up an X developer account');
    expect((await profile()).app_name).toBe('Acme support');
    await click('Next step');
    await screenshot(page, 'profile-step-2');
    await click('Next step');
    // Steps 3 and 4 as an administrator finds them later: the key shown, the secrets stored but never shown.
    expect(await page.getByLabel('Consumer key').inputValue()).toBe(sim.account.consumerKey);
    expect(await page.getByLabel('Consumer secret').inputValue()).toBe('');
    await screenshot(page, 'profile-step-3');
    await click('Next step');
    expect(await page.locator('#f-accessToken').inputValue()).toBe('');
    await screenshot(page, 'profile-step-4');
    await click('Next step');
    // Secrets left empty were kept: the verification still stands.
    expect(await page.locator('.verify-result').textContent()).toMatch(/@parleyhelp/);
    await screenshot(page, 'profile-step-5');
    await click('Next step');
    expect(await page.getByLabel('Auto response text').inputValue()).toBe('Thanks for your message, we answer within the hour.');
    expect(await page.getByLabel('Target queue').locator('option:checked').textContent()).toBe('Misc');
    await screenshot(page, 'profile-step-6');

    await page.getByRole('link', { name: 'General' }).click();
    await page.getByLabel('Validity').selectOption('invalid');
    await click('Save and finish');
    expect(await page.locator('#social-media-profiles tbody tr', { hasText: 'AcmeHelp' }).textContent()).toMatch(/invalid/);
    expect((await profile()).validity).toBe('invalid');

    await dm('Hello? Anyone?');
    await worker.tick();
    expect(await articleBodies()).toHaveLength(2);

    await page.getByRole('link', { name: 'AcmeHelp' }).click();
    await page.getByLabel('Validity').selectOption('valid');
    await click('Save');
    expect(await page.getByRole('status').first().textContent()).toMatch(/Saved\./);
    expect(await page.locator('dl.props').textContent()).toMatch(/Pollingactive/);
    await worker.tick();
    expect((await articleBodies()).slice(2)).toEqual(['Hello? Anyone?']);
    await page.reload();
    expect(await page.locator('dl.props').textContent()).toMatch(/X API calls today[1-9]\d* reads?,/);
  });

  it('never sent a secret to the browser, and the pages kept their CSP', async () => {
    expect(pages.length).toBeGreaterThan(20);
    for (const html of pages) for (const secret of secrets()) expect(html).not.toContain(secret);
    expect(problems).toEqual([]);
  });
});
