import type { FC } from 'hono/jsx';
import { loadMe, updateMe, type Me, type MePatch } from '../../../core/agents/me.ts';
import { LANGUAGES, SIGNATURE_MAX } from '../../../core/agents/preferences.ts';
import { languageName } from '../../../i18n/index.ts';
import { NOTIFICATION_LABELS, NOTIFICATION_TYPES, type NotifyPrefs } from '../../../core/notifications/types.ts';
import { queuesWith } from '../../../core/tickets/visibility.ts';
import { invalid } from '../../../core/errors.ts';
import { clearBasicCache } from '../../auth/middleware.ts';
import { CsrfField, Field, Flash, Select, TextInput, Widget, type Errors } from '../components.tsx';
import { csrf, errorsFrom, flashFrom, form, pageActor, type Ctx } from '../helpers.ts';
import { Page } from '../layout.tsx';

// "My preferences": the page for PATCH /api/v1/me. The same service checks both.

const ZONES: string[] = Intl.supportedValuesOf('timeZone');

interface View {
  me: Me;
  queues: { id: number; name: string; rw: boolean }[];
  errors: Errors;
  saved: string | null;
}

const NotifyTable: FC<{ prefs: NotifyPrefs }> = ({ prefs }) => (
  <table class="list notify-table">
    <thead>
      <tr>
        <th scope="col">Tell me when…</th>
        <th scope="col">In Parley</th>
        <th scope="col">By e-mail</th>
      </tr>
    </thead>
    <tbody>
      {NOTIFICATION_TYPES.map((t) => (
        <tr>
          <th scope="row">{NOTIFICATION_LABELS[t]}</th>
          <td>
            <input type="checkbox" name={`notify-${t}-web`} value="1" checked={prefs[t].web} aria-label={`${NOTIFICATION_LABELS[t]}: in Parley`} />
          </td>
          <td>
            <input type="checkbox" name={`notify-${t}-email`} value="1" checked={prefs[t].email} aria-label={`${NOTIFICATION_LABELS[t]}: by e-mail`} />
          </td>
        </tr>
      ))}
    </tbody>
  </table>
);

const PreferencesPage: FC<View & { token: string | null; actor: ReturnType<typeof pageActor> }> = ({ me, queues, errors, saved, token, actor }) => {
  const mine = new Set(me.myQueueIds ?? []);
  return (
    <Page title="My preferences" actor={actor} csrf={token}>
      <h1>My preferences</h1>
      <Flash kind="ok" message={saved} />
      <Flash kind="error" message={errors['_form']} />
      <form method="post" action="/preferences" class="prefs" novalidate>
        <CsrfField token={token} />
        <Widget title="Language and time">
          <Select name="language" label="Language" value={me.language ?? ''} options={LANGUAGES.map((l) => ({ value: l, label: languageName(l) }))} empty="As the browser asks" errors={errors} />
          <Select name="timeZone" label="Time zone" value={me.timeZone ?? ''} options={ZONES.map((z) => ({ value: z, label: z.replace(/_/g, ' ') }))} empty="The browser's own" errors={errors} />
        </Widget>
        <Widget title="My queues">
          <Field name="myQueueIds" label="New tickets and moves in these queues are announced to me" errors={errors} hint={me.myQueueIds === null ? 'Not chosen yet: every queue you may work in counts (ticked).' : undefined}>
            <div id="f-myQueueIds" class="checks">
              {queues.map((q) => (
                <label>
                  <input type="checkbox" name={`queue-${q.id}`} value="1" checked={me.myQueueIds === null ? q.rw : mine.has(q.id)} /> {q.name}
                </label>
              ))}
            </div>
          </Field>
          <input type="hidden" name="queuesShown" value="1" />
        </Widget>
        <Widget title="Notifications" id="notifications">
          <NotifyTable prefs={me.notifications} />
          {errors['notifications'] ? <p class="error-text" role="alert">{errors['notifications']}</p> : null}
          <div class="field">
            <label>
              <input type="checkbox" name="browserNotifications" value="1" checked={me.browserNotifications} /> Also show them as browser notifications while Parley is in a background tab
            </label>
            <p class="hint">
              <button type="button" class="secondary" data-ask-notify>
                Allow notifications in this browser
              </button>{' '}
              <span data-notify-permission></span>
            </p>
          </div>
        </Widget>
        <Widget title="Signature for direct messages">
          <Field name="dmSignature" label="Added under every direct message I send" errors={errors} hint={`At most ${SIGNATURE_MAX} characters; it counts towards X's length limit.`}>
            <textarea id="f-dmSignature" name="dmSignature" rows={3} maxlength={SIGNATURE_MAX}>
              {me.dmSignature ?? ''}
            </textarea>
          </Field>
        </Widget>
        <Widget title="Password">
          <TextInput name="currentPassword" label="Current password" type="password" autocomplete="current-password" errors={errors} />
          <TextInput name="password" label="New password" type="password" autocomplete="new-password" errors={errors} hint="At least 8 characters. Saving a new password logs you out everywhere else." />
          <TextInput name="passwordRepeat" label="New password again" type="password" autocomplete="new-password" errors={errors} />
        </Widget>
        <p class="buttons">
          <button type="submit">Save</button>
        </p>
      </form>
    </Page>
  );
};

async function view(c: Ctx, errors: Errors = {}, me?: Me) {
  const actor = pageActor(c);
  const db = c.get('deps').db;
  const rw = new Set((await queuesWith(db, actor.access, 'rw')).map((q) => q.id));
  const queues = (await queuesWith(db, actor.access, 'ro')).map((q) => ({ id: q.id, name: q.name, rw: rw.has(q.id) }));
  return <PreferencesPage me={me ?? (await loadMe(db, actor.id))} queues={queues} errors={errors} saved={flashFrom(c)} token={csrf(c)} actor={actor} />;
}

export async function preferencesPage(c: Ctx) {
  return c.html(await view(c));
}

/** The form → the same patch PATCH /api/v1/me takes. */
function patchFrom(f: Record<string, string>, queueIds: number[]): MePatch {
  const notifications: Record<string, { web: boolean; email: boolean }> = {};
  for (const t of NOTIFICATION_TYPES) notifications[t] = { web: f[`notify-${t}-web`] === '1', email: f[`notify-${t}-email`] === '1' };
  const patch: MePatch = {
    language: f['language'] ?? '',
    timeZone: f['timeZone'] ?? '',
    dmSignature: f['dmSignature'] ?? '',
    notifications,
    browserNotifications: f['browserNotifications'] === '1',
  };
  if (f['queuesShown']) patch.myQueueIds = queueIds;
  if (f['password'] || f['currentPassword']) {
    if (f['password'] !== f['passwordRepeat']) throw invalid('passwordRepeat', 'The two new passwords differ.');
    patch.password = f['password'];
    patch.currentPassword = f['currentPassword'];
  }
  return patch;
}

export async function preferencesSubmit(c: Ctx) {
  const actor = pageActor(c);
  const f = await form(c);
  const queueIds = Object.keys(f)
    .filter((k) => /^queue-\d+$/.test(k) && f[k] === '1')
    .map((k) => Number(k.slice('queue-'.length)));
  try {
    const result = await updateMe(c.get('deps').db, actor, patchFrom(f, queueIds), c.get('session')?.id ?? null);
    if (result.passwordChanged) clearBasicCache();
    const message = result.passwordChanged ? `Saved. Your new password is set; ${result.endedSessions === 1 ? '1 other session was' : `${result.endedSessions} other sessions were`} logged out.` : 'Saved.';
    return c.redirect(`/preferences?saved=${encodeURIComponent(message)}`, 303);
  } catch (e) {
    const errors = errorsFrom(e);
    c.status(400);
    return c.html(await view(c, errors));
  }
}
