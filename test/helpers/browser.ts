import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Hono } from 'hono';
import type { AppEnv } from '../../src/web/context.ts';
import { ADMIN_PASSWORD } from './db.ts';

// Browser tests drive Debian's Chromium through playwright-core. They run when Chromium is found;
// with CI=true a missing Chromium is a failure, not a skip.

export const CHROMIUM_PATH = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);
if (process.env.CI === 'true' && !HAS_CHROMIUM) {
  throw new Error(`CI=true but Chromium is missing at ${CHROMIUM_PATH}: the browser tests must run in CI.`);
}

export const SCREENSHOT_DIR = join(import.meta.dirname, '../../docs/screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export async function serveApp(app: Hono<AppEnv>): Promise<{ url: string; close(): Promise<void> }> {
  let server: ServerType;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Parley served on 127.0.0.1, Chromium, and one page watched for CSP violations and script errors. */
export async function openBrowser(app: Hono<AppEnv>, options: { viewport?: { width: number; height: number }; locale?: string } = {}) {
  const server = await serveApp(app);
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 }, ...(options.locale ? { locale: options.locale } : {}) });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  return { server, browser, context, page, problems: watchConsole(page) };
}

/** Closes what a browser test opened, in order, skipping what never opened (a failed beforeAll). */
export async function closeAll(...things: ({ close(): Promise<unknown> } | null | undefined)[]): Promise<void> {
  for (const thing of things) await thing?.close();
}

export async function login(page: Page, baseUrl: string, user = 'root@localhost', password = ADMIN_PASSWORD): Promise<void> {
  page.setDefaultTimeout(8000);
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Screenshots for docs/ (issue: "taken by the browser tests"). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Collects CSP violations and script errors: a page that breaks its own CSP fails the test. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    // Answers with a 4xx status (a form sent back with its errors) are not problems of the page.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}
