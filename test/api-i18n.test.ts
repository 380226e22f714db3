// API errors in the reader's language (issue 13): with `Accept-Language: de` the `message` is
// German, while `code` and `field` (the contract) are exactly those of the English answer.
import { expect, it } from 'vitest';
import { apiClient, makeApp, testDeps } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';

const DE = { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' };

describeEachDialect('REST API: error messages follow Accept-Language', ({ db, dialect }) => {
  const setup = () => {
    const app = makeApp(testDeps(db(), dialect));
    return { app, api: apiClient(app) };
  };

  type Answer = { status: number; body: { error: { code: string; message: string; field?: string } }; headers: Headers };

  /** The same request in English (no header) and in German; both refused alike. */
  async function both(send: (headers: Record<string, string>) => Promise<Answer>): Promise<{ en: Answer; de: Answer }> {
    const en = await send({});
    const de = await send(DE);
    expect(de.status).toBe(en.status);
    expect(de.body.error.code).toBe(en.body.error.code);
    expect(de.body.error.field).toBe(en.body.error.field);
    expect(de.body.error.message).not.toBe(en.body.error.message);
    expect(de.headers.get('content-language')).toBe('de');
    return { en, de };
  }

  it('zod-validated bodies: a message the schema gives and one of zod itself', async () => {
    const { api } = setup();
    const empty = await both((h) => api.post('/api/v1/groups', { name: '' }, h));
    expect(empty.en.status).toBe(400);
    expect(empty.en.body.error).toMatchObject({ code: 'invalid_input', field: 'name', message: 'name: Name is required.' });
    expect(empty.de.body.error).toMatchObject({ code: 'invalid_input', field: 'name', message: 'name: Name ist erforderlich.' });

    const wrongType = await both((h) => api.post('/api/v1/tickets', { title: 42, queueId: 1 }, h));
    expect(wrongType.en.body.error).toMatchObject({ code: 'invalid_input', field: 'title' });
    expect(wrongType.en.body.error.message).toMatch(/^title: Invalid input: expected string, received number/);
    expect(wrongType.de.body.error.message).toMatch(/^title: Ungültige Eingabe/);

    const badId = await both((h) => api.post('/api/v1/tickets', { title: 'x', queueId: 1.5 }, h));
    expect(badId.en.body.error).toMatchObject({ code: 'invalid_input', field: 'queueId', message: 'queueId: must be an integer id' });
    expect(badId.de.body.error.message).toBe('queueId: muss eine ganzzahlige ID sein');

    const unknown = await both((h) => api.post('/api/v1/groups', { name: 'X', colour: 'red' }, h));
    expect(unknown.en.body.error).toMatchObject({ code: 'invalid_input', field: 'colour', message: 'Unknown field "colour".' });
    expect(unknown.de.body.error.message).toBe('Unbekanntes Feld „colour“.');
  });

  it('core validation: a title missing, an unknown priority, a locked ticket', async () => {
    const { api } = setup();
    const missing = await both((h) => api.post('/api/v1/tickets', { queueId: 1 }, h));
    expect(missing.en.body.error).toMatchObject({ code: 'invalid_input', field: 'title', message: 'Title is required.' });
    expect(missing.de.body.error.message).toBe('Titel ist erforderlich.');

    const queues = await api.get('/api/v1/queues');
    const raw = queues.body.items.find((q: { name: string }) => q.name === 'Raw');
    const created = await api.post('/api/v1/tickets', { title: 'Printer', queueId: raw.id });
    expect(created.status).toBe(201);
    const id = created.body.id as number;

    const priority = await both((h) => api.patch(`/api/v1/tickets/${id}`, { priority: 'urgent' }, h));
    expect(priority.en.body.error).toMatchObject({ code: 'invalid_input', field: 'priority' });
    expect(priority.en.body.error.message).toMatch(/^Unknown priority "urgent"\. Use 1–5 or one of: 1 very low/);
    expect(priority.de.body.error.message).toMatch(/^Unbekannte Priorität „urgent“\. Verwenden Sie 1–5 oder eine von: 1 very low/);

    const state = await both((h) => api.patch(`/api/v1/tickets/${id}`, { state: 'new' }, h));
    expect(state.en.body.error).toMatchObject({ code: 'invalid_input', field: 'state', message: 'The state "new" cannot be set by an agent.' });
    expect(state.de.body.error.message).toBe('Der Status „new“ kann nicht von einem Agenten gesetzt werden.');

    const pending = await both((h) => api.patch(`/api/v1/tickets/${id}`, { state: 'pending reminder' }, h));
    expect(pending.en.body.error).toMatchObject({ code: 'invalid_input', field: 'pendingUntil' });
    expect(pending.de.body.error.message).toBe('Ein Warten-Status braucht „pendingUntil“, ein Datum mit Uhrzeit.');
  });

  it('not found: a ticket, and an address the API does not have', async () => {
    const { api } = setup();
    const ticket = await both((h) => api.call('GET', '/api/v1/tickets/999999', undefined, h));
    expect(ticket.en.status).toBe(404);
    expect(ticket.en.body.error).toEqual({ code: 'not_found', message: 'Ticket 999999 was not found.' });
    expect(ticket.de.body.error).toEqual({ code: 'not_found', message: 'Ticket 999999 wurde nicht gefunden.' });

    const nowhere = await both((h) => api.call('GET', '/api/v1/nowhere', undefined, h));
    expect(nowhere.en.body.error).toEqual({ code: 'not_found', message: 'No such resource: GET /api/v1/nowhere' });
    expect(nowhere.de.body.error.message).toBe('Keine solche Ressource: GET /api/v1/nowhere');

    const del = await both((h) => api.call('DELETE', '/api/v1/tickets/1', undefined, h));
    expect(del.en.status).toBe(405);
    expect(del.de.body.error.message).toMatch(/^In Parley wird nichts gelöscht/);
  });

  it('refusals before any route: 401 without credentials, a NUL character, a body too large', async () => {
    const { app } = setup();
    const anonymous = apiClient(app, '');
    const unauthorized = await both((h) => anonymous.call('GET', '/api/v1/tickets', undefined, h));
    expect(unauthorized.en.status).toBe(401);
    expect(unauthorized.en.body.error).toEqual({ code: 'unauthorized', message: 'Authentication required: Basic, Bearer token, or a session cookie.' });
    expect(unauthorized.de.body.error).toEqual({ code: 'unauthorized', message: 'Anmeldung erforderlich: Basic, Bearer-Token oder ein Sitzungs-Cookie.' });

    // Checked before the locale middleware runs: only the header decides.
    const api = apiClient(app);
    const nul = await api.post('/api/v1/groups', { name: 'a\u0000b' }, DE);
    expect(nul.status).toBe(400);
    expect(nul.body.error).toMatchObject({ code: 'invalid_input', message: 'Text darf das NUL-Zeichen (U+0000) nicht enthalten.' });
    const large = await api.post('/api/v1/groups', JSON.stringify({ name: 'x'.repeat(9 * 1024 * 1024) }), DE);
    expect(large.status).toBe(413);
    expect(large.body.error).toEqual({ code: 'payload_too_large', field: 'body', message: 'Der Anfragetext ist größer als 8 MiB.' });
  });

  it('malformed JSON and a language Parley does not speak (English then)', async () => {
    const { api } = setup();
    const malformed = await both((h) => api.post('/api/v1/groups', '{"name": ', h));
    expect(malformed.en.body.error).toMatchObject({ code: 'invalid_input', field: 'body', message: 'Malformed JSON in request body.' });
    expect(malformed.de.body.error.message).toBe('Fehlerhaftes JSON im Anfragetext.');
    const french = await api.call('GET', '/api/v1/tickets/999999', undefined, { 'accept-language': 'fr-FR' });
    expect(french.body.error.message).toBe('Ticket 999999 was not found.');
  });
});
