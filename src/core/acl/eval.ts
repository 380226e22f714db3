// `parley acl eval`: ACLs and a situation in, the options that remain out, no server needed. The
// ACLs are taken as deployed, so invalid ones (ValidID 2 or 3) have no effect, as after "Deploy".

import { invalid } from '../errors.ts';
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
  if (!isMap(input)) throw invalid('input', 'The input must be a JSON object with acls, properties, returnType and data.');
  for (const k of Object.keys(input)) if (!INPUT_KEYS.has(k)) throw invalid(k, `Unknown field "${k}".`);

  if (!Array.isArray(input['acls'])) throw invalid('acls', '"acls" must be a list of ACL records, as in the YAML export.');
  const checked = validateAclRecords(input['acls']);
  if (!checked.ok) throw invalid('acls', checked.issues.map((i) => i.message).join('\n'));

  const returnType = input['returnType'];
  if (typeof returnType !== 'string' || !(CHANGE_TYPES as readonly string[]).includes(returnType)) {
    throw invalid('returnType', `"returnType" must be one of ${CHANGE_TYPES.join(', ')}.`);
  }
  const sub = input['returnSubType'];
  if (sub !== undefined && typeof sub !== 'string') throw invalid('returnSubType', '"returnSubType" must be text.');
  if (returnType === 'Ticket' && !sub) {
    throw invalid('returnSubType', '"returnSubType" is required for returnType Ticket (e.g. "TwitterProfileID", "Queue").');
  }
  const userId = input['userId'];
  if (userId !== undefined && !(typeof userId === 'number' && Number.isInteger(userId))) {
    throw invalid('userId', '"userId" must be a whole number.');
  }
  const compareBy = input['compareBy'];
  if (compareBy !== undefined && compareBy !== 'key' && compareBy !== 'label') {
    throw invalid('compareBy', '"compareBy" must be "key" or "label".');
  }

  const raw = input['data'];
  const asList = Array.isArray(raw);
  if (asList && returnType === 'Ticket') throw invalid('data', '"data" for returnType Ticket must map option ids to labels.');
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
    throw invalid('input', `The input is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return JSON.stringify(evalAclRequest(input));
}

function listData(raw: unknown[]): Record<string, string> {
  const out: Record<string, string> = {};
  raw.forEach((v, i) => {
    if (typeof v !== 'string') throw invalid(`data[${i}]`, `"data[${i}]" must be text (an action or option name).`);
    out[String(i)] = v;
  });
  return out;
}

function mapData(raw: unknown): Record<string, string> {
  if (!isMap(raw)) throw invalid('data', '"data" must map option ids to labels, e.g. { "1": "Support" }.');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' && Number.isFinite(v)) out[k] = String(v);
    else throw invalid(`data.${k}`, `"data.${k}" must be text (the option's label).`);
  }
  return out;
}

function properties(field: string, raw: unknown): AclProperties {
  if (raw === undefined || raw === null) return {};
  if (!isMap(raw)) throw invalid(field, `"${field}" must map groups (User, Ticket, Frontend, …) to attributes.`);
  const out: Record<string, Record<string, PropertyValue>> = {};
  for (const [group, attrs] of Object.entries(raw)) {
    if (!isMap(attrs)) throw invalid(`${field}.${group}`, `"${field}.${group}" must map attribute names to values.`);
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
      throw invalid(`${path}[${i}]`, `"${path}[${i}]" must be text or a number.`);
    });
  }
  throw invalid(path, `"${path}" must be text, a number, a list of them, or null.`);
}
