import { expect, it } from 'vitest';
import { makeApp, ROOT_AUTH, sessionHeadersFor, testDeps } from '../helpers/app.ts';
import { describeEachDialect } from '../helpers/db.ts';

// The guided setup in German (issue 13): each step of each profile type, and each step's errors,
// in the wording of the German OTRS manual page (Social-Media-Profil); in English as before.

const BASE = '/admin/social-media-profiles';
const DE = { 'accept-language': 'de-DE,de;q=0.9' };
/** The page's text without tags, entities decoded as far as the assertions need. */
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');

describeEachDialect('the guided setup in German', ({ db, dialect }) => {
  const setup = async () => {
    // Nothing listens on port 9: verifying reaches no X.
    const app = makeApp(testDeps(db(), dialect, { xApiUrl: 'http://127.0.0.1:9' }));
    const session = await sessionHeadersFor(app, ROOT_AUTH);
    const get = async (path: string, lang: Record<string, string> = DE) => {
      const res = await app.request(path, { headers: { ...session, ...lang } });
      return { status: res.status, text: text(await res.text()) };
    };
    const post = async (path: string, fields: Record<string, string>, lang: Record<string, string> = DE) => {
      const res = await app.request(path, { method: 'POST', headers: { ...session, ...lang, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
      return { status: res.status, text: text(await res.text()), location: res.headers.get('location') };
    };
    const add = async (type: string, name: string) => {
      const res = await post(`${BASE}/${type}/new`, { name, description: 'Antwortet.' });
      expect(res.status).toBe(303);
      expect(decodeURIComponent(res.location ?? '')).toContain(`Profil "${name}" hinzugefügt.`);
      return Number(new RegExp(`${type}/(\\d+)\\?step=1`).exec(res.location ?? '')?.[1]);
    };
    return { get, post, add };
  };

  it('speaks the manual\'s words on every X step and its errors', async () => {
    const { get, post, add } = await setup();
    const added = await get(`${BASE}/twitter/new`);
    expect(added.text).toContain('Twitter-Profil hinzufügen');
    expect(added.text).toContain('Der Name dieser Ressource. Muss eindeutig sein und darf nur alphabetische und numerische Zeichen enthalten.');
    const refused = await post(`${BASE}/twitter/new`, { name: 'mit Leerzeichen' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Der Name darf nur Buchstaben und Ziffern enthalten.');

    const id = await add('twitter', 'AcmeDe');
    const url = `${BASE}/twitter/${id}`;
    const general = await get(`${url}?step=general`);
    for (const w of ['Allgemein', 'Gültigkeit', 'gültig', 'ungültig-temporär', 'Nächster Schritt', 'Speichern und abschließen']) expect(general.text).toContain(w);

    const step1 = await get(`${url}?step=1`);
    for (const w of ['Schritt 1: Twitter-Entwickler-Konto einrichten', 'Vorheriger Schritt', 'Nächster Schritt', 'Speichern und abschließen', 'Zugriffs-Token Geheimnis']) expect(step1.text).toContain(w);

    const step2 = await get(`${url}?step=2`);
    for (const w of ['Schritt 2: Twitter-App-Name', 'Name der Twitter-App']) expect(step2.text).toContain(w);
    const step2Error = await post(url, { step: '2', go: 'next', appName: '' });
    expect(step2Error.status).toBe(400);
    expect(step2Error.text).toContain('Name der Twitter-App ist erforderlich.');

    const step3 = await get(`${url}?step=3`);
    for (const w of ['Schritt 3: Zugriffsberechtigungen', 'Verbraucher-Schlüssel', 'Verbraucher-Geheimnis']) expect(step3.text).toContain(w);
    const step3Error = await post(url, { step: '3', go: 'next', consumerKey: '', consumerSecret: '' });
    expect(step3Error.status).toBe(400);
    expect(step3Error.text).toContain('Verbraucher-Schlüssel ist erforderlich.');
    expect(step3Error.text).toContain('Verbraucher-Geheimnis ist erforderlich.');
    const badKey = await post(url, { step: '3', go: 'save', consumerKey: 'mit Leerzeichen', consumerSecret: 'geheim' });
    expect(badKey.text).toContain('Verbraucher-Schlüssel sieht nicht wie ein Schlüssel aus');

    const step4 = await get(`${url}?step=4`);
    for (const w of ['Schritt 4: Zugriffs-Token', 'Zugriffs-Token Geheimnis']) expect(step4.text).toContain(w);

    const step5 = await get(`${url}?step=5`);
    for (const w of ['Schritt 5: Überprüfung der Anmeldedaten', 'Anmeldedaten verifizieren']) expect(step5.text).toContain(w);
    const notVerified = await post(url, { step: '5', go: 'next' });
    expect(notVerified.text).toContain('Die Anmeldedaten sind noch nicht verifiziert: klicken Sie zuerst auf „Anmeldedaten verifizieren“.');
    const verifyMissing = await post(url, { step: '5', go: 'verify' });
    expect(verifyMissing.text).toMatch(/(Verbraucher-Schlüssel|Verbraucher-Geheimnis|Zugriffs-Token|Zugriffs-Token Geheimnis) ist erforderlich, bevor die Anmeldedaten verifiziert werden können\./);

    for (const [step, fields] of [['2', { appName: 'Acme' }], ['3', { consumerKey: 'ck', consumerSecret: 'cs' }], ['4', { accessToken: 'at', accessTokenSecret: 'ats' }]] as const) {
      expect((await post(url, { step, go: 'save', ...fields })).status).toBe(303);
    }
    const unreachable = await post(url, { step: '5', go: 'verify' });
    expect(unreachable.status).toBe(303);
    const refusedVerify = await get(`${url}?step=5`);
    expect(refusedVerify.text).toMatch(/Nicht verifiziert: X war unter http:\/\/127\.0\.0\.1:9 nicht erreichbar \([^)]*\)\. Versuchen Sie es gleich noch einmal\./);

    const step6 = await get(`${url}?step=6`);
    for (const w of ['Schritt 6: Eingehende Einstellungen', 'Ziel-Queue', 'Automatische Antwort', 'Wählen Sie die für eingehende Entitäten verwendete Queue aus', 'Speichern und abschließen']) expect(step6.text).toContain(w);
    const step6Error = await post(url, { step: '6', go: 'save', targetQueueId: '' });
    expect(step6Error.text).toContain('Ziel-Queue ist erforderlich.');

    const finished = await post(url, { step: '1', go: 'finish' });
    expect(decodeURIComponent(finished.location ?? '')).toMatch(/Profil "AcmeDe" gespeichert, aber es ist unvollständig: Schritt 5 \(Überprüfung der Anmeldedaten\) fehlt\./);

    // English stays as it was for a browser that asks for nothing.
    const english = await get(`${url}?step=3`, {});
    for (const w of ['Step 3: Access permissions', 'Consumer key', 'Next step', 'Previous step']) expect(english.text).toContain(w);
  });

  it('sets up Mastodon and Bluesky in German', async () => {
    const { get, post, add } = await setup();
    const m = `${BASE}/mastodon/${await add('mastodon', 'MastoDe')}`;
    expect((await get(`${m}?step=1`)).text).toContain('Schritt 1: Anwendung auf Ihrem Mastodon-Server erstellen');
    expect((await get(`${m}?step=2`)).text).toContain('Instanz-URL');
    const badServer = await post(m, { step: '2', go: 'save', instanceUrl: 'ftp://mastodon.example' });
    expect(badServer.text).toContain('Instanz-URL muss mit https:// beginnen.');
    expect((await get(`${m}?step=3`)).text).toContain('Schritt 3: Zugriffs-Token');
    expect((await post(m, { step: '3', go: 'next', accessToken: '' })).text).toContain('Zugriffs-Token ist erforderlich.');
    expect((await get(`${m}?step=4`)).text).toContain('„Anmeldedaten verifizieren“ fragt den Server');

    const b = `${BASE}/bluesky/${await add('bluesky', 'BlueDe')}`;
    expect((await get(`${b}?step=1`)).text).toContain('Schritt 1: App-Passwort erstellen');
    expect((await get(`${b}?step=2`)).text).toContain('Dienst-URL');
    expect((await post(b, { step: '2', go: 'save', serviceUrl: 'https://bsky.social', handle: 'keinhandle' })).text).toContain('Das Handle muss ein Domainname wie acme.bsky.social sein.');
    expect((await post(b, { step: '3', go: 'next', appPassword: '' })).text).toContain('App-Passwort ist erforderlich.');
  });
});
