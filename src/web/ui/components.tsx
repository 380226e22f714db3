import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import { formatDateTime, t } from '../../i18n/index.ts';

export const Widget: FC<PropsWithChildren<{ title: Child; class?: string; flush?: boolean; tools?: Child; id?: string }>> = (p) => (
  <section class={`widget ${p.class ?? ''}`} id={p.id}>
    <div class="head">
      <h2>{p.title}</h2>
      {p.tools ?? null}
    </div>
    <div class={p.flush ? 'body flush' : 'body'}>{p.children}</div>
  </section>
);

export const Actions: FC<{ items: { href: string; label: string }[]; extra?: Child }> = ({ items, extra }) => (
  <Widget title={t('ui.actions')} class="actions">
    <ul>
      {items.map((i) => (
        <li>
          <a class="button" href={i.href}>
            {i.label}
          </a>
        </li>
      ))}
    </ul>
    {extra ?? null}
  </Widget>
);

/** The OTRS filter box: narrows the table `tableId` as one types (static/app.js). */
export const FilterBox: FC<{ tableId: string; label?: string }> = ({ tableId, label = t('ui.filter') }) => (
  <Widget title={label}>
    <label class="sr-only" for={`${tableId}-filter`}>
      {label}
    </label>
    <input id={`${tableId}-filter`} class="filter" type="search" placeholder={t('ui.filterPlaceholder')} data-filter-table={tableId} autocomplete="off" />
  </Widget>
);

export type Errors = Record<string, string>;

export const Flash: FC<{ kind: 'ok' | 'error' | 'warn'; message: string | null | undefined }> = ({ kind, message }) =>
  message ? (
    <div class={`flash ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {message}
    </div>
  ) : null;

interface FieldProps {
  name: string;
  label: string;
  errors?: Errors;
  required?: boolean;
  hint?: Child;
}

/** A labelled field with its error in words under it (the red line). */
export const Field: FC<PropsWithChildren<FieldProps>> = ({ name, label, errors, required, hint, children }) => {
  const error = errors?.[name];
  return (
    <div class={error ? 'field error' : 'field'}>
      <label for={`f-${name}`}>
        {label}
        {required ? <span class="req"> *</span> : null}
      </label>
      {children}
      {hint ? <p class="hint">{hint}</p> : null}
      {error ? (
        <p class="error-text" id={`e-${name}`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
};

export const TextInput: FC<FieldProps & { value?: string | null; type?: string; autocomplete?: string; placeholder?: string }> = (p) => (
  <Field {...p}>
    <input
      id={`f-${p.name}`}
      name={p.name}
      type={p.type ?? 'text'}
      value={p.value ?? ''}
      required={p.required}
      autocomplete={p.autocomplete}
      placeholder={p.placeholder}
      aria-invalid={p.errors?.[p.name] ? 'true' : undefined}
      aria-describedby={p.errors?.[p.name] ? `e-${p.name}` : undefined}
    />
  </Field>
);

export const Select: FC<FieldProps & { value?: string | number | null; options: readonly { value: string | number; label: string; data?: boolean }[]; empty?: string }> = (p) => (
  <Field {...p}>
    <select id={`f-${p.name}`} name={p.name} required={p.required} aria-invalid={p.errors?.[p.name] ? 'true' : undefined}>
      {p.empty !== undefined ? <option value="">{p.empty}</option> : null}
      {p.options.map((o) => (
        <option value={String(o.value)} selected={String(o.value) === String(p.value ?? '')} translate={o.data ? 'no' : undefined}>
          {o.label}
        </option>
      ))}
    </select>
  </Field>
);

export const CsrfField: FC<{ token: string | null | undefined }> = ({ token }) => <input type="hidden" name="_csrf" value={token ?? ''} />;

export const Badge: FC<{ kind?: string; children: Child }> = ({ kind, children }) => <span class={`badge ${kind ?? ''}`}>{children}</span>;

/** A stored time in the reader's language and time zone ("01.12.2026 18:10"); empty for none. */
export function formatTime(iso: string | null | undefined): string {
  return iso ? formatDateTime(iso) : '';
}

/** none / ro / rw for one agent ↔ group membership (rw implies ro, as in OTRS). */
export const PermissionSelect: FC<{ name: string; value: string }> = ({ name, value }) => (
  <select id={`f-${name}`} name={name}>
    {[
      ['', t('common.none')],
      ['ro', t('ui.permission.ro')],
      ['rw', t('ui.permission.rw')],
    ].map(([v, l]) => (
      <option value={v} selected={value === v}>
        {l}
      </option>
    ))}
  </select>
);

/** The memberships posted by PermissionSelects named `<prefix><id>`. */
export function permissionsFrom(form: Record<string, string>, prefix: string): { id: number; permission: 'rw' | 'ro' }[] {
  return Object.entries(form)
    .filter(([k, v]) => k.startsWith(prefix) && (v === 'rw' || v === 'ro'))
    .map(([k, v]) => ({ id: Number(k.slice(prefix.length)), permission: v as 'rw' | 'ro' }));
}

export interface FilterRow {
  /** The text the filter box matches (the OTRS filter matches names). */
  filter: string;
  /** Greyed out: validity is not "valid". */
  invalid?: boolean;
  cells: Child[];
}

/** An overview table that a FilterBox with the same id narrows; says so when nothing is left. */
export const FilterTable: FC<{ id: string; headers: string[]; rows: FilterRow[]; empty?: string; noMatch: string }> = ({ id, headers, rows, empty, noMatch }) => (
  <table class="list reflow" id={id}>
    <thead>
      <tr>
        {headers.map((h) => (
          <th>{h}</th>
        ))}
      </tr>
    </thead>
    <tbody>
      {rows.map((r) => (
        <tr data-filter={r.filter} class={r.invalid ? 'invalid' : ''}>
          {r.cells.map((cell, i) => (
            <td data-label={headers[i]}>{cell}</td>
          ))}
        </tr>
      ))}
      {rows.length === 0 && empty ? (
        <tr>
          <td colspan={headers.length} class="empty">
            {empty}
          </td>
        </tr>
      ) : null}
      <tr class="no-match" hidden>
        <td colspan={headers.length} class="empty">
          {noMatch}
        </td>
      </tr>
    </tbody>
  </table>
);

/** The agent ↔ group relation as a table of none/ro/rw choices, one row per group or agent. */
export const MembershipWidget: FC<{ title: string; what: string; prefix: string; rows: { id: number; label: string; invalid?: boolean }[]; values: Record<string, string>; error?: string | undefined }> = (p) => (
  <Widget title={p.title} flush>
    <table class="list">
      <thead>
        <tr>
          <th>{p.what}</th>
          <th>{t('ui.permission.title')}</th>
        </tr>
      </thead>
      <tbody>
        {p.rows.map((r) => (
          <tr class={r.invalid ? 'invalid' : ''}>
            <td>
              <label for={`f-${p.prefix}${r.id}`} class="plain">
                {r.label}
              </label>
            </td>
            <td>
              <PermissionSelect name={`${p.prefix}${r.id}`} value={p.values[`${p.prefix}${r.id}`] ?? ''} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    {p.error ? (
      <p class="error-text padded" role="alert">
        {p.error}
      </p>
    ) : null}
  </Widget>
);

/** Save and Cancel under an admin form. */
export const FormButtons: FC<{ cancel: string }> = ({ cancel }) => (
  <div class="buttons">
    <button type="submit">{t('common.save')}</button>
    <a class="button secondary" href={cancel}>
      {t('common.cancel')}
    </a>
  </div>
);
