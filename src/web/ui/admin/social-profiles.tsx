import type { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { checkBudget, profileBilling, type ProfileBilling } from '../../../core/billing/status.ts';
import { nowIso } from '../../../core/time.ts';
import { setBudget } from '../../../db/repos/billing.ts';
import { adapterFor, apiUrlFor, usageCounter } from '../../../channels/clients.ts';
import type { ProfileInput } from '../../../core/social/profiles.ts';
import { saveProfile, verifyProfile, type ProfileContext } from '../../../core/social/service.ts';
import { profileStatus } from '../../../core/social/status.ts';
import { checkView, guideOf, nextView, parseView, previousView, stepNumber, stepOf, viewFields, viewTitleOf, type WizardView } from '../../../core/social/steps.ts';
import type { ChannelAdapter } from '../../../core/channel.ts';
import { findProfile, listProfiles } from '../../../db/repos/profiles.ts';
import { listQueues } from '../../../db/repos/queues.ts';
import type { ProfileRow } from '../../../db/schema.ts';
import { clockOf, type Deps } from '../../../deps.ts';
import { presentProfile } from '../../api/present.ts';
import type { AppEnv } from '../../context.ts';
import { Actions, Badge, CsrfField, FilterBox, FilterTable, Flash, formatTime, TextInput, Widget, type Errors } from '../components.tsx';
import { Page } from '../layout.tsx';
import { csrf, errorsFrom, flashFrom, form, idParam, pageActor, type Ctx } from '../helpers.ts';
import { formatUsd, t } from '../../../i18n/index.ts';
import { validityText } from './frame.tsx';
import { costSummary } from './profile-cost.tsx';
import { LIST_URL, newUrl, profileUrl, WizardPage } from './social-profile-wizard.tsx';

// Admin module "Social Media Profiles" (MISSION P1–P8): the list, adding a profile of any type
// whose adapter has a guided setup (Twitter, Mastodon, Bluesky), and the guided setup at
// /admin/social-media-profiles/<type>/<id>?step=… (the id is in the address for ACLs).

/** The adapters an administrator can set up here, in the registry's order. */
function setupAdapters(deps: Deps): ChannelAdapter[] {
  return [...deps.channels.values()].filter((a) => a.setup);
}

function adapterOfPath(c: Ctx): ChannelAdapter | null {
  const adapter = c.get('deps').channels.get(c.req.param('type') ?? '');
  return adapter?.setup ? adapter : null;
}

function ctxOf(deps: Deps, adapter: ChannelAdapter): ProfileContext {
  return { db: deps.db, secrets: deps.secrets, adapter };
}

async function view(deps: Deps, row: ProfileRow) {
  return presentProfile(adapterFor(deps, row.type), row, await profileStatus(deps.db, row.id));
}

async function listPage(c: Ctx) {
  const deps = c.get('deps');
  const profiles = await Promise.all((await listProfiles(deps.db)).map((p) => view(deps, p)));
  const billing = await profileBilling(deps.db, profiles.map((p) => p.id), clockOf(deps));
  const sidebar = (
    <>
      <Actions items={setupAdapters(deps).map((a) => ({ href: newUrl(a.type), label: guideOf(a).label }))} />
      <FilterBox tableId="social-media-profiles" />
      <Widget title={t('admin.frame.hint')}>
        <p class="hint">{t('admin.profiles.list.hintDeleted')}</p>
        <p class="hint">{t('admin.profiles.list.hintId')}</p>
      </Widget>
    </>
  );
  return c.html(
    <Page title={t('admin.profiles.list.title')} actor={pageActor(c)} csrf={csrf(c)} nav="admin" sidebar={sidebar}>
      <h1>{t('admin.profiles.list.heading')}</h1>
      <Flash kind="ok" message={flashFrom(c)} />
      <Flash kind="warn" message={c.req.query('warn')} />
      <Widget title={t('admin.frame.list')} flush>
        <FilterTable
          id="social-media-profiles"
          headers={[t('admin.frame.name'), t('admin.frame.type'), t('admin.frame.description'), t('admin.profiles.list.account'), t('admin.frame.validity'), t('admin.profiles.list.setup'), t('admin.profiles.list.cost'), t('admin.frame.changed')]}
          empty={t('admin.profiles.list.empty')}
          noMatch={t('admin.profiles.list.noMatch')}
          rows={profiles.map((p) => ({
            filter: [p.name, p.account ? `@${p.account.username} ${p.account.name}` : ''].join(' '),
            invalid: p.validity !== 'valid',
            cells: [
              <a href={profileUrl(p.type, p.id)}>{p.name}</a>,
              deps.channels.get(p.type)?.setup?.label ?? p.type,
              p.description ?? '',
              p.account ? `@${p.account.username}` : '',
              <Badge kind={p.validity}>{validityText(p.validity)}</Badge>,
              p.complete ? <Badge kind="valid">{t('admin.profiles.list.complete')}</Badge> : <Badge kind="pending">{t('admin.profiles.list.incompleteStep', { step: p.missingStep })}</Badge>,
              <CostCell b={billing.get(p.id)} />,
              formatTime(p.changedAt),
            ],
          }))}
        />
      </Widget>
    </Page>,
  );
}

const CostCell: FC<{ b: ProfileBilling | undefined }> = ({ b }) =>
  b ? (
    <>
      {costSummary(b)}
      {b.reading.paused ? (
        <>
          {' '}
          <Badge kind="pending">{t('admin.profiles.list.paused')}</Badge>
        </>
      ) : null}
    </>
  ) : null;

function newPage(c: Ctx, adapter: ChannelAdapter, values: Record<string, string>, errors: Errors = {}) {
  const guide = guideOf(adapter);
  const sidebar = <Actions items={[{ href: LIST_URL, label: t('admin.frame.goToOverview') }]} />;
  return c.html(
    <Page title={t('admin.profiles.add.title', { label: guide.label })} actor={pageActor(c)} csrf={csrf(c)} nav="admin" sidebar={sidebar}>
      <h1>{t('admin.profiles.add.title', { label: guide.label })}</h1>
      <Flash kind="error" message={errors['_form']} />
      <p>{t('admin.profiles.add.intro', { network: guide.network })}</p>
      <Widget title={t('admin.profiles.add.general')} class="wizard">
        <form method="post" action={newUrl(adapter.type)} novalidate>
          <CsrfField token={csrf(c)} />
          <TextInput name="name" label={t('admin.profiles.fields.name')} value={values['name']} required errors={errors} hint={t('admin.profiles.add.nameHint')} />
          <TextInput name="description" label={t('admin.profiles.fields.description')} value={values['description']} errors={errors} hint={t('admin.profiles.add.descriptionHint')} />
          <div class="buttons">
            <button type="submit">{t('admin.frame.save')}</button>
            <a class="button secondary" href={LIST_URL}>
              {t('admin.frame.cancel')}
            </a>
          </div>
        </form>
      </Widget>
    </Page>,
  );
}

/** The form fields a view edits, as the domain takes them (a missing checkbox means "off"). */
function inputOf(adapter: ChannelAdapter, v: WizardView, f: Record<string, string>): ProfileInput {
  const s = (k: string) => f[k] ?? '';
  if (stepOf(guideOf(adapter), v)?.kind === 'incoming') {
    return { targetQueueId: s('targetQueueId'), autoResponseEnabled: f['autoResponseEnabled'] === '1', autoResponseText: s('autoResponseText') };
  }
  return Object.fromEntries(viewFields(guideOf(adapter), v).map((k) => [k, s(k)]));
}

/** The stored values a view's form starts from (never a secret). */
function valuesOf(p: Awaited<ReturnType<typeof view>>): Record<string, string> {
  return {
    name: p.name,
    description: p.description ?? '',
    validity: p.validity,
    // Non-secret fields of the adapter (X's app name and consumer key, Mastodon's server, …); masked secrets are never put in a form.
    ...Object.fromEntries(Object.entries(p).filter(([k, v]) => typeof v === 'string' && v !== '********' && !['name', 'description', 'validity', 'type', 'createdAt', 'changedAt'].includes(k) && !k.endsWith('At') && k !== 'verifyError')),
    targetQueueId: p.targetQueueId === null ? '' : String(p.targetQueueId),
    autoResponseEnabled: p.autoResponseEnabled ? '1' : '',
    autoResponseText: p.autoResponseText ?? '',
  };
}

async function wizardPage(c: Ctx, row: ProfileRow, v: WizardView, values: Record<string, string> | null = null, errors: Errors = {}) {
  const deps = c.get('deps');
  const p = await view(deps, row);
  const adapter = adapterFor(deps, row.type);
  return c.html(
    <WizardPage
      actor={pageActor(c)}
      csrf={csrf(c)}
      guide={guideOf(adapter)}
      secrets={new Set(adapter.credentialFields.filter((f) => f.secret).map((f) => f.name))}
      profile={p}
      view={v}
      values={values ?? valuesOf(p)}
      errors={errors}
      queues={await listQueues(deps.db)}
      apiUrl={apiUrlFor(deps, row.type)}
      saved={flashFrom(c)}
      billing={(await profileBilling(deps.db, [row.id], clockOf(deps))).get(row.id)}
    />,
  );
}

async function loadRow(c: Ctx, adapter: ChannelAdapter): Promise<ProfileRow | null> {
  const id = idParam(c);
  const row = id ? await findProfile(c.get('deps').db, id) : undefined;
  return row && row.type === adapter.type ? row : null;
}

const toErrors = (list: { field: string | undefined; message: string }[]): Errors => Object.fromEntries(list.map((e) => [e.field ?? '_form', e.message]));

function finished(adapter: ChannelAdapter, row: ProfileRow, complete: boolean, missing: number | null): string {
  if (complete) return `${LIST_URL}?saved=${encodeURIComponent(t('admin.profiles.flash.profileSaved', { name: row.name }))}`;
  const warn = t('admin.profiles.flash.incomplete', { name: row.name, step: missing, title: viewTitleOf(guideOf(adapter), missing ?? 'general') });
  return `${LIST_URL}?warn=${encodeURIComponent(warn)}`;
}

export function adminSocialProfileRoutes(app: Hono<AppEnv>): void {
  app.get(LIST_URL, listPage);
  app.post('/admin/social-media-profiles/:type{[a-z]+}/:id{[0-9]+}/budget', async (c) => {
    const adapter = adapterOfPath(c);
    const row = adapter ? await loadRow(c, adapter) : null;
    if (!row) return c.notFound();
    const f = await form(c);
    const raw = (f['monthlyBudgetUsd'] ?? '').trim().replace(/^\$/, '');
    const checked = checkBudget(raw === '' ? null : /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN);
    if (!checked.ok) {
      c.status(400);
      return wizardPage(c, row, parseView(guideOf(adapter!), c.req.query('step')) ?? 'general', { ...valuesOf(await view(c.get('deps'), row)), monthlyBudgetUsd: f['monthlyBudgetUsd'] ?? '' }, { monthlyBudgetUsd: checked.message });
    }
    await setBudget(c.get('deps').db, row.id, checked.value, nowIso());
    const saved = checked.value === null ? t('admin.profiles.flash.budgetRemoved') : t('admin.profiles.flash.budgetSet', { amount: formatUsd(checked.value) });
    return c.redirect(`${profileUrl(row.type, row.id)}?saved=${encodeURIComponent(saved)}`, 303);
  });
  app.get('/admin/social-media-profiles/:type{[a-z]+}/new', (c) => {
    const adapter = adapterOfPath(c);
    return adapter ? newPage(c, adapter, {}) : c.notFound();
  });
  app.post('/admin/social-media-profiles/:type{[a-z]+}/new', async (c) => {
    const adapter = adapterOfPath(c);
    if (!adapter) return c.notFound();
    const f = await form(c);
    try {
      const row = await saveProfile(ctxOf(c.get('deps'), adapter), pageActor(c).id, null, { name: f['name'] ?? '', description: f['description'] ?? '' });
      const saved = t('admin.profiles.add.added', { name: row.name, network: guideOf(adapter).network });
      return c.redirect(`${profileUrl(adapter.type, row.id, 1)}&saved=${encodeURIComponent(saved)}`, 303);
    } catch (e) {
      c.status(400);
      return newPage(c, adapter, f, errorsFrom(e));
    }
  });

  app.get('/admin/social-media-profiles/:type{[a-z]+}/:id{[0-9]+}', async (c) => {
    const adapter = adapterOfPath(c);
    const row = adapter ? await loadRow(c, adapter) : null;
    if (!adapter || !row) return c.notFound();
    // Without a step: an unfinished profile reopens where it was left.
    const missing = (await view(c.get('deps'), row)).missingStep;
    const v = parseView(guideOf(adapter), c.req.query('step')) ?? ((missing as WizardView | null) ?? 'general');
    return wizardPage(c, row, v);
  });

  app.post('/admin/social-media-profiles/:type{[a-z]+}/:id{[0-9]+}', async (c) => {
    const adapter = adapterOfPath(c);
    const row = adapter ? await loadRow(c, adapter) : null;
    if (!adapter || !row) return c.notFound();
    const guide = guideOf(adapter);
    const deps = c.get('deps');
    const f = await form(c);
    const v = parseView(guide, f['step']) ?? 'general';
    const go = f['go'] ?? 'save';
    const verifyStep = stepNumber(guide, 'verify');

    if (go === 'verify') {
      try {
        await verifyProfile(ctxOf(deps, adapter), row.id, apiUrlFor(deps, row.type), usageCounter(deps, row));
      } catch (e) {
        c.status(400);
        // A credential still missing: said next to the button, which is where the admin looks.
        const [message = ''] = Object.values(errorsFrom(e));
        return wizardPage(c, row, verifyStep, f, { verify: message });
      }
      return c.redirect(profileUrl(adapter.type, row.id, verifyStep), 303);
    }

    const input = inputOf(adapter, v, f);
    if (go !== 'prev') {
      const missing = checkView(adapter, row, v, input, { next: go === 'next' });
      if (missing.length) {
        c.status(400);
        return wizardPage(c, row, v, f, toErrors(missing));
      }
    }
    let saved = row;
    if (Object.keys(input).length > 0) {
      try {
        saved = await saveProfile(ctxOf(deps, adapter), pageActor(c).id, row.id, input);
      } catch (e) {
        c.status(400);
        return wizardPage(c, row, v, f, errorsFrom(e));
      }
    }
    if (go === 'finish') {
      const p = await view(deps, saved);
      return c.redirect(finished(adapter, saved, p.complete, p.missingStep), 303);
    }
    const target = go === 'prev' ? (previousView(guide, v) ?? v) : go === 'next' ? (nextView(guide, v) ?? v) : v;
    const suffix = go === 'save' ? `&saved=${encodeURIComponent(t('admin.profiles.flash.saved'))}` : '';
    return c.redirect(`${profileUrl(adapter.type, row.id, target)}${suffix}`, 303);
  });
}
