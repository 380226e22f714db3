// The structured ACL editor as plain form fields: one row per condition (ConfigMatch → Properties or
// PropertiesDatabase → group → key → values) and one per change (ConfigChange → Possible,
// PossibleAdd or PossibleNot → Ticket → field → values, or Action/… → values). Values are one per
// line. Rows are numbered m.0, m.1, … and c.0, c.1, …; blank rows are dropped on save, so an admin
// can leave an added row empty. An empty condition group (`User: {}`) has no row and is dropped too;
// it matches like an absent one.

import {
  CHANGE_KINDS,
  CHANGE_TYPES,
  MATCH_SETS,
  PROPERTY_GROUPS,
  type AclChangeSet,
  type AclConditions,
  type AclIssue,
  type AclRecord,
  type ChangeKind,
  type MatchSet,
} from '../../../core/acl/index.ts';
import type { Errors } from '../components.tsx';
import { t } from '../../../i18n/index.ts';

export type MatchRow = {
  set: string;
  group: string;
  key: string;
  values: string;
};

export type ChangeRow = {
  kind: string;
  type: string;
  field: string;
  values: string;
};

export interface AclFormState {
  Name: string;
  Comment: string;
  Description: string;
  StopAfterMatch: boolean;
  validity: string;
  match: MatchRow[];
  change: ChangeRow[];
}

export const blankMatchRow = (): MatchRow => ({ set: 'Properties', group: 'User', key: '', values: '' });
export const blankChangeRow = (): ChangeRow => ({ kind: 'PossibleNot', type: 'Ticket', field: '', values: '' });

const VALIDITY_BY_ID: Record<number, string> = { 1: 'valid', 2: 'invalid', 3: 'invalid-temporarily' };
const ID_BY_VALIDITY: Record<string, number> = { valid: 1, invalid: 2, 'invalid-temporarily': 3 };

export function formStateFromRecord(r: AclRecord | null): AclFormState {
  if (!r) return { Name: '', Comment: '', Description: '', StopAfterMatch: false, validity: 'valid', match: [blankMatchRow()], change: [blankChangeRow()] };
  const match: MatchRow[] = [];
  for (const set of MATCH_SETS) {
    for (const [group, attrs] of Object.entries(r.ConfigMatch?.[set] ?? {})) {
      for (const [key, values] of Object.entries(attrs ?? {})) match.push({ set, group, key, values: values.join('\n') });
    }
  }
  const change: ChangeRow[] = [];
  for (const kind of CHANGE_KINDS) {
    const cs: AclChangeSet = r.ConfigChange?.[kind] ?? {};
    for (const [type, v] of Object.entries(cs)) {
      if (type === 'Ticket') {
        for (const [field, values] of Object.entries((v ?? {}) as Record<string, string[]>)) change.push({ kind, type, field, values: values.join('\n') });
      } else change.push({ kind, type, field: '', values: (v as string[]).join('\n') });
    }
  }
  return {
    Name: r.Name,
    Comment: r.Comment,
    Description: r.Description,
    StopAfterMatch: r.StopAfterMatch === 1,
    validity: VALIDITY_BY_ID[r.ValidID] ?? 'valid',
    match,
    change,
  };
}

/** The posted form, rows in the order of their numbers. */
export function formStateFromBody(body: Readonly<Record<string, string>>): AclFormState {
  const rows = (prefix: string) =>
    [...new Set(Object.keys(body).flatMap((k) => (new RegExp(`^${prefix}\\.(\\d+)\\.`).exec(k) ? [Number(k.split('.')[1])] : [])))].sort((a, b) => a - b);
  const s = (k: string) => body[k] ?? '';
  return {
    Name: s('Name').trim(),
    Comment: s('Comment').trim(),
    Description: s('Description').trim(),
    StopAfterMatch: body['StopAfterMatch'] === '1',
    validity: s('validity') || 'valid',
    match: rows('m').map((i) => ({ set: s(`m.${i}.set`), group: s(`m.${i}.group`), key: s(`m.${i}.key`).trim(), values: s(`m.${i}.values`) })),
    change: rows('c').map((i) => ({ kind: s(`c.${i}.kind`), type: s(`c.${i}.type`), field: s(`c.${i}.field`).trim(), values: s(`c.${i}.values`) })),
  };
}

const valueLines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');

export const matchPath = (r: MatchRow): string => `ConfigMatch.${r.set}.${r.group}.${r.key}`;
export const changePath = (r: ChangeRow): string => (r.type === 'Ticket' ? `ConfigChange.${r.kind}.Ticket.${r.field}` : `ConfigChange.${r.kind}.${r.type}`);

export interface BuiltInput {
  /** OTRS-shaped fields for saveAcl. */
  input: Record<string, unknown>;
  /** Mistakes the form itself can tell (keyed m.N / c.N like the rows). */
  errors: Errors;
  /** Row error key → the record path it fills, to place the validator's messages. */
  paths: Map<string, string>;
}

function matchRowProblem(row: MatchRow, seen: ReadonlySet<string>): string | null {
  if (!(MATCH_SETS as readonly string[]).includes(row.set)) return t('admin.acl.form.chooseSet');
  if (!(PROPERTY_GROUPS as readonly string[]).includes(row.group)) return t('admin.acl.form.chooseGroup', { list: PROPERTY_GROUPS.join(', ') });
  if (!row.key) return t('admin.acl.form.nameAttribute');
  if (seen.has(matchPath(row))) return t('admin.acl.form.twice', { path: `${row.set} → ${row.group} → ${row.key}` });
  return null;
}

function changeRowProblem(row: ChangeRow, seen: ReadonlySet<string>): string | null {
  if (!(CHANGE_KINDS as readonly string[]).includes(row.kind)) return t('admin.acl.form.chooseKind');
  if (!(CHANGE_TYPES as readonly string[]).includes(row.type)) return t('admin.acl.form.chooseType', { list: CHANGE_TYPES.join(', ') });
  if (row.type === 'Ticket' && !row.field) return t('admin.acl.form.nameField');
  if (row.type !== 'Ticket' && row.field) return t('admin.acl.form.noField', { type: row.type });
  if (seen.has(changePath(row))) return t('admin.acl.form.twice', { path: changePath(row).slice('ConfigChange.'.length).split('.').join(' → ') });
  return null;
}

export function buildRecordInput(s: AclFormState): BuiltInput {
  const errors: Errors = {};
  const paths = new Map<string, string>();
  const seen = new Set<string>();

  let match: Partial<Record<MatchSet, AclConditions>> | null = null;
  s.match.forEach((row, i) => {
    const values = valueLines(row.values);
    if (!row.key && !values.length) return;
    const problem = matchRowProblem(row, seen);
    if (problem) {
      errors[`m.${i}`] = problem;
      return;
    }
    seen.add(matchPath(row));
    paths.set(`m.${i}`, matchPath(row));
    match ??= {};
    const groups = (match[row.set as MatchSet] ??= {});
    (groups[row.group as keyof AclConditions] ??= {})[row.key] = values;
  });

  let change: Partial<Record<ChangeKind, AclChangeSet>> | null = null;
  s.change.forEach((row, i) => {
    const values = valueLines(row.values);
    if (!row.field && !values.length) return;
    const problem = changeRowProblem(row, seen);
    if (problem) {
      errors[`c.${i}`] = problem;
      return;
    }
    seen.add(changePath(row));
    paths.set(`c.${i}`, changePath(row));
    change ??= {};
    const set = (change[row.kind as ChangeKind] ??= {});
    if (row.type === 'Ticket') (set.Ticket ??= {})[row.field] = values;
    else set[row.type as Exclude<keyof AclChangeSet, 'Ticket'>] = values;
  });

  const input: Record<string, unknown> = {
    Name: s.Name,
    Comment: s.Comment,
    Description: s.Description,
    StopAfterMatch: s.StopAfterMatch ? 1 : 0,
    ValidID: ID_BY_VALIDITY[s.validity] ?? s.validity,
    ConfigMatch: match,
    ConfigChange: change,
  };
  return { input, errors, paths };
}

/** The validator's issues, each next to the row or field it is about, in words without the ACL's name. */
export function errorsFromIssues(issues: readonly AclIssue[], paths: ReadonlyMap<string, string>): Errors {
  const errors: Errors = {};
  const add = (k: string, text: string) => {
    errors[k] = errors[k] ? `${errors[k]} ${text}` : text;
  };
  for (const issue of issues) {
    const prefix = issue.acl !== null ? `ACL "${issue.acl}": ` : `ACL #${issue.position}: `;
    const text = issue.message.startsWith(prefix) ? issue.message.slice(prefix.length) : issue.message;
    const row = [...paths].find(([, p]) => issue.key === p || issue.key.startsWith(`${p}[`) || issue.key.startsWith(`${p}.`));
    if (row) add(row[0], text);
    else if (issue.key === 'ValidID') add('validity', text);
    else if (issue.key.startsWith('ConfigMatch')) add('_match', text);
    else if (issue.key.startsWith('ConfigChange')) add('_change', text);
    else if (['Name', 'Comment', 'Description', 'StopAfterMatch'].includes(issue.key)) add(issue.key, text);
    else add('_form', text);
  }
  return errors;
}

/** The form with one more blank row, or without row `id` (m.N / c.N): the editor's add/remove buttons. */
export function editRows(s: AclFormState, op: string): AclFormState | null {
  if (op === 'add-match') return { ...s, match: [...s.match, blankMatchRow()] };
  if (op === 'add-change') return { ...s, change: [...s.change, blankChangeRow()] };
  const m = /^remove-([mc])\.(\d+)$/.exec(op);
  if (!m) return null;
  const at = Number(m[2]);
  return m[1] === 'm' ? { ...s, match: s.match.filter((_, i) => i !== at) } : { ...s, change: s.change.filter((_, i) => i !== at) };
}
