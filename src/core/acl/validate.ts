// An ACL from YAML, JSON or a form → a typed AclRecord, or every problem found, each naming the ACL
// and the key. Znuny's import (ACL::DB::ACL → ACLImport) takes any hash and fails later, at run
// time, on a scalar where TicketAcl() dereferences a list; Parley refuses such files up front.
// Keys are as open as Znuny's: any attribute and any ticket field, only the groups and levels that
// Znuny's editor knows are fixed.

import { t } from '../../i18n/index.ts';
import { AclRegExpError, compileMatcher } from './match.ts';
import { compareCodePoints } from './order.ts';
import {
  CHANGE_KINDS,
  CHANGE_TYPES,
  MATCH_SETS,
  PROPERTY_GROUPS,
  type AclChangeSet,
  type AclConditionGroup,
  type AclConditions,
  type AclConfigChange,
  type AclConfigMatch,
  type AclRecord,
  type AclValidId,
  type ChangeType,
  type PropertyGroup,
} from './types.ts';

export interface AclIssue {
  /** The ACL's name, or null when it has none. */
  readonly acl: string | null;
  /** 1-based position in the file or request. */
  readonly position: number;
  /** Dotted path of the offending key, e.g. ConfigMatch.Properties.Usr. */
  readonly key: string;
  /** The full sentence, e.g. `ACL "Limit Access": unknown key "ConfigMatch.Properties.Usr"`. */
  readonly message: string;
}

export type AclValidation = { ok: true; record: AclRecord } | { ok: false; issues: AclIssue[] };

const RECORD_KEYS = new Set([
  'ID',
  'Name',
  'Comment',
  'Description',
  'StopAfterMatch',
  'ValidID',
  'ConfigMatch',
  'ConfigChange',
  'CreateBy',
  'CreateTime',
  'ChangeBy',
  'ChangeTime',
]);

// OTRS's acl.name is VARCHAR(200).
export const ACL_NAME_MAX = 200;
const ATTRIBUTE = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;
const OTRS_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const GROUPS = new Set<string>(PROPERTY_GROUPS);
const CHANGES = new Set<string>(CHANGE_TYPES);

/** How names are compared for uniqueness: Znuny checks LOWER(name) = LOWER(?). */
export function aclNameKey(name: string): string {
  return name.toLowerCase();
}

/** Names that occur more than once ignoring case, each reported once in its first spelling. */
export function duplicateAclNames(names: Iterable<string>): string[] {
  const seen = new Map<string, string>();
  const dup = new Map<string, string>();
  for (const n of names) {
    const k = aclNameKey(n);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, n);
    else if (!dup.has(k)) dup.set(k, first);
  }
  return [...dup.values()];
}

class Collector {
  readonly issues: AclIssue[] = [];
  constructor(
    private readonly name: string | null,
    private readonly position: number,
  ) {}
  add(key: string, text: string): void {
    const message = this.name !== null ? t('validation.acl.named', { name: this.name, text }) : t('validation.acl.numbered', { position: this.position, text });
    this.issues.push({ acl: this.name, position: this.position, key, message });
  }
  unknown(key: string): void {
    this.add(key, t('validation.acl.unknownKey', { key }));
  }
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Text from a YAML/JSON scalar: numbers become their text, as YAML `- 1` is the string '1' in Perl. */
function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function integer(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) ? n : undefined;
}

export function validateAclRecord(input: unknown, position = 1): AclValidation {
  if (!isMap(input)) {
    const c = new Collector(null, position);
    c.add('', t('validation.acl.record'));
    return { ok: false, issues: c.issues };
  }
  const rawName = scalarText(input['Name']);
  const c = new Collector(rawName !== undefined && rawName.trim() !== '' ? rawName : null, position);

  for (const k of Object.keys(input)) if (!RECORD_KEYS.has(k)) c.unknown(k);

  const name = rawName ?? '';
  if (input['Name'] === undefined || input['Name'] === null) c.add('Name', t('validation.acl.required', { key: 'Name' }));
  else if (rawName === undefined) c.add('Name', t('validation.acl.text', { key: 'Name' }));
  else if (name.trim() === '') c.add('Name', t('validation.acl.required', { key: 'Name' }));
  else if ([...name].length > ACL_NAME_MAX) c.add('Name', t('validation.acl.maxLength', { key: 'Name', max: ACL_NAME_MAX }));

  const record: AclRecord = {
    Name: name,
    Comment: optionalText(c, input, 'Comment') ?? '',
    Description: optionalText(c, input, 'Description') ?? '',
    StopAfterMatch: stopAfterMatch(c, input['StopAfterMatch']),
    ValidID: validId(c, input['ValidID']),
    ConfigMatch: configMatch(c, input['ConfigMatch']),
    ConfigChange: configChange(c, input['ConfigChange']),
  };

  const id = input['ID'];
  if (id !== undefined && id !== null) {
    const n = integer(id);
    if (n === undefined || n < 1) c.add('ID', t('validation.acl.id'));
    else record.ID = n;
  }
  for (const k of ['CreateBy', 'ChangeBy'] as const) {
    const v = optionalText(c, input, k);
    if (v !== undefined) record[k] = v;
  }
  for (const k of ['CreateTime', 'ChangeTime'] as const) {
    const v = optionalText(c, input, k);
    if (v === undefined) continue;
    if (!OTRS_TIME.test(v)) c.add(k, t('validation.acl.time', { key: k }));
    else record[k] = v;
  }

  return c.issues.length ? { ok: false, issues: c.issues } : { ok: true, record };
}

/** A list of ACLs (a whole import): every record checked, names unique ignoring case, all or nothing. */
export function validateAclRecords(input: unknown): { ok: true; records: AclRecord[] } | { ok: false; issues: AclIssue[] } {
  if (!Array.isArray(input)) {
    return {
      ok: false,
      issues: [{ acl: null, position: 0, key: '', message: t('validation.acl.list') }],
    };
  }
  const issues: AclIssue[] = [];
  const records: AclRecord[] = [];
  const positions: number[] = [];
  input.forEach((item, i) => {
    const v = validateAclRecord(item, i + 1);
    if (v.ok) {
      records.push(v.record);
      positions.push(i + 1);
    } else issues.push(...v.issues);
  });
  for (const n of duplicateAclNames(records.map((r) => r.Name))) {
    issues.push({
      acl: n,
      position: positions[records.findIndex((r) => r.Name === n)] ?? 0,
      key: 'Name',
      message: t('validation.acl.named', { name: n, text: t('validation.acl.duplicate') }),
    });
  }
  return issues.length ? { ok: false, issues } : { ok: true, records };
}

function optionalText(c: Collector, input: Record<string, unknown>, key: string): string | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  const text = scalarText(v);
  if (text === undefined) c.add(key, t('validation.acl.text', { key }));
  return text;
}

function stopAfterMatch(c: Collector, v: unknown): 0 | 1 {
  if (v === undefined || v === null || v === false) return 0;
  if (v === true) return 1;
  const n = integer(v);
  if (n === 0 || n === 1) return n;
  c.add('StopAfterMatch', t('validation.acl.stopAfterMatch'));
  return 0;
}

function validId(c: Collector, v: unknown): AclValidId {
  // Znuny's import defaults a missing ValidID to 1 (valid).
  if (v === undefined || v === null) return 1;
  const n = integer(v);
  if (n === 1 || n === 2 || n === 3) return n;
  c.add('ValidID', t('validation.acl.validId'));
  return 1;
}

/** null, '' and {} all mean "no conditions": OTRS exports '' for an ACL saved without them. */
function isEmptyConfig(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (isMap(v) && Object.keys(v).length === 0);
}

function configMatch(c: Collector, v: unknown): AclConfigMatch | null {
  if (isEmptyConfig(v)) return null;
  if (!isMap(v)) {
    c.add('ConfigMatch', t('validation.acl.configMatch'));
    return null;
  }
  const out: AclConfigMatch = {};
  for (const [k, val] of Object.entries(v)) {
    if (!(MATCH_SETS as readonly string[]).includes(k)) {
      c.unknown(`ConfigMatch.${k}`);
      continue;
    }
    if (val === null) continue;
    const conds = conditions(c, `ConfigMatch.${k}`, val);
    if (conds) out[k as 'Properties' | 'PropertiesDatabase'] = conds;
  }
  return out;
}

function conditions(c: Collector, path: string, v: unknown): AclConditions | null {
  if (!isMap(v)) {
    c.add(path, t('validation.acl.groups', { key: path }));
    return null;
  }
  const out: AclConditions = {};
  for (const [group, attrs] of Object.entries(v)) {
    const gp = `${path}.${group}`;
    if (!GROUPS.has(group)) {
      c.unknown(gp);
      continue;
    }
    if (attrs === null) {
      out[group as PropertyGroup] = {};
      continue;
    }
    if (!isMap(attrs)) {
      c.add(gp, t('validation.acl.attributes', { key: gp }));
      continue;
    }
    const g: AclConditionGroup = {};
    for (const [attr, values] of Object.entries(attrs)) {
      const ap = `${gp}.${attr}`;
      if (!ATTRIBUTE.test(attr)) c.add(ap, t('validation.acl.attributeName', { attribute: attr, key: gp }));
      else if (group === 'DynamicField' && !attr.startsWith('DynamicField_')) {
        c.add(ap, t('validation.acl.dynamicField', { attribute: attr }));
      } else {
        const list = valueList(c, ap, values);
        if (list) g[attr] = list;
      }
    }
    out[group as PropertyGroup] = g;
  }
  return out;
}

function configChange(c: Collector, v: unknown): AclConfigChange | null {
  if (isEmptyConfig(v)) return null;
  if (!isMap(v)) {
    c.add('ConfigChange', t('validation.acl.configChange'));
    return null;
  }
  const src = migrateActions33(v);
  const out: AclConfigChange = {};
  for (const [k, val] of Object.entries(src)) {
    if (!(CHANGE_KINDS as readonly string[]).includes(k)) {
      c.unknown(`ConfigChange.${k}`);
      continue;
    }
    if (val === null) continue;
    const set = changeSet(c, `ConfigChange.${k}`, val);
    if (set) out[k as 'Possible' | 'PossibleAdd' | 'PossibleNot'] = set;
  }
  return out;
}

/**
 * OTRS 3.3 wrote screens as Possible → Action → { Screen: 0|1 }. Znuny's import (_ACLMigrateFrom33)
 * turns the screens set to 0 into PossibleNot → Action, sorted, and drops the map.
 */
function migrateActions33(v: Record<string, unknown>): Record<string, unknown> {
  const possible = v['Possible'];
  if (!isMap(possible) || !isMap(possible['Action'])) return v;
  const actions = possible['Action'];
  const denied = Object.keys(actions)
    .filter((a) => {
      const flag = actions[a];
      return (typeof flag === 'number' || typeof flag === 'string') && Number(flag) === 0;
    })
    .sort(compareCodePoints);
  const rest: Record<string, unknown> = { ...possible };
  delete rest['Action'];
  const possibleNot = isMap(v['PossibleNot']) ? v['PossibleNot'] : {};
  return { ...v, Possible: rest, PossibleNot: { ...possibleNot, Action: denied } };
}

function changeSet(c: Collector, path: string, v: unknown): AclChangeSet | null {
  if (!isMap(v)) {
    c.add(path, t('validation.acl.changeTypes', { key: path }));
    return null;
  }
  const out: AclChangeSet = {};
  for (const [type, val] of Object.entries(v)) {
    const tp = `${path}.${type}`;
    if (!CHANGES.has(type)) {
      c.unknown(tp);
      continue;
    }
    if ((type as ChangeType) === 'Ticket') {
      if (val === null) {
        out.Ticket = {};
        continue;
      }
      if (!isMap(val)) {
        c.add(tp, t('validation.acl.ticketFields', { key: tp }));
        continue;
      }
      const fields: Record<string, string[]> = {};
      for (const [field, values] of Object.entries(val)) {
        const fp = `${tp}.${field}`;
        if (!ATTRIBUTE.test(field)) c.add(fp, t('validation.acl.ticketFieldName', { field }));
        else {
          const list = valueList(c, fp, values);
          if (list) fields[field] = list;
        }
      }
      out.Ticket = fields;
    } else {
      const list = valueList(c, tp, val);
      if (list) out[type as Exclude<ChangeType, 'Ticket'>] = list;
    }
  }
  return out;
}

function valueList(c: Collector, path: string, v: unknown): string[] | null {
  if (!Array.isArray(v)) {
    // Znuny dereferences these as lists (@{ … }); a single value makes TicketAcl() die.
    const single = scalarText(v);
    c.add(path, single !== undefined ? t('validation.acl.listNotSingle', { key: path, what: describe(v), value: single }) : t('validation.acl.listNot', { key: path, what: describe(v) }));
    return null;
  }
  const out: string[] = [];
  v.forEach((item, i) => {
    const text = scalarText(item);
    if (text === undefined) {
      c.add(`${path}[${i}]`, t('validation.acl.textNot', { key: `${path}[${i}]`, what: describe(item) }));
      return;
    }
    try {
      compileMatcher(text);
    } catch (e) {
      if (!(e instanceof AclRegExpError)) throw e;
      c.add(`${path}[${i}]`, t('validation.acl.regexp', { key: `${path}[${i}]`, reason: e.message }));
      return;
    }
    out.push(text);
  });
  return out;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return t('validation.acl.describe.empty');
  if (Array.isArray(v)) return t('validation.acl.describe.list');
  if (typeof v === 'object') return t('validation.acl.describe.mapping');
  if (typeof v === 'boolean') return t('validation.acl.describe.boolean', { value: String(v) });
  return t('validation.acl.describe.single');
}
