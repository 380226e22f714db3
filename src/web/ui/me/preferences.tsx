import type { FC } from 'hono/jsx';
import { loadMe, updateMe, type Me, type MePatch } from '../../../core/agents/me.ts';
import { LANGUAGES, SIGNATURE_MAX } from '../../../core/agents/preferences.ts';
import { hasMessage, languageName, t } from '../../../i18n/index.ts';
import { notificationLabel, NOTIFICATION_TYPES, type NotifyPrefs } from '../../../core/notifications/types.ts';
import { queuesWith } from '../../../core/tickets/visibility.ts';
import { invalid } from '../../../core/errors.ts';
import { clearBasicCache } from '../../auth/middleware.ts';
import { CsrfField, Field, Flash, Select, TextInput, Widget, type Errors } from '../components.tsx';
import { csrf, errorsFrom, flashFrom, form, pageActor, type Ctx } from '../helpers.ts';
import { Page } from '../layout.tsx';

// "My preferences": the page for PATCH /api/v1/me. The same service checks both.

const ZONES: string[] = Intl.supportedValuesOf('timeZone');
const serverZone = (): string => process.env.TZ || Intl.DateTimeFormat().resolvedOptions().timeZone;

/** "Englisch": the language in the reader's words, as OTRS names them; its own name for one the catalogs do not name. */
function languageLabel(language: string): string {
  const key = `me.language.names.${language}`;
  return hasMessage(key) ? t(key) : languageName(language);
}

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
        <th scope="col">{t('me.notify.when')}</th>
        <th scope="col">{t('me.notify.web')}</th>
        <th scope="col">{t('me.notify.email')}</th>
      </tr>
    </thead>
    <tbody>
      {NOTIFICATION_TYPES.map((type) => (
        <tr>
          <th scope="row">{notificationLabel(type)}</th>
          <td>
            <input type="checkbox" name={`notify-${type}-web`} value="1" checked={prefs[type].web} aria-label={t('me.notify.webLabel', { type: notificationLabel(type) })} />
          </td>
          <td>
            <input type="checkbox" name={`notify-${type}-email`} value="1" checked={prefs[type].email} aria-label={t('me.notify.emailLabel', { type: notificationLabel(type) })} />
          </td>
        </tr>
      ))}
    </tbody>
  </table>
);

const PreferencesPage: FC<View & { token: string | null; actor: ReturnType<typeof pageActor> }> = ({ me, queues, errors, saved, token, actor }) => {
  const mine = new Set(me.myQueueIds ?? []);
  return (
    <Page title={t('me.title')} actor={actor} csrf={token}>
      <h1>{t('me.title')}</h1>
      <Flash kind="ok" message={saved} />
      <Flash kind="error" message={errors['_form']} />
      <form method="post" action="/preferences" class="prefs" novalidate>
        <CsrfField token={token} />
        <Widget title={t('me.language.title')}>
          <Select name="language" label={t('me.language.label')} value={me.language ?? ''} options={LANGUAGES.map((l) => ({ value: l, label: languageLabel(l) }))} empty={t('me.language.browser')} errors={errors} />
          <Select name="timeZone" label={t('me.language.timeZone')} value={me.timeZone ?? ''} options={ZONES.map((z) => ({ value: z, label: z.replace(/_/g, ' '), data: true }))} empty={t('me.language.serverZone', { zone: serverZone() })} errors={errors} />
        </Widget>
        <Widget title={t('me.queues.title')}>
          <Field name="myQueueIds" label={t('me.queues.label')} errors={errors} hint={me.myQueueIds === null ? t('me.queues.notChosen') : undefined}>
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
        <Widget title={t('me.notify.title')} id="notifications">
          <NotifyTable prefs={me.notifications} />
          {errors['notifications'] ? <p class="error-text" role="alert">{errors['notifications']}</p> : null}
          <div class="field">
            <label>
              <input type="checkbox" name="browserNotifications" value="1" checked={me.browserNotifications} /> {t('me.notify.browser')}
            </label>
            <p class="hint">
              <button type="button" class="secondary" data-ask-notify>
                {t('me.notify.allow')}
              </button>{' '}
              <span data-notify-permission></span>
            </p>
          </div>
        </Widget>
        <Widget title={t('me.signature.title')}>
          <Field name="dmSignature" label={t('me.signature.label')} errors={errors} hint={t('me.signature.hint', { max: SIGNATURE_MAX })}>
            <textarea id="f-dmSignature" name="dmSignature" rows={3} maxlength={SIGNATURE_MAX}>
              {me.dmSignature ?? ''}
            </textarea>
          </Field>
        </Widget>
        <Widget title={t('me.password.title')}>
          <TextInput name="currentPassword" label={t('me.password.current')} type="password" autocomplete="current-password" errors={errors} />
          <TextInput name="password" label={t('me.password.new')} type="password" autocomplete="new-password" errors={errors} hint={t('me.password.hint')} />
          <TextInput name="passwordRepeat" label={t('me.password.repeat')} type="password" autocomplete="new-password" errors={errors} />
        </Widget>
        <p class="buttons">
          <button type="submit">{t('common.save')}</button>
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
  for (const type of NOTIFICATION_TYPES) notifications[type] = { web: f[`notify-${type}-web`] === '1', email: f[`notify-${type}-email`] === '1' };
  const patch: MePatch = {
    language: f['language'] ?? '',
    timeZone: f['timeZone'] ?? '',
    dmSignature: f['dmSignature'] ?? '',
    notifications,
    browserNotifications: f['browserNotifications'] === '1',
  };
  if (f['queuesShown']) patch.myQueueIds = queueIds;
  if (f['password'] || f['currentPassword']) {
    if (f['password'] !== f['passwordRepeat']) throw invalid('passwordRepeat', t('me.password.differ'));
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
    const message = result.passwordChanged ? t('me.savedPassword', { count: result.endedSessions }) : t('me.saved');
    return c.redirect(`/preferences?saved=${encodeURIComponent(message)}`, 303);
  } catch (e) {
    const errors = errorsFrom(e);
    c.status(400);
    return c.html(await view(c, errors));
  }
}
