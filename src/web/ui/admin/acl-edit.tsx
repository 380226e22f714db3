import type { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { AclRecordError, copyAcl, exportAcls, getAcl, saveAcl, type AclView } from '../../../core/acl-admin/index.ts';
import { CHANGE_KINDS, CHANGE_TYPES, MATCH_SETS, PROPERTY_GROUPS } from '../../../core/acl/index.ts';
import { ALL_ACTIONS } from '../../../core/options/actions.ts';
import type { AppEnv } from '../../context.ts';
import { t } from '../../../i18n/index.ts';
import { Actions, CsrfField, Field, Flash, Select, TextInput, Widget, type Errors } from '../components.tsx';
import { validityOptions } from './frame.tsx';
import { Page } from '../layout.tsx';
import { csrf, errorsFrom, flashFrom, form, idParam, pageActor, type Ctx } from '../helpers.ts';
import { mark, rich } from './rich.tsx';
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
  <select name={name} aria-label={label} translate="no">
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
  /** "Condition 3", the row's name in its controls' labels. */
  rowLabel: (n: number) => string;
  /** "Remove condition 3". */
  removeLabel: (n: number) => string;
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
          <span class="sr-only">{t('admin.acl.edit.remove')}</span>
        </th>
      </tr>
    </thead>
    <tbody>
      {rows.map((r, i) => {
        const at = `${spec.prefix}.${i}`;
        const label = spec.rowLabel(i + 1);
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
                <textarea name={`${at}.values`} rows={Math.max(2, values.split('\n').length)} aria-label={`${label}: ${t('admin.acl.edit.values')}`} placeholder={spec.valuesPlaceholder}>
                  {values}
                </textarea>
              </td>
              <td>
                <button type="submit" name="op" value={`remove-${at}`} class="secondary small" aria-label={spec.removeLabel(i + 1)}>
                  {t('admin.acl.edit.remove')}
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

// Built per request: the words are in the request's language.
const matchTable = (): RuleTable => ({
  id: 'acl-match',
  prefix: 'm',
  rowLabel: (n) => t('admin.acl.edit.condition', { n }),
  removeLabel: (n) => t('admin.acl.edit.removeCondition', { n }),
  headers: [t('admin.acl.edit.matchHeaders.set'), t('admin.acl.edit.matchHeaders.group'), t('admin.acl.edit.matchHeaders.attribute'), t('admin.acl.edit.matchHeaders.values')],
  choices: [
    { field: 'set', label: t('admin.acl.edit.matchLabels.set'), list: MATCH_SETS },
    { field: 'group', label: t('admin.acl.edit.matchLabels.group'), list: PROPERTY_GROUPS },
  ],
  text: { field: 'key', label: t('admin.acl.edit.matchLabels.attribute'), datalist: 'acl-match-keys', placeholder: t('admin.acl.edit.matchPlaceholder') },
  valuesPlaceholder: '[Not]twitter',
  empty: t('admin.acl.edit.matchEmpty'),
});

const changeTable = (): RuleTable => ({
  id: 'acl-change',
  prefix: 'c',
  rowLabel: (n) => t('admin.acl.edit.change', { n }),
  removeLabel: (n) => t('admin.acl.edit.removeChange', { n }),
  headers: [t('admin.acl.edit.changeHeaders.kind'), t('admin.acl.edit.changeHeaders.of'), t('admin.acl.edit.changeHeaders.field'), t('admin.acl.edit.changeHeaders.values')],
  choices: [
    { field: 'kind', label: t('admin.acl.edit.changeLabels.kind'), list: CHANGE_KINDS },
    { field: 'type', label: t('admin.acl.edit.changeLabels.of'), list: CHANGE_TYPES },
  ],
  text: { field: 'field', label: t('admin.acl.edit.changeLabels.field'), datalist: 'acl-ticket-fields', placeholder: t('admin.acl.edit.changePlaceholder') },
  valuesPlaceholder: '1',
  empty: t('admin.acl.edit.changeEmpty'),
});


function sidebar(view: AclView | null, token: string | null) {
  if (!view) return <Actions items={[{ href: ACL_URL, label: t('admin.frame.goToOverview') }]} />;
  return (
    <>
      <Actions
        items={[
          { href: ACL_URL, label: t('admin.frame.goToOverview') },
          { href: `${ACL_URL}/${view.id}/export`, label: t('admin.acl.edit.exportOne') },
        ]}
        extra={
          <form method="post" action={`${ACL_URL}/${view.id}/copy`} class="acl-copy">
            <CsrfField token={token} />
            <button type="submit" class="secondary">
              {t('admin.acl.edit.copy')}
            </button>
          </form>
        }
      />
      <Widget title={t('admin.frame.hint')}>
        <p class="hint">{t('admin.acl.edit.hintDrafts')}</p>
        <p class="hint">{t('admin.acl.edit.hintIds')}</p>
      </Widget>
    </>
  );
}

async function editorPage(c: Ctx, id: number | null, state: AclFormState, errors: Errors = {}): Promise<Response> {
  const view = id === null ? null : await getAcl(c.get('deps').db, id);
  const token = csrf(c);
  const title = view ? t('admin.acl.edit.editTitle', { name: view.record.Name }) : t('admin.acl.edit.createTitle');
  return c.html(
    <Page title={title} actor={pageActor(c)} csrf={token} nav="admin" sidebar={sidebar(view, token)}>
      <h1>{title}</h1>
      <Flash kind="ok" message={flashFrom(c)} />
      {view?.changedSinceDeploy ? <Flash kind="warn" message={t('admin.acl.edit.changedSinceDeploy')} /> : null}
      <Flash kind="error" message={errors['_form'] ?? (Object.keys(errors).length ? t('admin.acl.edit.notSaved') : null)} />
      <form method="post" action={view ? `${ACL_URL}/${view.id}` : `${ACL_URL}/new`} class="acl-editor" novalidate>
        <CsrfField token={token} />
        {/* Enter in a field saves: the first submit button of a form is the one Enter presses. */}
        <button type="submit" name="op" value="save" class="sr-only" tabindex={-1} aria-hidden="true">
          {t('admin.frame.save')}
        </button>
        <Widget title={t('admin.acl.edit.general')}>
          <TextInput name="Name" label={t('admin.frame.name')} value={state.Name} required errors={errors} hint={t('admin.acl.edit.nameHint')} />
          <TextInput name="Comment" label={t('admin.frame.comment')} value={state.Comment} errors={errors} />
          <Field name="Description" label={t('admin.frame.description')} errors={errors}>
            <textarea id="f-Description" name="Description" rows={2} aria-invalid={errors['Description'] ? 'true' : undefined}>
              {state.Description}
            </textarea>
          </Field>
          <label class="checkbox">
            <input type="checkbox" name="StopAfterMatch" value="1" checked={state.StopAfterMatch} /> {t('admin.acl.edit.stopAfterMatch')}
          </label>
          <p class="hint">{t('admin.acl.edit.stopHint')}</p>
          <Select name="validity" label={t('admin.frame.validity')} value={state.validity} options={validityOptions()} required errors={errors} hint={t('admin.acl.edit.validityHint')} />
        </Widget>
        <Widget title={t('admin.acl.edit.match')} id="match">
          <p class="hint">{rich(t('admin.acl.edit.matchHelp', { properties: mark('properties'), database: mark('database') }), { properties: <b>Properties</b>, database: <b>PropertiesDatabase</b> })}</p>
          {errors['_match'] ? <p class="error-text padded" role="alert">{errors['_match']}</p> : null}
          <RuleRows spec={matchTable()} rows={state.match} errors={errors} />
          <div class="buttons">
            <button type="submit" name="op" value="add-match" class="secondary small">
              {t('admin.acl.edit.addCondition')}
            </button>
          </div>
        </Widget>
        <Widget title={t('admin.acl.edit.changeTitle')} id="change">
          <p class="hint">
            {rich(t('admin.acl.edit.changeHelp', { possible: mark('possible'), possibleAdd: mark('possibleAdd'), possibleNot: mark('possibleNot') }), {
              possible: <b>Possible</b>,
              possibleAdd: <b>PossibleAdd</b>,
              possibleNot: <b>PossibleNot</b>,
            })}
          </p>
          {errors['_change'] ? <p class="error-text padded" role="alert">{errors['_change']}</p> : null}
          <RuleRows spec={changeTable()} rows={state.change} errors={errors} />
          <div class="buttons">
            <button type="submit" name="op" value="add-change" class="secondary small">
              {t('admin.acl.edit.addChange')}
            </button>
          </div>
          <p class="hint">{t('admin.acl.edit.actions', { list: ALL_ACTIONS.join(', ') })}</p>
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
            {t('admin.frame.save')}
          </button>
          <button type="submit" name="op" value="finish">
            {t('admin.frame.saveAndFinish')}
          </button>
          <a class="button secondary" href={ACL_URL}>
            {t('admin.frame.cancel')}
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
      const message = t('admin.acl.edit.saved', { name: row.name });
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
    return c.redirect(`${ACL_URL}/${row.id}?saved=${encodeURIComponent(t('admin.acl.edit.copied', { name: row.name }))}`, 303);
  });
  app.get(`${ACL_URL}/:id/export`, async (c) => {
    const id = idParam(c);
    if (!id) return c.notFound();
    const view = await getAcl(c.get('deps').db, id);
    return yamlDownload(c, await exportAcls(c.get('deps').db, view.record.Name), exportFileName(view.record.Name));
  });
}
