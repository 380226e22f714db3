import type { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { AclRecordError, copyAcl, exportAcls, getAcl, saveAcl, type AclView } from '../../../core/acl-admin/index.ts';
import { CHANGE_KINDS, CHANGE_TYPES, MATCH_SETS, PROPERTY_GROUPS } from '../../../core/acl/index.ts';
import { ALL_ACTIONS } from '../../../core/options/actions.ts';
import type { AppEnv } from '../../context.ts';
import { Actions, CsrfField, Field, Flash, Select, TextInput, VALIDITY_OPTIONS, Widget, type Errors } from '../components.tsx';
import { Page } from '../layout.tsx';
import { csrf, errorsFrom, flashFrom, form, idParam, pageActor, type Ctx } from '../helpers.ts';
import { buildRecordInput, editRows, errorsFromIssues, formStateFromBody, formStateFromRecord, type AclFormState } from './acl-form.ts';

// Create and edit one ACL (AdminACLEdit): the general fields and a structured editor of match and
// change, as plain forms. "Add …" and "Remove" post the form back and return it with the row added
// or removed, nothing saved; "Save" keeps the page, "Save and finish" returns to the list.

export const ACL_URL = '/admin/acl';
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export function exportFileName(name?: string): string {
  return name ? `Export_ACL_${name.replace(/[^A-Za-z0-9_-]+/g, '_')}.yml` : 'Export_ACL.yml';
}

export function yamlDownload(c: Ctx, yaml: string, fileName: string): Response {
  return c.body(yaml, 200, { 'content-type': 'application/yaml; charset=utf-8', 'content-disposition': `attachment; filename="${fileName}"` });
}

// Attributes Parley fills (src/core/options/acl.ts) and the ticket fields its screens filter.
const MATCH_KEYS = [
  'Group_rw', 'Group_ro', 'Group_move_into', 'Group_create', 'Group_note', 'Group_owner', 'Group_priority', 'Role',
  'UserLogin', 'UserID', 'UserEmail', 'UserFirstname', 'UserLastname', 'UserFullname', 'Action',
  'Queue', 'QueueID', 'State', 'StateType', 'Priority', 'PriorityID', 'Lock', 'Owner', 'OwnerID', 'Title', 'TicketNumber',
  'CustomerUserID', 'TwitterProfileID', 'MastodonProfileID', 'BlueskyProfileID', 'SocialMediaProfileID', 'Name', 'TypeName', 'GroupID', 'ValidID',
];
const TICKET_FIELDS = ['TwitterProfileID', 'MastodonProfileID', 'BlueskyProfileID', 'SocialMediaProfileID', 'Queue', 'State', 'Priority', 'Owner'];

const options = (list: readonly string[]) => list.map((v) => ({ value: v, label: v }));

const RowError: FC<{ id: string; errors: Errors; cols: number }> = ({ id, errors, cols }) =>
  errors[id] ? (
    <tr class="row-error">
      <td colspan={cols}>
        <p class="error-text" id={`e-${id}`} role="alert">
          {errors[id]}
        </p>
      </td>
    </tr>
  ) : null;

const Choice: FC<{ name: string; label: string; value: string; list: readonly string[] }> = ({ name, label, value, list }) => (
  <select name={name} aria-label={label}>
    {(list.includes(value) ? list : [value, ...list]).map((v) => (
      <option value={v} selected={v === value}>
        {v}
      </option>
    ))}
  </select>
);

/** One table of the structured editor: two choices, a text field and the values, per row. */
interface RuleTable {
  id: string;
  /** Form names are `<prefix>.<row>.<field>`; errors are keyed `<prefix>.<row>`. */
  prefix: 'm' | 'c';
  noun: string;
  headers: [string, string, string, string];
  choices: [{ field: string; label: string; list: readonly string[] }, { field: string; label: string; list: readonly string[] }];
  text: { field: string; label: string; datalist: string; placeholder: string };
  valuesPlaceholder: string;
  empty: string;
}

const RuleRows: FC<{ spec: RuleTable; rows: readonly Record<string, string>[]; errors: Errors }> = ({ spec, rows, errors }) => (
  <table class="list acl-rows" id={spec.id}>
    <thead>
      <tr>
        {spec.headers.map((h) => (
          <th>{h}</th>
        ))}
        <th>
          <span class="sr-only">Remove</span>
        </th>
      </tr>
    </thead>
    <tbody>
      {rows.map((r, i) => {
        const at = `${spec.prefix}.${i}`;
        const label = `${spec.noun} ${i + 1}`;
        const values = r['values'] ?? '';
        return (
          <>
            <tr class={errors[at] ? 'error' : ''}>
              {spec.choices.map((ch, ci) => (
                <td data-label={spec.headers[ci]}>
                  <Choice name={`${at}.${ch.field}`} label={`${label}: ${ch.label}`} value={r[ch.field] ?? ''} list={ch.list} />
                </td>
              ))}
              <td data-label={spec.headers[spec.choices.length]}>
                <input type="text" name={`${at}.${spec.text.field}`} value={r[spec.text.field] ?? ''} list={spec.text.datalist} aria-label={`${label}: ${spec.text.label}`} placeholder={spec.text.placeholder} />
              </td>
              <td data-label={spec.headers[spec.choices.length + 1]}>
                <textarea name={`${at}.values`} rows={Math.max(2, values.split('\n').length)} aria-label={`${label}: values`} placeholder={spec.valuesPlaceholder}>
                  {values}
                </textarea>
              </td>
              <td>
                <button type="submit" name="op" value={`remove-${at}`} class="secondary small" aria-label={`Remove ${label.toLowerCase()}`}>
                  Remove
                </button>
              </td>
            </tr>
            <RowError id={at} errors={errors} cols={5} />
          </>
        );
      })}
      {rows.length === 0 ? (
        <tr>
          <td colspan={5} class="empty">
            {spec.empty}
          </td>
        </tr>
      ) : null}
    </tbody>
  </table>
);

const MATCH_TABLE: RuleTable = {
  id: 'acl-match',
  prefix: 'm',
  noun: 'Condition',
  headers: ['Condition set', 'Group', 'Attribute', 'Values (one per line)'],
  choices: [
    { field: 'set', label: 'set', list: MATCH_SETS },
    { field: 'group', label: 'group', list: PROPERTY_GROUPS },
  ],
  text: { field: 'key', label: 'attribute', datalist: 'acl-match-keys', placeholder: 'e.g. Group_rw' },
  valuesPlaceholder: '[Not]twitter',
  empty: 'No conditions: the ACL matches every agent and ticket.',
};

const CHANGE_TABLE: RuleTable = {
  id: 'acl-change',
  prefix: 'c',
  noun: 'Change',
  headers: ['Change', 'Of', 'Field (Ticket only)', 'Values (one per line)'],
  choices: [
    { field: 'kind', label: 'kind', list: CHANGE_KINDS },
    { field: 'type', label: 'of', list: CHANGE_TYPES },
  ],
  text: { field: 'field', label: 'field', datalist: 'acl-ticket-fields', placeholder: 'e.g. TwitterProfileID' },
  valuesPlaceholder: '1',
  empty: 'No changes: the ACL restricts nothing.',
};


function sidebar(view: AclView | null, token: string | null) {
  if (!view) return <Actions items={[{ href: ACL_URL, label: 'Go to overview' }]} />;
  return (
    <>
      <Actions
        items={[
          { href: ACL_URL, label: 'Go to overview' },
          { href: `${ACL_URL}/${view.id}/export`, label: 'Export' },
        ]}
        extra={
          <form method="post" action={`${ACL_URL}/${view.id}/copy`} class="acl-copy">
            <CsrfField token={token} />
            <button type="submit" class="secondary">
              Copy
            </button>
          </form>
        }
      />
      <Widget title="Hint">
        <p class="hint">Changes are drafts until "Deploy ACLs" on the overview.</p>
        <p class="hint">ID fields (TwitterProfileID, QueueID, …) are compared by ID: profile 1 is "1". Other fields by name: queue "Raw", state "open".</p>
      </Widget>
    </>
  );
}

async function editorPage(c: Ctx, id: number | null, state: AclFormState, errors: Errors = {}): Promise<Response> {
  const view = id === null ? null : await getAcl(c.get('deps').db, id);
  const token = csrf(c);
  const title = view ? `Edit ACL: ${view.record.Name}` : 'Create New ACL';
  return c.html(
    <Page title={title} actor={pageActor(c)} csrf={token} nav="admin" sidebar={sidebar(view, token)}>
      <h1>{title}</h1>
      <Flash kind="ok" message={flashFrom(c)} />
      {view?.changedSinceDeploy ? <Flash kind="warn" message={'This ACL has changed since the last deploy: "Deploy ACLs" on the overview puts it into effect.'} /> : null}
      <Flash kind="error" message={errors['_form'] ?? (Object.keys(errors).length ? 'The ACL was not saved: see the messages below.' : null)} />
      <form method="post" action={view ? `${ACL_URL}/${view.id}` : `${ACL_URL}/new`} class="acl-editor" novalidate>
        <CsrfField token={token} />
        {/* Enter in a field saves: the first submit button of a form is the one Enter presses. */}
        <button type="submit" name="op" value="save" class="sr-only" tabindex={-1} aria-hidden="true">
          Save
        </button>
        <Widget title="General">
          <TextInput name="Name" label="Name" value={state.Name} required errors={errors} hint="Unique (ignoring case). ACLs run in the order of their names." />
          <TextInput name="Comment" label="Comment" value={state.Comment} errors={errors} />
          <Field name="Description" label="Description" errors={errors}>
            <textarea id="f-Description" name="Description" rows={2} aria-invalid={errors['Description'] ? 'true' : undefined}>
              {state.Description}
            </textarea>
          </Field>
          <label class="checkbox">
            <input type="checkbox" name="StopAfterMatch" value="1" checked={state.StopAfterMatch} /> Stop after match
          </label>
          <p class="hint">Later ACLs (by name) are not applied to a list this ACL has changed.</p>
          <Select name="validity" label="Validity" value={state.validity} options={VALIDITY_OPTIONS} required errors={errors} hint="Only valid ACLs are deployed." />
        </Widget>
        <Widget title="Match settings (ConfigMatch)" id="match">
          <p class="hint">
            The ACL applies when every row matches. <b>Properties</b> are the values on the screen now, <b>PropertiesDatabase</b> the stored ticket. In one row any value may match: exact text, or with
            the modifiers [Not], [RegExp], [regexp] (ignoring case), [NotRegExp], [Notregexp].
          </p>
          {errors['_match'] ? <p class="error-text padded" role="alert">{errors['_match']}</p> : null}
          <RuleRows spec={MATCH_TABLE} rows={state.match} errors={errors} />
          <div class="buttons">
            <button type="submit" name="op" value="add-match" class="secondary small">
              Add condition
            </button>
          </div>
        </Widget>
        <Widget title="Change settings (ConfigChange)" id="change">
          <p class="hint">
            <b>Possible</b> keeps only the values named, <b>PossibleAdd</b> adds them back, <b>PossibleNot</b> takes them away. A ticket field's options ("Of" Ticket: TwitterProfileID, Queue, State,
            Priority, Owner), or screens and buttons ("Of" Action).
          </p>
          {errors['_change'] ? <p class="error-text padded" role="alert">{errors['_change']}</p> : null}
          <RuleRows spec={CHANGE_TABLE} rows={state.change} errors={errors} />
          <div class="buttons">
            <button type="submit" name="op" value="add-change" class="secondary small">
              Add change
            </button>
          </div>
          <p class="hint">{`Actions: ${ALL_ACTIONS.join(', ')}.`}</p>
        </Widget>
        <datalist id="acl-match-keys">
          {MATCH_KEYS.map((k) => (
            <option value={k} />
          ))}
        </datalist>
        <datalist id="acl-ticket-fields">
          {TICKET_FIELDS.map((k) => (
            <option value={k} />
          ))}
        </datalist>
        <div class="buttons">
          <button type="submit" name="op" value="save">
            Save
          </button>
          <button type="submit" name="op" value="finish">
            Save and finish
          </button>
          <a class="button secondary" href={ACL_URL}>
            Cancel
          </a>
        </div>
      </form>
    </Page>,
  );
}

async function submit(c: Ctx, id: number | null): Promise<Response> {
  const body = await form(c);
  const state = formStateFromBody(body);
  const edited = editRows(state, body['op'] ?? 'save');
  if (edited) return editorPage(c, id, edited);
  const built = buildRecordInput(state);
  let errors: Errors = built.errors;
  if (!Object.keys(errors).length) {
    try {
      const row = await saveAcl(c.get('deps').db, pageActor(c), id, built.input);
      const message = `ACL "${row.name}" saved. Deploy the ACLs to put it into effect.`;
      const to = body['op'] === 'finish' ? ACL_URL : `${ACL_URL}/${row.id}`;
      return c.redirect(`${to}?saved=${encodeURIComponent(message)}`, 303);
    } catch (e) {
      errors = e instanceof AclRecordError ? errorsFromIssues(e.issues, built.paths) : errorsFrom(e);
    }
  }
  c.status(400);
  return editorPage(c, id, state, errors);
}

export function aclEditRoutes(app: Hono<AppEnv>): void {
  app.get(`${ACL_URL}/new`, (c) => editorPage(c, null, formStateFromRecord(null)));
  app.post(`${ACL_URL}/new`, (c) => submit(c, null));
  app.get(`${ACL_URL}/:id`, async (c) => {
    const id = idParam(c);
    if (!id) return c.notFound();
    const view = await getAcl(c.get('deps').db, id);
    return editorPage(c, id, formStateFromRecord(view.record));
  });
  app.post(`${ACL_URL}/:id`, async (c) => {
    const id = idParam(c);
    if (!id) return c.notFound();
    await getAcl(c.get('deps').db, id);
    return submit(c, id);
  });
  app.post(`${ACL_URL}/:id/copy`, async (c) => {
    const id = idParam(c);
    if (!id) return c.notFound();
    const row = await copyAcl(c.get('deps').db, pageActor(c), id);
    return c.redirect(`${ACL_URL}/${row.id}?saved=${encodeURIComponent(`Copied as "${row.name}".`)}`, 303);
  });
  app.get(`${ACL_URL}/:id/export`, async (c) => {
    const id = idParam(c);
    if (!id) return c.notFound();
    const view = await getAcl(c.get('deps').db, id);
    return yamlDownload(c, await exportAcls(c.get('deps').db, view.record.Name), exportFileName(view.record.Name));
  });
}
