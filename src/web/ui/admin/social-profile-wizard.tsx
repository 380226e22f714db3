import type { Child, FC } from 'hono/jsx';
import { FIELD_LABELS, previousView, VIEW_FIELDS, VIEW_TITLES, VIEWS, type WizardView } from '../../../core/social/steps.ts';
import type { Actor } from '../../../core/tickets/service.ts';
import type { QueueRow } from '../../../db/schema.ts';
import type { presentProfile } from '../../api/present.ts';
import { Actions, Badge, CsrfField, Field, Flash, Select, TextInput, VALIDITY_OPTIONS, Widget, formatTime, type Errors } from '../components.tsx';
import { Page } from '../layout.tsx';
import type { ProfileBilling } from '../../../core/billing/status.ts';
import { CostWidget, PausedNotice } from './profile-cost.tsx';
import { DeveloperAccountHelp, VerifyHelp } from './social-profile-help.tsx';

// The guided setup of an X profile (MISSION P3–P6): one view at a time, General and steps 1–6,
// each a form of its own that is saved before the wizard moves on.

export type ProfileView = ReturnType<typeof presentProfile>;

export const LIST_URL = '/admin/social-media-profiles';
export const NEW_URL = '/admin/social-media-profiles/twitter/new';
export const profileUrl = (id: number, view?: WizardView) => `/admin/social-media-profiles/twitter/${id}${view === undefined ? '' : `?step=${view}`}`;

export const viewTitle = (view: WizardView) => (view === 'general' ? 'General' : `Step ${view}: ${VIEW_TITLES[view]}`);

/** A write-only field: always empty; a stored value is kept when it is left empty. */
const SecretInput: FC<{ name: string; stored: boolean; typed: boolean; errors: Errors; hint?: Child }> = ({ name, stored, typed, errors, hint }) => (
  <Field
    name={name}
    label={FIELD_LABELS[name] ?? name}
    required
    errors={errors}
    hint={
      <>
        {typed ? <strong>Not saved: enter it again (secrets are never sent back to the browser). </strong> : null}
        {stored ? 'Stored — leave empty to keep it. ' : null}
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
      placeholder={stored ? '(stored)' : ''}
      aria-invalid={errors[name] ? 'true' : undefined}
      aria-describedby={errors[name] ? `e-${name}` : undefined}
    />
  </Field>
);

export const StepNav: FC<{ id: number; view: WizardView; missing: number | null }> = ({ id, view, missing }) => (
  <nav aria-label="Setup steps">
    <ol class="steps">
      {VIEWS.map((v) => {
        const done = v === 'general' || missing === null || v < missing;
        return (
          <li class={v === view ? 'current' : done ? 'done' : ''}>
            <a href={profileUrl(id, v)} aria-current={v === view ? 'step' : undefined}>
              {v === 'general' ? 'General' : `${v} ${VIEW_TITLES[v]}`}
            </a>
          </li>
        );
      })}
    </ol>
  </nav>
);

/** "Next step" comes first in the page so that Enter in a field moves on, not back; CSS puts "Previous step" first on screen. */
const Buttons: FC<{ view: WizardView }> = ({ view }) => (
  <div class="buttons wizard-buttons">
    {view === 6 ? (
      <button type="submit" name="go" value="save">
        Save
      </button>
    ) : (
      <button type="submit" name="go" value="next">
        Next step
      </button>
    )}
    {VIEW_FIELDS[view].length > 0 && view !== 6 ? (
      <button type="submit" name="go" value="save" class="secondary">
        Save
      </button>
    ) : null}
    <button type="submit" name="go" value="finish" class="secondary">
      Save and finish
    </button>
    {previousView(view) !== null ? (
      <button type="submit" name="go" value="prev" class="secondary prev" formnovalidate>
        Previous step
      </button>
    ) : null}
  </div>
);

const calls = (c: { reads: number; writes: number }) => `${c.reads} ${c.reads === 1 ? 'read' : 'reads'}, ${c.writes} ${c.writes === 1 ? 'write' : 'writes'}`;

const StatusWidget: FC<{ p: ProfileView }> = ({ p }) => (
  <Widget title="Profile status">
    <dl class="props">
      <dt>ID</dt>
      <dd>
        {p.id} <span class="hint">(TwitterProfileID in ACLs)</span>
      </dd>
      <dt>Account</dt>
      <dd>{p.account ? `@${p.account.username} (id ${p.account.id})` : 'not verified'}</dd>
      <dt>Setup</dt>
      <dd>
        {p.complete ? (
          <Badge kind="valid">complete</Badge>
        ) : (
          <>
            <Badge kind="pending">incomplete</Badge>{' '}
            <a href={profileUrl(p.id, p.missingStep as WizardView)}>continue at step {p.missingStep}</a>
          </>
        )}
      </dd>
      <dt>Polling</dt>
      <dd>{p.active ? 'active' : p.complete ? `not polled: ${p.validity}` : 'not polled until complete'}</dd>
      {p.catchingUp !== null ? (
        <>
          <dt>Backlog</dt>
          <dd id="catching-up">catching up: {p.catchingUp} read</dd>
        </>
      ) : null}
      <dt>Last poll</dt>
      <dd>{p.lastPollAt ? formatTime(p.lastPollAt) : 'never'}</dd>
      {p.lastError ? (
        <>
          <dt>Last error</dt>
          <dd class="error-text">{p.lastError}</dd>
        </>
      ) : null}
      <dt>X API calls today</dt>
      <dd>{calls(p.apiCalls.today)}</dd>
      <dt>X API calls in all</dt>
      <dd>{calls(p.apiCalls)}</dd>
    </dl>
  </Widget>
);

export interface WizardProps {
  actor: Actor;
  csrf: string | null;
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

export const WizardPage: FC<WizardProps> = ({ actor, csrf, profile: p, view, values, errors, queues, apiUrl, saved, billing }) => {
  const fields = new Set<string>([...VIEW_FIELDS[view], ...(view === 5 ? ['verify'] : []), 'monthlyBudgetUsd']);
  const general = Object.entries(errors).find(([k]) => !fields.has(k))?.[1];
  const stored = (f: 'consumerSecret' | 'accessToken' | 'accessTokenSecret') => p[f] !== null;
  const typed = (f: string) => Boolean(values[f]) && Object.keys(errors).length > 0;
  const sidebar = (
    <>
      <Actions items={[{ href: LIST_URL, label: 'Go to overview' }]} />
      <StatusWidget p={p} />
      {billing ? <CostWidget id={p.id} b={billing} csrf={csrf} errors={errors} value={values['monthlyBudgetUsd']} /> : null}
    </>
  );
  return (
    <Page title={`Twitter profile ${p.name}`} actor={actor} csrf={csrf} nav="admin" sidebar={sidebar}>
      <h1>Edit Twitter profile: {p.name}</h1>
      <Flash kind="ok" message={saved} />
      <Flash kind="error" message={general} />
      <PausedNotice b={billing} />
      <StepNav id={p.id} view={view} missing={p.missingStep} />
      <Widget title={viewTitle(view)} class="wizard">
        <form method="post" action={profileUrl(p.id)} novalidate>
          <CsrfField token={csrf} />
          <input type="hidden" name="step" value={String(view)} />
          {view === 'general' ? (
            <>
              <TextInput name="name" label="Name" value={values['name']} required errors={errors} hint="Unique; letters and digits only. Shown in the overview." />
              <TextInput name="description" label="Description" value={values['description']} errors={errors} hint="A full sentence is best: it is shown in the overview." />
              <Select
                name="validity"
                label="Validity"
                value={values['validity'] ?? 'valid'}
                options={VALIDITY_OPTIONS}
                required
                errors={errors}
                hint="Profiles are never deleted. Only valid ones are polled and offered to agents; invalid or invalid-temporarily switches a profile off."
              />
            </>
          ) : null}
          {view === 1 ? <DeveloperAccountHelp /> : null}
          {view === 2 ? (
            <TextInput name="appName" label="Twitter app name" value={values['appName']} required errors={errors} hint="The name of the app on the X developer portal (Projects & Apps) whose keys you enter next." />
          ) : null}
          {view === 3 ? (
            <>
              <TextInput name="consumerKey" label="Consumer key" value={values['consumerKey']} required errors={errors} autocomplete="off" hint="Keys and tokens → Consumer Keys: the API Key." />
              <SecretInput name="consumerSecret" stored={stored('consumerSecret')} typed={typed('consumerSecret')} errors={errors} hint="Keys and tokens → Consumer Keys: the API Key Secret." />
            </>
          ) : null}
          {view === 4 ? (
            <>
              <SecretInput name="accessToken" stored={stored('accessToken')} typed={typed('accessToken')} errors={errors} hint="Keys and tokens → Authentication Tokens → Access Token and Secret." />
              <SecretInput name="accessTokenSecret" stored={stored('accessTokenSecret')} typed={typed('accessTokenSecret')} errors={errors} hint="Created with Read, Write, and Direct Messages permissions." />
            </>
          ) : null}
          {view === 5 ? <VerifyStep p={p} apiUrl={apiUrl} errors={errors} /> : null}
          {view === 6 ? <IncomingStep values={values} errors={errors} queues={queues} /> : null}
          <Buttons view={view} />
        </form>
      </Widget>
    </Page>
  );
};

const VerifyStep: FC<{ p: ProfileView; apiUrl: string; errors: Errors }> = ({ p, apiUrl, errors }) => (
  <>
    <VerifyHelp apiUrl={apiUrl} />
    {p.account ? (
      <div class="flash ok verify-result" role="status">
        Verified: the credentials belong to <strong>@{p.account.username}</strong> ({p.account.name}), X user id <strong>{p.account.id}</strong>
        {p.verifiedAt ? `, checked ${formatTime(p.verifiedAt)}` : ''}.
      </div>
    ) : null}
    {p.verifyError ? (
      <div class="flash error verify-result" role="alert">
        {p.account ? 'The last check failed: ' : 'Not verified: '}
        {p.verifyError}
      </div>
    ) : null}
    <div class={errors['verify'] ? 'field error' : 'field'}>
      <button id="f-verify" type="submit" name="go" value="verify" class="verify" aria-describedby={errors['verify'] ? 'e-verify' : undefined}>
        Verify credentials
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
    .map((q) => ({ value: q.id, label: q.validity === 'valid' ? q.name : `${q.name} (${q.validity})` }));
  const enabled = values['autoResponseEnabled'] === '1';
  return (
    <>
      <Select
        name="targetQueueId"
        label="Target queue"
        value={values['targetQueueId']}
        options={options}
        empty="-"
        required
        errors={errors}
        hint="New tickets from mentions and direct messages go here; the queue's follow-up option decides what a message to a closed ticket does."
      />
      <div class="field">
        <label class="checkbox" for="f-autoResponseEnabled">
          <input id="f-autoResponseEnabled" type="checkbox" name="autoResponseEnabled" value="1" checked={enabled} data-toggle="auto-response" />
          Auto response
        </label>
        <p class="hint">When a direct message opens a new ticket, send this text back to its sender as a direct message.</p>
      </div>
      <div id="auto-response">
        <Field name="autoResponseText" label="Auto response text" errors={errors}>
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
