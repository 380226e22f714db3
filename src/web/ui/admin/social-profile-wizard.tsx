import type { Child, FC } from 'hono/jsx';
import type { SetupField, SetupGuide } from '../../../core/channel.ts';
import { fieldLabel, previousView, stepOf, viewFields, viewsOf, viewTitleOf, type WizardView } from '../../../core/social/steps.ts';
import type { Actor } from '../../../core/tickets/service.ts';
import type { QueueRow } from '../../../db/schema.ts';
import type { presentProfile } from '../../api/present.ts';
import { t } from '../../../i18n/index.ts';
import { Actions, Badge, CsrfField, Field, Flash, Select, TextInput, Widget, formatTime, type Errors } from '../components.tsx';
import { validityOptions, validityText } from './frame.tsx';
import { mark, rich } from './rich.tsx';
import { Page } from '../layout.tsx';
import type { ProfileBilling } from '../../../core/billing/status.ts';
import { CostWidget, PausedNotice } from './profile-cost.tsx';
import { DeveloperAccountHelp, VerifyHelp } from './social-profile-help.tsx';

// The guided setup of a profile (MISSION P3–P6): one view at a time, General and the adapter's
// steps, each a form of its own that is saved before the wizard moves on. The steps, their fields
// and words come from the adapter (SetupGuide); X's help texts are the ones without a `help`.

export type ProfileView = ReturnType<typeof presentProfile>;

export const LIST_URL = '/admin/social-media-profiles';
export const newUrl = (type: string) => `/admin/social-media-profiles/${type}/new`;
export const profileUrl = (type: string, id: number, view?: WizardView) => `/admin/social-media-profiles/${type}/${id}${view === undefined ? '' : `?step=${view}`}`;

export const viewTitle = (guide: SetupGuide, view: WizardView) => (view === 'general' ? t('admin.profiles.wizard.general') : t('admin.profiles.wizard.stepTitle', { n: view, title: viewTitleOf(guide, view) }));

/** A write-only field: always empty; a stored value is kept when it is left empty. */
const SecretInput: FC<{ name: string; label: string; stored: boolean; typed: boolean; errors: Errors; hint?: Child }> = ({ name, label, stored, typed, errors, hint }) => (
  <Field
    name={name}
    label={label}
    required
    errors={errors}
    hint={
      <>
        {typed ? <strong>{t('admin.profiles.wizard.notSaved')}</strong> : null}
        {stored ? t('admin.profiles.wizard.stored') : null}
        {hint}
      </>
    }
  >
    <input
      id={`f-${name}`}
      name={name}
      type="password"
      value=""
      autocomplete="new-password"
      spellcheck={false}
      placeholder={stored ? t('admin.profiles.wizard.storedPlaceholder') : ''}
      aria-invalid={errors[name] ? 'true' : undefined}
      aria-describedby={errors[name] ? `e-${name}` : undefined}
    />
  </Field>
);

export const StepNav: FC<{ guide: SetupGuide; type: string; id: number; view: WizardView; missing: number | null }> = ({ guide, type, id, view, missing }) => (
  <nav aria-label={t('admin.profiles.wizard.steps')}>
    <ol class="steps">
      {viewsOf(guide).map((v) => {
        const done = v === 'general' || missing === null || v < missing;
        return (
          <li class={v === view ? 'current' : done ? 'done' : ''}>
            <a href={profileUrl(type, id, v)} aria-current={v === view ? 'step' : undefined}>
              {v === 'general' ? t('admin.profiles.wizard.general') : `${v} ${viewTitleOf(guide, v)}`}
            </a>
          </li>
        );
      })}
    </ol>
  </nav>
);

/** "Next step" comes first in the page so that Enter in a field moves on, not back; CSS puts "Previous step" first on screen. */
const Buttons: FC<{ guide: SetupGuide; view: WizardView }> = ({ guide, view }) => {
  const last = stepOf(guide, view)?.kind === 'incoming';
  return (
    <div class="buttons wizard-buttons">
      {last ? (
        <button type="submit" name="go" value="save">
          {t('admin.profiles.wizard.save')}
        </button>
      ) : (
        <button type="submit" name="go" value="next">
          {t('admin.profiles.wizard.next')}
        </button>
      )}
      {viewFields(guide, view).length > 0 && !last ? (
        <button type="submit" name="go" value="save" class="secondary">
          {t('admin.profiles.wizard.save')}
        </button>
      ) : null}
      <button type="submit" name="go" value="finish" class="secondary">
        {t('admin.profiles.wizard.finish')}
      </button>
      {previousView(guide, view) !== null ? (
        <button type="submit" name="go" value="prev" class="secondary prev" formnovalidate>
          {t('admin.profiles.wizard.previous')}
        </button>
      ) : null}
    </div>
  );
};

const calls = (c: { reads: number; writes: number }) => t('admin.profiles.wizard.calls', { reads: c.reads, writes: c.writes });

const StatusWidget: FC<{ guide: SetupGuide; p: ProfileView }> = ({ guide, p }) => (
  <Widget title={t('admin.profiles.wizard.status')}>
    <dl class="props">
      <dt>{t('admin.profiles.wizard.id')}</dt>
      <dd>
        {p.id} <span class="hint">{t('admin.profiles.wizard.aclName', { field: guide.aclField })}</span>
      </dd>
      <dt>{t('admin.profiles.wizard.account')}</dt>
      <dd>{p.account ? t('admin.profiles.wizard.accountId', { username: p.account.username, id: p.account.id }) : t('admin.profiles.wizard.notVerified')}</dd>
      <dt>{t('admin.profiles.wizard.setup')}</dt>
      <dd>
        {p.complete ? (
          <Badge kind="valid">{t('admin.profiles.wizard.complete')}</Badge>
        ) : (
          <>
            <Badge kind="pending">{t('admin.profiles.wizard.incomplete')}</Badge>{' '}
            <a href={profileUrl(p.type, p.id, p.missingStep as WizardView)}>{t('admin.profiles.wizard.continueAt', { step: p.missingStep })}</a>
          </>
        )}
      </dd>
      <dt>{t('admin.profiles.wizard.polling')}</dt>
      <dd>{p.active ? t('admin.profiles.wizard.active') : p.complete ? t('admin.profiles.wizard.notPolled', { validity: validityText(p.validity) }) : t('admin.profiles.wizard.notPolledIncomplete')}</dd>
      {p.catchingUp !== null ? (
        <>
          <dt>{t('admin.profiles.wizard.backlog')}</dt>
          <dd id="catching-up">{t('admin.profiles.wizard.catchingUp', { count: p.catchingUp })}</dd>
        </>
      ) : null}
      <dt>{t('admin.profiles.wizard.lastPoll')}</dt>
      <dd>{p.lastPollAt ? formatTime(p.lastPollAt) : t('admin.profiles.wizard.never')}</dd>
      {p.lastError ? (
        <>
          <dt>{t('admin.profiles.wizard.lastError')}</dt>
          <dd class="error-text">{p.lastError}</dd>
        </>
      ) : null}
      <dt>{t('admin.profiles.wizard.callsToday', { network: guide.network })}</dt>
      <dd>{calls(p.apiCalls.today)}</dd>
      <dt>{t('admin.profiles.wizard.callsAll', { network: guide.network })}</dt>
      <dd>{calls(p.apiCalls)}</dd>
    </dl>
  </Widget>
);

export interface WizardProps {
  actor: Actor;
  csrf: string | null;
  guide: SetupGuide;
  /** Which credential fields are write-only. */
  secrets: ReadonlySet<string>;
  profile: ProfileView;
  view: WizardView;
  /** What the form shows: the stored values, or what was sent when it came back with errors. */
  values: Record<string, string>;
  errors: Errors;
  queues: readonly QueueRow[];
  apiUrl: string;
  saved: string | null;
  /** What the profile costs on X and its budget. */
  billing?: ProfileBilling | undefined;
}

const Help: FC<{ paragraphs: readonly string[] }> = ({ paragraphs }) => (
  <div class="help">
    {paragraphs.map((text) => (
      <p>{text}</p>
    ))}
  </div>
);

export const WizardPage: FC<WizardProps> = ({ actor, csrf, guide, secrets, profile: p, view, values, errors, queues, apiUrl, saved, billing }) => {
  const step = stepOf(guide, view);
  const fields = new Set<string>([...viewFields(guide, view), ...(step?.kind === 'verify' ? ['verify'] : []), 'monthlyBudgetUsd']);
  const general = Object.entries(errors).find(([k]) => !fields.has(k))?.[1];
  const stored = (f: string) => (p as Record<string, unknown>)[f] != null;
  const typed = (f: string) => Boolean(values[f]) && Object.keys(errors).length > 0;
  const input = (f: SetupField) =>
    secrets.has(f.name) ? (
      <SecretInput name={f.name} label={f.label} stored={stored(f.name)} typed={typed(f.name)} errors={errors} hint={f.hint} />
    ) : (
      <TextInput name={f.name} label={f.label} value={values[f.name]} required={f.required} errors={errors} autocomplete="off" hint={f.hint} />
    );
  const sidebar = (
    <>
      <Actions items={[{ href: LIST_URL, label: t('admin.frame.goToOverview') }]} />
      <StatusWidget guide={guide} p={p} />
      {billing ? <CostWidget type={p.type} id={p.id} b={billing} csrf={csrf} errors={errors} value={values['monthlyBudgetUsd']} /> : null}
    </>
  );
  return (
    <Page title={t('admin.profiles.wizard.pageTitle', { label: guide.label, name: p.name })} actor={actor} csrf={csrf} nav="admin" sidebar={sidebar}>
      <h1>{t('admin.profiles.wizard.heading', { label: guide.label, name: p.name })}</h1>
      <Flash kind="ok" message={saved} />
      <Flash kind="error" message={general} />
      <PausedNotice b={billing} />
      <StepNav guide={guide} type={p.type} id={p.id} view={view} missing={p.missingStep} />
      <Widget title={viewTitle(guide, view)} class="wizard">
        <form method="post" action={profileUrl(p.type, p.id)} novalidate>
          <CsrfField token={csrf} />
          <input type="hidden" name="step" value={String(view)} />
          {view === 'general' ? (
            <>
              <TextInput name="name" label={t('admin.profiles.fields.name')} value={values['name']} required errors={errors} hint={t('admin.profiles.add.nameHint')} />
              <TextInput name="description" label={t('admin.profiles.fields.description')} value={values['description']} errors={errors} hint={t('admin.profiles.add.descriptionHint')} />
              <Select
                name="validity"
                label={t('admin.profiles.fields.validity')}
                value={values['validity'] ?? 'valid'}
                options={validityOptions()}
                required
                errors={errors}
                hint={t('admin.profiles.wizard.validityHint')}
              />
            </>
          ) : null}
          {step?.kind === 'instructions' ? step.help ? <Help paragraphs={step.help} /> : <DeveloperAccountHelp /> : null}
          {step?.kind === 'fields' ? (
            <>
              {step.help ? <Help paragraphs={step.help} /> : null}
              {step.fields.map(input)}
            </>
          ) : null}
          {step?.kind === 'verify' ? <VerifyStep guide={guide} help={step.help} p={p} apiUrl={apiUrl} errors={errors} /> : null}
          {step?.kind === 'incoming' ? <IncomingStep values={values} errors={errors} queues={queues} /> : null}
          <Buttons guide={guide} view={view} />
        </form>
      </Widget>
    </Page>
  );
};

const VerifyStep: FC<{ guide: SetupGuide; help: readonly string[] | undefined; p: ProfileView; apiUrl: string; errors: Errors }> = ({ guide, help, p, apiUrl, errors }) => (
  <>
    {help ? <Help paragraphs={help} /> : <VerifyHelp apiUrl={apiUrl} />}
    {p.account ? (
      <div class="flash ok verify-result" role="status">
        {rich(
          t('admin.profiles.wizard.verified', {
            account: mark('account'),
            name: p.account.name,
            network: guide.network,
            id: mark('id'),
            checked: p.verifiedAt ? t('admin.profiles.wizard.checkedAt', { at: formatTime(p.verifiedAt) }) : '',
          }),
          { account: <strong>@{p.account.username}</strong>, id: <strong>{p.account.id}</strong> },
        )}
      </div>
    ) : null}
    {p.verifyError ? (
      <div class="flash error verify-result" role="alert">
        {p.account ? t('admin.profiles.wizard.lastCheckFailed') : t('admin.profiles.wizard.notVerifiedPrefix')}
        {p.verifyError}
      </div>
    ) : null}
    <div class={errors['verify'] ? 'field error' : 'field'}>
      <button id="f-verify" type="submit" name="go" value="verify" class="verify" aria-describedby={errors['verify'] ? 'e-verify' : undefined}>
        {t('admin.profiles.wizard.verify')}
      </button>
      {errors['verify'] ? (
        <p class="error-text" id="e-verify" role="alert">
          {errors['verify']}
        </p>
      ) : null}
    </div>
  </>
);

const IncomingStep: FC<{ values: Record<string, string>; errors: Errors; queues: readonly QueueRow[] }> = ({ values, errors, queues }) => {
  // Only valid queues are offered; a stored queue that was switched off since is shown, marked, so the admin sees why saving fails.
  const options = queues
    .filter((q) => q.validity === 'valid' || String(q.id) === values['targetQueueId'])
    .map((q) => ({ value: q.id, label: q.validity === 'valid' ? q.name : `${q.name} (${validityText(q.validity)})` }));
  const enabled = values['autoResponseEnabled'] === '1';
  return (
    <>
      <Select
        name="targetQueueId"
        label={fieldLabel(undefined, 'targetQueueId')}
        value={values['targetQueueId']}
        options={options}
        empty="-"
        required
        errors={errors}
        hint={t('admin.profiles.wizard.targetQueueHint')}
      />
      <div class="field">
        <label class="checkbox" for="f-autoResponseEnabled">
          <input id="f-autoResponseEnabled" type="checkbox" name="autoResponseEnabled" value="1" checked={enabled} data-toggle="auto-response" />
          {fieldLabel(undefined, 'autoResponseEnabled')}
        </label>
        <p class="hint">{t('admin.profiles.wizard.autoResponseHint')}</p>
      </div>
      <div id="auto-response">
        <Field name="autoResponseText" label={fieldLabel(undefined, 'autoResponseText')} errors={errors}>
          <textarea
            id="f-autoResponseText"
            name="autoResponseText"
            maxlength={10000}
            aria-invalid={errors['autoResponseText'] ? 'true' : undefined}
            aria-describedby={errors['autoResponseText'] ? 'e-autoResponseText' : undefined}
          >
            {values['autoResponseText'] ?? ''}
          </textarea>
        </Field>
      </div>
    </>
  );
};
