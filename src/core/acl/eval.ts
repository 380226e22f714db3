// `parley acl eval`: ACLs and a situation in, the options that remain out, no server needed. The
// ACLs are taken as deployed, so invalid ones (ValidID 2 or 3) have no effect, as after "Deploy".

import { invalid } from '../errors.ts';
import { t } from '../../i18n/index.ts';
import { compileAcls } from './compile.ts';
import { filterOptions, type CompareBy } from './engine.ts';
import { CHANGE_TYPES, type AclProperties, type PropertyValue } from './types.ts';
import { validateAclRecords } from './validate.ts';

export interface AclEvalResult {
  data: Record<string, string> | string[];
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const INPUT_KEYS = new Set(['acls', 'properties', 'propertiesDatabase', 'returnType', 'returnSubType', 'data', 'userId', 'compareBy']);

export function evalAclRequest(input: unknown): AclEvalResult {
  if (!isMap(input)) throw invalid('input', t('errors.aclEval.input'));
  for (const k of Object.keys(input)) if (!INPUT_KEYS.has(k)) throw invalid(k, t('errors.aclEval.unknownField', { field: k }));

  if (!Array.isArray(input['acls'])) throw invalid('acls', t('errors.aclEval.acls'));
  const checked = validateAclRecords(input['acls']);
  if (!checked.ok) throw invalid('acls', checked.issues.map((i) => i.message).join('\n'));

  const returnType = input['returnType'];
  if (typeof returnType !== 'string' || !(CHANGE_TYPES as readonly string[]).includes(returnType)) {
    throw invalid('returnType', t('errors.aclEval.returnType', { list: CHANGE_TYPES.join(', ') }));
  }
  const sub = input['returnSubType'];
  if (sub !== undefined && typeof sub !== 'string') throw invalid('returnSubType', t('errors.aclEval.text', { field: 'returnSubType' }));
  if (returnType === 'Ticket' && !sub) {
    throw invalid('returnSubType', t('errors.aclEval.returnSubType'));
  }
  const userId = input['userId'];
  if (userId !== undefined && !(typeof userId === 'number' && Number.isInteger(userId))) {
    throw invalid('userId', t('errors.aclEval.userId'));
  }
  const compareBy = input['compareBy'];
  if (compareBy !== undefined && compareBy !== 'key' && compareBy !== 'label') {
    throw invalid('compareBy', t('errors.aclEval.compareBy'));
  }

  const raw = input['data'];
  const asList = Array.isArray(raw);
  if (asList && returnType === 'Ticket') throw invalid('data', t('errors.aclEval.dataTicket'));
  const data = asList ? listData(raw) : mapData(raw);

  const result = filterOptions({
    acls: compileAcls(checked.records),
    properties: properties('properties', input['properties']),
    propertiesDatabase: properties('propertiesDatabase', input['propertiesDatabase']),
    returnType,
    returnSubType: sub as string | undefined,
    userId: userId as number | undefined,
    // A list carries names only, so the names are what ACLs are compared with.
    compareBy: asList ? 'label' : (compareBy as CompareBy | undefined),
    data,
  });
  return { data: asList ? Object.values(result) : result };
}

/** The CLI's whole job: stdin text in, the JSON text to print out. */
export function runAclEval(stdinText: string): string {
  let input: unknown;
  try {
    input = JSON.parse(stdinText);
  } catch (e) {
    throw invalid('input', t('errors.aclEval.json', { reason: e instanceof Error ? e.message : String(e) }));
  }
  return JSON.stringify(evalAclRequest(input));
}

function listData(raw: unknown[]): Record<string, string> {
  const out: Record<string, string> = {};
  raw.forEach((v, i) => {
    if (typeof v !== 'string') throw invalid(`data[${i}]`, t('errors.aclEval.dataItem', { field: `data[${i}]` }));
    out[String(i)] = v;
  });
  return out;
}

function mapData(raw: unknown): Record<string, string> {
  if (!isMap(raw)) throw invalid('data', t('errors.aclEval.dataMap'));
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' && Number.isFinite(v)) out[k] = String(v);
    else throw invalid(`data.${k}`, t('errors.aclEval.dataLabel', { field: `data.${k}` }));
  }
  return out;
}

function properties(field: string, raw: unknown): AclProperties {
  if (raw === undefined || raw === null) return {};
  if (!isMap(raw)) throw invalid(field, t('errors.aclEval.properties', { field }));
  const out: Record<string, Record<string, PropertyValue>> = {};
  for (const [group, attrs] of Object.entries(raw)) {
    if (!isMap(attrs)) throw invalid(`${field}.${group}`, t('errors.aclEval.attributes', { field: `${field}.${group}` }));
    const g: Record<string, PropertyValue> = {};
    for (const [attr, value] of Object.entries(attrs)) g[attr] = propertyValue(`${field}.${group}.${attr}`, value);
    out[group] = g;
  }
  return out;
}

function propertyValue(path: string, v: unknown): PropertyValue {
  if (v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) return v;
  if (Array.isArray(v)) {
    return v.map((e, i) => {
      if (typeof e === 'string' || (typeof e === 'number' && Number.isFinite(e))) return e;
      throw invalid(`${path}[${i}]`, t('errors.aclEval.valueItem', { field: `${path}[${i}]` }));
    });
  }
  throw invalid(path, t('errors.aclEval.value', { field: path }));
}
