// The queue view and the login page follow the browser's language (issue 13): German for a
// German browser, English by default; on both databases.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTicket } from '../src/core/tickets/service.ts';
import { sessionHeaders } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';
import { AGENT_PASSWORD, socialFixture, type SocialFixture } from './agent-fixture.ts';

const GERMAN = { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' };

describeEachDialect('agent pages in German and English', ({ db, dialect }) => {
  let fx: SocialFixture;
  let session: Record<string, string>;

  beforeEach(async () => {
    fx = await socialFixture(db(), dialect);
    await fx.agent('anna');
    session = await sessionHeaders(fx.app, 'anna', AGENT_PASSWORD);
  });
  afterEach(() => fx.close());

  const page = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fx.app.request(path, { headers: { ...session, ...headers } });
    return res.text();
  };

  it('the queue view speaks German to a German browser and English by default', async () => {
    const misc = await db().selectFrom('queues').selectAll().where('name', '=', 'Misc').executeTakeFirstOrThrow();
    for (const title of ['Reißverschluss kaputt', 'Paket fehlt']) await createTicket(db(), { title, queueId: misc.id, priority: 4 }, 1);

    const de = await page('/tickets', GERMAN);
    expect(de).toContain('<html lang="de"');
    expect(de).toContain('1–2 von 2 Tickets');
    expect(de).toContain('Seite 1 von 1');
    expect(de).toContain('>Besitzer</th>');
    expect(de).toContain('Priorität');
    expect(de).toContain('4 hoch');
    expect(de).toMatch(/<span class="badge new">neu<\/span>/);
    expect(de).toContain('Alle Queues');
    expect(de).toContain('Sammelaktion');
    expect(de).toContain('Neues Social-Media-Ticket');
    expect(de).toContain('data-label="Kunde"');
    expect(de).toMatch(/vor \d+ Sek\.|jetzt/);
    expect(de).not.toContain('Owner');

    const en = await page('/tickets');
    expect(en).toContain('<html lang="en"');
    expect(en).toContain('1–2 of 2 tickets');
    expect(en).toContain('>Owner</th>');
    expect(en).toContain('4 high');
    expect(en).toContain('Bulk action');
    expect(en).not.toContain('Besitzer');

    const dash = await page('/dashboard', GERMAN);
    expect(dash).toContain('<h1>Übersicht</h1>');
    expect(dash).toContain('Tickets pro Queue und Status');
  });

  it('the login page and its errors are German for a German browser', async () => {
    const form = await fx.app.request('/login', { headers: GERMAN });
    const html = await form.text();
    expect(html).toContain('<html lang="de"');
    expect(html).toContain('Benutzername');
    expect(html).toContain('Passwort');
    expect(html).toContain('>Anmelden</button>');

    const cookie = /parley_login_csrf=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1]!;
    const token = /name="_login_csrf" value="([^"]+)"/.exec(html)![1]!;
    const post = (login: string, headers: Record<string, string>) =>
      fx.app.request('/login', {
        method: 'POST',
        headers: { ...headers, cookie: `parley_login_csrf=${cookie}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _login_csrf: token, login, password: 'wrong-password', next: '/dashboard' }).toString(),
      });
    const wrong = await post('anna', GERMAN);
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Anmeldung fehlgeschlagen! Benutzername oder Passwort wurden falsch eingegeben.');
    expect(await (await post('anna', {})).text()).toContain('Login failed! Your user name or password was entered incorrectly.');

    const until = new Date(Date.now() + 3 * 60_000 - 1000).toISOString();
    await db().insertInto('login_attempts').values({ login: 'bert', failures: 10, last_failure_at: new Date().toISOString(), locked_until: until }).execute();
    const locked = await post('bert', GERMAN);
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain('Zu viele fehlgeschlagene Anmeldungen für diesen Benutzernamen. Versuchen Sie es in 3 Minuten erneut.');
    expect(await (await post('bert', {})).text()).toContain('Try again in 3 minutes.');

    const bye = await (await fx.app.request('/login?bye=1', { headers: GERMAN })).text();
    expect(bye).toContain('Abmeldung erfolgreich.');
    const english = await (await fx.app.request('/login')).text();
    expect(english).toContain('<html lang="en"');
    expect(english).toContain('Username');
    expect(english).toContain('>Log in</button>');
  });
});
