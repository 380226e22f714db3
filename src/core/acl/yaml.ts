// ACL files in OTRS's format: a YAML list of full ACL records (AdminACL → ACLExport). Reading is
// all or nothing: bad YAML names its line and column, a bad ACL names the ACL and the key, and no
// records come back unless every one is sound.

import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { AppError } from '../errors.ts';
import { validateAclRecords, type AclIssue } from './validate.ts';
import { emitYamlDocument, type YamlValue } from './yaml-emit.ts';
import type { AclChangeSet, AclConditions, AclRecord } from './types.ts';

export class AclFileError extends AppError {
  readonly issues: readonly AclIssue[];
  constructor(message: string, issues: readonly AclIssue[] = []) {
    super('invalid_input', message, 'file');
    this.name = 'AclFileError';
    this.issues = issues;
  }
}

/** Nodes visited while reading one file; aliases make "billion laughs" files cheap to write. */
const MAX_NODES = 200_000;

/** An ACL export nests five levels; anything much deeper is not one (and would exhaust the stack). */
const MAX_DEPTH = 64;

export function parseAclYaml(text: string): AclRecord[] {
  let doc: Document;
  try {
    doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: true, prettyErrors: true });
  } catch (e) {
    if (e instanceof RangeError) throw new AclFileError('Invalid YAML: the file nests too deeply.');
    throw e;
  }
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0];
    const what = err.code === 'MULTIPLE_DOCS' ? 'the file holds more than one YAML document' : err.message.split(' at line ')[0];
    throw new AclFileError(pos ? `Invalid YAML at line ${pos.line}, column ${pos.col}: ${what}` : `Invalid YAML: ${what}`);
  }
  const data = toPlain(doc, doc.contents, { nodes: 0 }, []);
  if (!Array.isArray(data)) {
    throw new AclFileError('The file is not an ACL export: OTRS writes a YAML list of ACLs (lines starting with "- ").');
  }
  const v = validateAclRecords(data);
  if (!v.ok) throw new AclFileError(v.issues.map((i) => i.message).join('\n'), v.issues);
  return v.records;
}

/**
 * Scalars stay text, as Perl keeps them: `- 1` is '1', `- 1.0` stays '1.0'. Only the plain words
 * YAML::XS itself reads otherwise are converted: ~, null and nothing → null; true/false → booleans
 * (which validation then refuses where text is expected).
 */
function toPlain(doc: Document, node: Node | null | undefined, budget: { nodes: number }, path: readonly Node[]): unknown {
  if (++budget.nodes > MAX_NODES) throw new AclFileError('The file is too large or nests aliases too deeply.');
  if (path.length > MAX_DEPTH) throw new AclFileError('Invalid YAML: the file nests too deeply.');
  if (node === null || node === undefined) return null;
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (!target) throw new AclFileError(`Invalid YAML: the alias *${node.source} is not defined`);
    // An alias to a node that contains it (`&a [ *a ]`) would expand forever.
    if (path.includes(target)) throw new AclFileError(`Invalid YAML: the alias *${node.source} refers to a node that contains it`);
    return toPlain(doc, target, budget, path);
  }
  const inner = [...path, node];
  if (isScalar(node)) {
    const value = String(node.value ?? '');
    // YAML can write NUL as an escape ("\0"); no database stores it in text.
    if (value.includes('\u0000')) throw new AclFileError('Invalid YAML: text may not contain the NUL character (U+0000).');
    if (node.type === 'PLAIN') {
      if (value === '' || value === '~' || value === 'null') return null;
      if (value === 'true') return true;
      if (value === 'false') return false;
    }
    return value;
  }
  if (isSeq(node)) return node.items.map((item) => toPlain(doc, item as Node, budget, inner));
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = toPlain(doc, pair.key as Node, budget, inner);
      if (typeof key !== 'string') throw new AclFileError('Invalid YAML: every key must be text');
      out[key] = toPlain(doc, pair.value as Node | null, budget, inner);
    }
    return out;
  }
  throw new AclFileError('Invalid YAML: unexpected content');
}

/**
 * The records in the order given (Znuny exports by ID), each with every key OTRS writes; an ACL
 * without conditions or changes gets '' there, as Znuny's ACLGet() returns it.
 */
export function exportAclYaml(records: readonly AclRecord[]): string {
  return emitYamlDocument(records.map(recordToYaml));
}

function recordToYaml(r: AclRecord): YamlValue {
  const out: Record<string, YamlValue> = {
    Name: r.Name,
    Comment: r.Comment,
    Description: r.Description,
    StopAfterMatch: r.StopAfterMatch,
    ValidID: r.ValidID,
    ConfigMatch: r.ConfigMatch ? matchToYaml(r.ConfigMatch) : '',
    ConfigChange: r.ConfigChange ? changeToYaml(r.ConfigChange) : '',
  };
  if (r.ID !== undefined) out['ID'] = r.ID;
  for (const k of ['CreateBy', 'CreateTime', 'ChangeBy', 'ChangeTime'] as const) {
    const v = r[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function matchToYaml(m: NonNullable<AclRecord['ConfigMatch']>): YamlValue {
  const out: Record<string, YamlValue> = {};
  if (m.Properties) out['Properties'] = conditionsToYaml(m.Properties);
  if (m.PropertiesDatabase) out['PropertiesDatabase'] = conditionsToYaml(m.PropertiesDatabase);
  return out;
}

function conditionsToYaml(c: AclConditions): YamlValue {
  return c as Record<string, Record<string, string[]>>;
}

function changeToYaml(c: NonNullable<AclRecord['ConfigChange']>): YamlValue {
  const out: Record<string, YamlValue> = {};
  for (const k of ['Possible', 'PossibleAdd', 'PossibleNot'] as const) {
    const set: AclChangeSet | undefined = c[k];
    if (set) out[k] = set as Record<string, YamlValue>;
  }
  return out;
}
