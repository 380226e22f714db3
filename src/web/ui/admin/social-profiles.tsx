import type { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { formatUsd } from '../../../core/billing/outbound.ts';
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
      <Widget title="Hint">
        <p class="hint">Profiles are never deleted: set a profile's validity to invalid or invalid-temporarily to switch it off.</p>
        <p class="hint">The number at the end of a profile's address is its ID, which ACLs name as TwitterProfileID, MastodonProfileID or BlueskyProfileID by its type, or SocialMediaProfileID for any type.</p>
      </Widget>
    </>
  );
  return c.html(
    <Page title="Social Media Profiles" actor={pageActor(c)} csrf={csrf(c)} nav="admin" sidebar={sidebar}>
      <h1>Social Media Profile Management</h1>
      <Flash kind="ok" message={flashFrom(c)} />
      <Flash kind="warn" message={c.req.query('warn')} />
      <Widget title="List" flush>
        <FilterTable
          id="social-media-profiles"
          headers={['Name', 'Type', 'Description', 'Account', 'Validity', 'Setup', 'Cost on X', 'Changed']}
          empty='No profiles yet. Add one with "Twitter", "Mastodon" or "Bluesky" in the Actions widget.'
          noMatch="No profile matches the filter."
          rows={profiles.map((p) => ({
            filter: [p.name, p.account ? `@${p.account.username} ${p.account.name}` : ''].join(' '),
            invalid: p.validity !== 'valid',
            cells: [
              <a href={profileUrl(p.type, p.id)}>{p.name}</a>,
              deps.channels.get(p.type)?.setup?.label ?? p.type,
              p.description ?? '',
              p.account ? `@${p.account.username}` : '',
              <Badge kind={p.validity}>{p.validity}</Badge>,
              p.complete ? <Badge kind="valid">complete</Badge> : <Badge kind="pending">{`incomplete: step ${p.missingStep} missing`}</Badge>,
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
          <Badge kind="pending">reading paused: budget reached</Badge>
        </>
      ) : null}
    </>
  ) : null;

function newPage(c: Ctx, adapter: ChannelAdapter, values: Record<string, string>, errors: Errors = {}) {
  const guide = guideOf(adapter);
  const sidebar = <Actions items={[{ href: LIST_URL, label: 'Go to overview' }]} />;
  return c.html(
    <Page title={`Add ${guide.label} profile`} actor={pageActor(c)} csrf={csrf(c)} nav="admin" sidebar={sidebar}>
      <h1>Add {guide.label} profile</h1>
      <Flash kind="error" message={errors['_form']} />
      <p>Name the profile and save; the guided steps that connect it to {/^[AEIOUX]/.test(guide.network) ? 'an' : 'a'} {guide.network} account follow, each saved before the next.</p>
      <Widget title="General" class="wizard">
        <form method="post" action={newUrl(adapter.type)} novalidate>
          <CsrfField token={csrf(c)} />
          <TextInput name="name" label="Name" value={values['name']} required errors={errors} hint="Unique; letters and digits only. Shown in the overview." />
          <TextInput name="description" label="Description" value={values['description']} errors={errors} hint="A full sentence is best: it is shown in the overview." />
          <div class="buttons">
            <button type="submit">Save</button>
            <a class="button secondary" href={LIST_URL}>
              Cancel
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
  if (complete) return `${LIST_URL}?saved=${encodeURIComponent(`Profile "${row.name}" saved.`)}`;
  const warn = `Profile "${row.name}" saved, but it is incomplete: step ${missing} (${viewTitleOf(guideOf(adapter), missing ?? 'general')}) is missing. It is not polled until every step is done.`;
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
    const saved = checked.value === null ? 'Budget removed.' : `Monthly budget set to ${formatUsd(checked.value)}.`;
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
      const saved = `Profile "${row.name}" added. Follow the steps to connect it to ${guideOf(adapter).network}; each step is saved before the next.`;
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
    const suffix = go === 'save' ? `&saved=${encodeURIComponent('Saved.')}` : '';
    return c.redirect(`${profileUrl(adapter.type, row.id, target)}${suffix}`, 303);
  });
}
