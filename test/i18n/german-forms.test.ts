// The forms in German when they are refused (issue 13): an empty or wrong form posted by a browser
// that asks for German comes back with its errors, and those too are German, with no key the
// catalogs lack and no word that only the English catalog uses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingKeys } from '../../src/i18n/catalog.ts';
import { buildFixture, type Fixture } from '../authz/fixture.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { englishLeft } from './english-left.ts';

const DE = { 'accept-language': 'de-DE,de;q=0.9' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** The form posts of this check: where, what, the status the refusal comes with and a German error it shows. */
const FORMS: readonly { name: string; path: string; fields: Record<string, string>; status: number; shows: string }[] = [
  { name: 'new queue, empty', path: '/admin/queues/new', fields: { name: '' }, status: 400, shows: 'Name ist erforderlich.' },
  { name: 'new group, empty', path: '/admin/groups/new', fields: { name: '' }, status: 400, shows: 'Name ist erforderlich.' },
  { name: 'new agent, empty', path: '/admin/agents/new', fields: { login: '', firstName: '', lastName: '', email: '' }, status: 400, shows: 'Benutzername ist erforderlich.' },
  { name: 'new template, empty', path: '/admin/templates/new', fields: { name: '', body: '' }, status: 400, shows: 'Text ist erforderlich.' },
  { name: 'profile wizard step 2, no app name', path: '/admin/social-media-profiles/twitter/1', fields: { step: '2', go: 'next', appName: '' }, status: 400, shows: 'Name der Twitter-App ist erforderlich.' },
  { name: 'zoom note, empty', path: '/tickets/1/note', fields: { body: '' }, status: 400, shows: 'Die Notiz ist leer.' },
  { name: 'zoom reply, empty', path: '/tickets/1/reply', fields: { body: '', profileId: '1', kind: 'dm' }, status: 400, shows: 'Die Direktnachricht ist leer.' },
  { name: 'zoom reply, too long', path: '/tickets/1/reply', fields: { body: 'x'.repeat(10_001), profileId: '1', kind: 'dm' }, status: 400, shows: 'Die Direktnachricht ist 10.001 Zeichen lang; X erlaubt 10.000.' },
  { name: 'preferences, wrong current password', path: '/preferences', fields: { currentPassword: 'not-the-password', password: 'a-new-password-1', passwordRepeat: 'a-new-password-1' }, status: 400, shows: 'Das aktuelle Passwort ist nicht richtig.' },
];

describe('refused forms in German', () => {
  let database: TestDatabase;
  let fx: Fixture;
  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    fx = await buildFixture(database.db, 'sqlite');
    // Ticket 1 becomes a direct-message conversation of profile 1 with a customer on X: its zoom has the reply box.
    const db = database.db;
    const customer = await db.selectFrom('customer_users').select('id').where('login', '=', 'twitter:1').executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    await db.insertInto('customer_identities').values({ customer_id: customer.id, network: 'twitter', external_user_id: '2000', handle: 'kunde', display_name: 'Kunde', avatar_url: null, created_at: now, changed_at: now, bio: null, location: null, followers_count: null, verified: null, account_created_at: null, avatar_sha256: null, avatar_type: null, avatar_source: null, avatar_due_at: null }).execute();
    await db.updateTable('tickets').set({ social_profile_id: 1, conversation_key: 'dm:1000-2000', customer_id: customer.id }).where('id', '=', 1).execute();
  });
  afterAll(() => database?.close());

  const check = (html: string) => {
    expect(html).toContain('<html lang="de"');
    expect([...missingKeys], 'keys the catalogs lack').toEqual([]);
    expect(englishLeft(html), 'English words on the German page').toEqual([]);
  };

  it.each(FORMS)('$name', async ({ path, fields, status, shows }) => {
    missingKeys.clear();
    const res = await fx.app.request(path, { method: 'POST', headers: { ...fx.session.admin!, ...DE, ...FORM }, body: new URLSearchParams(fields).toString() });
    const html = await res.text();
    expect(res.status, html.slice(0, 300)).toBe(status);
    expect(html).toContain(shows);
    check(html);
  });

  it('zoom reply, a file that is not what its type says', async () => {
    missingKeys.clear();
    const body = new FormData();
    body.set('body', 'Anbei das Bild.');
    body.set('profileId', '1');
    body.set('kind', 'dm');
    body.append('files', new File([new Uint8Array([1, 2, 3, 4])], 'bild.png', { type: 'image/png' }));
    const res = await fx.app.request('/tickets/1/reply', { method: 'POST', headers: { ...fx.session.admin!, ...DE }, body });
    const html = await res.text();
    expect(res.status).toBe(400);
    expect(html).toContain('„bild.png“ ist nicht wirklich vom Typ image/png.');
    check(html);
  });

  it('login, wrong password', async () => {
    missingKeys.clear();
    const page = await fx.app.request('/login', { headers: DE });
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
    const token = decodeURIComponent(cookie.split('=')[1] ?? '');
    const res = await fx.app.request('/login', {
      method: 'POST',
      headers: { ...DE, ...FORM, cookie },
      body: new URLSearchParams({ login: 'root@localhost', password: 'not-the-password', _login_csrf: token, next: '/' }).toString(),
    });
    const html = await res.text();
    expect(res.status).toBe(401);
    expect(html).toContain('Anmeldung fehlgeschlagen');
    check(html);
  });
});
