// Every page in German (issue 13): each GET page the app registers, rendered for an administrator
// whose browser asks for German, must say lang="de", look up no key the catalogs lack, and show no
// word that only the English catalog uses (apart from names such as Ticket, Queue, X).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingKeys } from '../../src/i18n/catalog.ts';
import { addressOf, buildFixture, routesOf, type Fixture } from '../authz/fixture.ts';
import { makeApp, testDeps } from '../helpers/app.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { englishLeft } from './english-left.ts';

const PAGES = routesOf(makeApp(testDeps({} as never, 'sqlite')))
  .filter((r) => r.startsWith('GET /') && !r.startsWith('GET /api') && !r.startsWith('GET /static') && !['GET /healthz', 'GET /favicon.ico', 'GET /metrics', 'GET /logout'].includes(r))
  .map((r) => r.slice(4));

describe('every page in German', () => {
  let database: TestDatabase;
  let fx: Fixture;
  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    fx = await buildFixture(database.db, 'sqlite');
    // The seed's comments ("All default incoming tickets.") are data an administrator wrote, not interface text.
    await database.db.updateTable('groups').set({ comment: '' }).execute();
    await database.db.updateTable('queues').set({ comment: '' }).execute();
  });
  afterAll(() => database?.close());

  it.each(PAGES)('%s', async (path) => {
    missingKeys.clear();
    const res = await fx.app.request(addressOf(path), { headers: { ...fx.session.admin!, 'accept-language': 'de-DE,de;q=0.9' } });
    const html = await res.text();
    if (!(res.headers.get('content-type') ?? '').includes('text/html') || res.status >= 300) return;
    if (html.includes('<html')) expect(html).toContain('<html lang="de"');
    expect([...missingKeys], 'keys the catalogs lack').toEqual([]);
    expect(englishLeft(html), 'English words on the German page').toEqual([]);
  });
});
