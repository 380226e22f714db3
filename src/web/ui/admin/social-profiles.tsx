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
import { checkView, nextView, parseView, previousView, VIEW_TITLES, type WizardView } from '../../../core/social/steps.ts';
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
import { LIST_URL, NEW_URL, profileUrl, WizardPage } from './social-profile-wizard.tsx';

// Admin module "Social Media Profiles" (MISSION P1–P8): the list, adding a Twitter profile, and the
// guided setup at /admin/social-media-profiles/twitter/<id>?step=… (the id is in the address for ACLs).

const TYPE = 'twitter';
const TYPE_LABEL: Record<string, string> = { twitter: 'Twitter' };

function ctxOf(deps: Deps): ProfileContext {
  return { db: deps.db, secrets: deps.secrets, adapter: adapterFor(deps, TYPE) };
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
      <Actions items={[{ href: NEW_URL, label: 'Twitter' }]} />
      <FilterBox tableId="social-media-profiles" />
      <Widget title="Hint">
        <p class="hint">Profiles are never deleted: set a profile's validity to invalid or invalid-temporarily to switch it off.</p>
        <p class="hint">The number at the end of a profile's address is its ID, which ACLs name as TwitterProfileID.</p>
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
          empty='No profiles yet. Add one with "Twitter" in the Actions widget.'
          noMatch="No profile matches the filter."
          rows={profiles.map((p) => ({
            filter: [p.name, p.account ? `@${p.account.username} ${p.account.name}` : ''].join(' '),
            invalid: p.validity !== 'valid',
            cells: [
              <a href={profileUrl(p.id)}>{p.name}</a>,
              TYPE_LABEL[p.type] ?? p.type,
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

function newPage(c: Ctx, values: Record<string, string>, errors: Errors = {}) {
  const sidebar = <Actions items={[{ href: LIST_URL, label: 'Go to overview' }]} />;
  return c.html(
    <Page title="Add Twitter profile" actor={pageActor(c)} csrf={csrf(c)} nav="admin" sidebar={sidebar}>
      <h1>Add Twitter profile</h1>
      <Flash kind="error" message={errors['_form']} />
      <p>Name the profile and save; the guided steps that connect it to an X account follow, each saved before the next.</p>
      <Widget title="General" class="wizard">
        <form method="post" action={NEW_URL} novalidate>
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
function inputOf(v: WizardView, f: Record<string, string>): ProfileInput {
  const s = (k: string) => f[k] ?? '';
  switch (v) {
    case 'general':
      return { name: s('name'), description: s('description'), validity: s('validity') };
    case 2:
      return { appName: s('appName') };
    case 3:
      return { consumerKey: s('consumerKey'), consumerSecret: s('consumerSecret') };
    case 4:
      return { accessToken: s('accessToken'), accessTokenSecret: s('accessTokenSecret') };
    case 6:
      return { targetQueueId: s('targetQueueId'), autoResponseEnabled: f['autoResponseEnabled'] === '1', autoResponseText: s('autoResponseText') };
    default:
      return {};
  }
}

/** The stored values a view's form starts from (never a secret). */
function valuesOf(p: Awaited<ReturnType<typeof view>>): Record<string, string> {
  return {
    name: p.name,
    description: p.description ?? '',
    validity: p.validity,
    appName: p.appName ?? '',
    consumerKey: p.consumerKey ?? '',
    targetQueueId: p.targetQueueId === null ? '' : String(p.targetQueueId),
    autoResponseEnabled: p.autoResponseEnabled ? '1' : '',
    autoResponseText: p.autoResponseText ?? '',
  };
}

async function wizardPage(c: Ctx, row: ProfileRow, v: WizardView, values: Record<string, string> | null = null, errors: Errors = {}) {
  const deps = c.get('deps');
  const p = await view(deps, row);
  return c.html(
    <WizardPage
      actor={pageActor(c)}
      csrf={csrf(c)}
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

async function loadRow(c: Ctx): Promise<ProfileRow | null> {
  const id = idParam(c);
  const row = id ? await findProfile(c.get('deps').db, id) : undefined;
  return row && row.type === TYPE ? row : null;
}

const toErrors = (list: { field: string | undefined; message: string }[]): Errors => Object.fromEntries(list.map((e) => [e.field ?? '_form', e.message]));

function finished(row: ProfileRow, complete: boolean, missing: number | null): string {
  if (complete) return `${LIST_URL}?saved=${encodeURIComponent(`Profile "${row.name}" saved.`)}`;
  const step = missing as keyof typeof VIEW_TITLES;
  const warn = `Profile "${row.name}" saved, but it is incomplete: step ${missing} (${VIEW_TITLES[step]}) is missing. It is not polled until every step is done.`;
  return `${LIST_URL}?warn=${encodeURIComponent(warn)}`;
}

export function adminSocialProfileRoutes(app: Hono<AppEnv>): void {
  app.get(LIST_URL, listPage);
  app.post('/admin/social-media-profiles/twitter/:id{[0-9]+}/budget', async (c) => {
    const row = await loadRow(c);
    if (!row) return c.notFound();
    const f = await form(c);
    const raw = (f['monthlyBudgetUsd'] ?? '').trim().replace(/^\$/, '');
    const checked = checkBudget(raw === '' ? null : /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN);
    if (!checked.ok) {
      c.status(400);
      return wizardPage(c, row, parseView(c.req.query('step')) ?? 'general', { ...valuesOf(await view(c.get('deps'), row)), monthlyBudgetUsd: f['monthlyBudgetUsd'] ?? '' }, { monthlyBudgetUsd: checked.message });
    }
    await setBudget(c.get('deps').db, row.id, checked.value, nowIso());
    const saved = checked.value === null ? 'Budget removed.' : `Monthly budget set to ${formatUsd(checked.value)}.`;
    return c.redirect(`${profileUrl(row.id)}?saved=${encodeURIComponent(saved)}`, 303);
  });
  app.get(NEW_URL, (c) => newPage(c, {}));
  app.post(NEW_URL, async (c) => {
    const f = await form(c);
    try {
      const row = await saveProfile(ctxOf(c.get('deps')), pageActor(c).id, null, { name: f['name'] ?? '', description: f['description'] ?? '' });
      const saved = `Profile "${row.name}" added. Follow the steps to connect it to X; each step is saved before the next.`;
      return c.redirect(`${profileUrl(row.id, 1)}&saved=${encodeURIComponent(saved)}`, 303);
    } catch (e) {
      c.status(400);
      return newPage(c, f, errorsFrom(e));
    }
  });

  app.get('/admin/social-media-profiles/twitter/:id{[0-9]+}', async (c) => {
    const row = await loadRow(c);
    if (!row) return c.notFound();
    // Without a step: an unfinished profile reopens where it was left.
    const missing = (await view(c.get('deps'), row)).missingStep;
    const v = parseView(c.req.query('step')) ?? ((missing as WizardView | null) ?? 'general');
    return wizardPage(c, row, v);
  });

  app.post('/admin/social-media-profiles/twitter/:id{[0-9]+}', async (c) => {
    const row = await loadRow(c);
    if (!row) return c.notFound();
    const deps = c.get('deps');
    const f = await form(c);
    const v = parseView(f['step']) ?? 'general';
    const go = f['go'] ?? 'save';

    if (go === 'verify') {
      try {
        await verifyProfile(ctxOf(deps), row.id, apiUrlFor(deps, row.type), usageCounter(deps, row));
      } catch (e) {
        c.status(400);
        // A credential still missing: said next to the button, which is where the admin looks.
        const [message = ''] = Object.values(errorsFrom(e));
        return wizardPage(c, row, 5, f, { verify: message });
      }
      return c.redirect(profileUrl(row.id, 5), 303);
    }

    const input = inputOf(v, f);
    if (go !== 'prev') {
      const missing = checkView(row, v, input, { next: go === 'next' });
      if (missing.length) {
        c.status(400);
        return wizardPage(c, row, v, f, toErrors(missing));
      }
    }
    let saved = row;
    if (Object.keys(input).length > 0) {
      try {
        saved = await saveProfile(ctxOf(deps), pageActor(c).id, row.id, input);
      } catch (e) {
        c.status(400);
        return wizardPage(c, row, v, f, errorsFrom(e));
      }
    }
    if (go === 'finish') {
      const p = await view(deps, saved);
      return c.redirect(finished(saved, p.complete, p.missingStep), 303);
    }
    const target = go === 'prev' ? (previousView(v) ?? v) : go === 'next' ? (nextView(v) ?? v) : v;
    const suffix = go === 'save' ? `&saved=${encodeURIComponent('Saved.')}` : '';
    return c.redirect(`${profileUrl(row.id, target)}${suffix}`, 303);
  });
}
