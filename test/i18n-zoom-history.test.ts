import { expect, it } from 'vitest';
import { saveAgent } from '../src/core/agents/service.ts';
import { createTicket, updateTicket } from '../src/core/tickets/service.ts';
import { withLocale } from '../src/i18n/index.ts';
import { deliverMails, notificationMail, type MailMessage } from '../src/outbox/mail.ts';
import { actorById } from '../src/web/auth/agents.ts';
import { apiClient, basic, makeApp, sessionHeaders, testDeps } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';

// Issue 13: history lines, bell entries and notification e-mails are stored with their catalog key
// and parameters and read in the reader's language; the REST API keeps the English `message`.

const PW = 'agent-password-1';

describeEachDialect('history and notifications in the reader\'s language', ({ db, dialect }) => {
  async function setup() {
    const deps = testDeps(db(), dialect, { publicUrl: 'https://parley.example.com' });
    const app = makeApp(deps);
    const users = await db().selectFrom('groups').select('id').where('name', '=', 'users').executeTakeFirstOrThrow();
    const mk = (login: string) => saveAgent(db(), 1, null, { login, firstName: login, lastName: 'Agent', email: `${login}@example.com`, password: PW, groups: [{ groupId: users.id, permission: 'rw' }] });
    const anna = await mk('anna');
    const bernd = await mk('bernd');
    const asAnna = apiClient(app, basic('anna', PW));
    expect((await asAnna.patch('/api/v1/me', { language: 'de', timeZone: 'Europe/Berlin' })).status).toBe(200);
    const raw = await db().selectFrom('queues').selectAll().where('name', '=', 'Raw').executeTakeFirstOrThrow();
    const root = (await actorById(db(), 1))!;
    return { deps, app, anna, bernd, asAnna, raw, root };
  }

  it('a German zoom shows German history lines; the API and an English zoom keep the English text', async () => {
    const { app, anna, asAnna, raw, root } = await setup();
    const t = await createTicket(db(), { title: 'Refund for order 42', queueId: raw.id }, 1);
    await updateTicket(db(), root, t.id, { priority: 4 });
    await updateTicket(db(), root, t.id, { state: 'pending reminder', pendingUntil: '2099-05-01T07:30:00.000Z' });
    await updateTicket(db(), root, t.id, { ownerId: anna.id });
    // A row written before migration 008 has no key: it shows as stored.
    await db().insertInto('ticket_history').values({ ticket_id: t.id, type: 'Misc', message: 'An old line.', created_by: 1, created_at: t.created_at }).execute();

    const html = await (await app.request(`/tickets/${t.id}`, { headers: await sessionHeaders(app, 'anna', PW) })).text();
    expect(html).toContain('<html lang="de"');
    expect(html).toContain(`Neues Ticket [${t.number}] in Queue „Raw“ erstellt (neu).`);
    expect(html).toContain('Priorität aktualisiert von „3 normal“ nach „4 hoch“.');
    // The pending time in anna's format and zone (Berlin is UTC+2 in May).
    expect(html).toContain('Status von „neu“ auf „warten zur Erinnerung“ geändert, warten bis 01.05.2099 09:30.');
    expect(html).toContain('Besitzer von root@localhost auf anna geändert.');
    expect(html).toContain('An old line.');
    expect(html).toContain('Historie (6)');

    const api = await asAnna.get(`/api/v1/tickets/${t.id}/history`);
    const messages = (api.body.items as { message: string }[]).map((h) => h.message);
    expect(messages).toContain('Priority changed from "3 normal" to "4 high".');
    expect(messages).toContain('State changed from "new" to "pending reminder" until 2099-05-01T07:30:00.000Z.');
    expect(messages).toContain('Owner changed from root@localhost to anna.');
    expect(api.body.items[0]).not.toHaveProperty('message_key');

    const english = await (await app.request(`/tickets/${t.id}`, { headers: await sessionHeaders(app, 'bernd', PW) })).text();
    expect(english).toContain('Priority changed from &quot;3 normal&quot; to &quot;4 high&quot;.');
    expect(english).toContain(`New ticket [${t.number}] created in queue &quot;Raw&quot; (new).`);
  });

  it('the bell and the e-mail speak the recipient\'s language; the API keeps the English message', async () => {
    const { deps, app, anna, bernd, asAnna, raw, root } = await setup();
    const t = await createTicket(db(), { title: 'Refund for order 42', queueId: raw.id }, 1);
    await updateTicket(db(), root, t.id, { ownerId: anna.id });
    const t2 = await createTicket(db(), { title: 'Second one', queueId: raw.id }, 1);
    await updateTicket(db(), root, t2.id, { ownerId: bernd.id });

    const bell = await (await app.request('/ui/notifications/bell', { headers: await sessionHeaders(app, 'anna', PW) })).text();
    expect(bell).toContain(`root@localhost hat Ihnen Ticket ${t.number} zugewiesen: Refund for order 42`);
    expect(bell).toContain('aria-label="Benachrichtigungen: 1 ungelesen"');
    const list = await asAnna.get('/api/v1/notifications');
    expect(list.body.items[0].message).toBe(`root@localhost assigned ticket ${t.number} to you: Refund for order 42`);

    const sent: MailMessage[] = [];
    await deliverMails(deps, { send: async (m) => void sent.push(m), close: () => {} }, { owner: 'test' });
    const toAnna = sent.find((m) => m.to === 'anna@example.com')!;
    const toBernd = sent.find((m) => m.to === 'bernd@example.com')!;
    expect(toAnna.subject).toBe(`[Parley] root@localhost hat Ihnen Ticket ${t.number} zugewiesen: Refund for order 42`);
    expect(toAnna.text).toMatch(/Zeitpunkt: \d\d\.\d\d\.\d{4} \d\d:\d\d/);
    expect(toAnna.text).toContain('Welche Benachrichtigungen Sie erhalten und wie: https://parley.example.com/preferences');
    expect(toBernd.subject).toBe(`[Parley] root@localhost assigned ticket ${t2.number} to you: Second one`);
    expect(toBernd.text).toContain('Which notifications you get, and how: https://parley.example.com/preferences');
  });

  it('an e-mail without a key (written before migration 008) keeps its stored text in any language', () => {
    const mail = withLocale({ language: 'de' }, () => notificationMail({ id: 7, message: 'Old text', ticket_id: 3 }, 'a@example.com', 'https://p.example'));
    expect(mail.subject).toBe('[Parley] Old text');
    expect(mail.text).toContain('https://p.example/tickets/3');
  });
});
