// The admin side of ACLs (AdminACL): drafts in the acls table, import and export in OTRS's YAML,
// and "Deploy ACLs", which snapshots the valid ones into acl_deployments for the enforcement hooks.

import { t } from '../../i18n/index.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import {
  findAclRow,
  findAclRowByName,
  insertAclRow,
  insertDeployment,
  latestDeployment,
  listAclRows,
  listAclRowsById,
  updateAclRow,
  type Deployment,
} from '../../db/repos/acls.ts';
import type { AclRow, Db } from '../../db/schema.ts';
import { inTransaction } from '../../db/tx.ts';
import { compileAcls } from '../acl/compile.ts';
import { ACL_NAME_MAX, AclFileError, exportAclYaml, parseAclYaml, planImport, validateAclRecord, type AclRecord } from '../acl/index.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { forgetDeployedAcls } from '../options/acl.ts';
import { nowIso } from '../time.ts';
import { isValidity, validityFromId, validityToId, type Validity } from '../validity.ts';
import { AclImportError, AclRecordError, importErrorFromFile } from './errors.ts';
import { editablePart, recordColumns, rowToRecord } from './records.ts';
import { compareWithDeployment, PENDING_STATES, type AclDeployState } from './sync.ts';

/** Who changes ACLs: OTRS records the login in CreateBy/ChangeBy and in the deployment. */
export interface AclAuthor {
  readonly login: string;
}

export interface AclView {
  readonly id: number;
  readonly record: AclRecord;
  readonly validity: Validity;
  readonly state: AclDeployState;
  readonly changedSinceDeploy: boolean;
}

export interface DeploymentInfo {
  readonly id: number;
  readonly deployedBy: string;
  readonly deployedAt: string;
  /** The names of the ACLs it put into effect. */
  readonly names: string[];
}

export interface AclStatus {
  readonly inSync: boolean;
  readonly deployment: DeploymentInfo | null;
  /** ACLs a deploy would change, by name. */
  readonly pending: { id: number; name: string; state: AclDeployState }[];
  /** Deployed ACLs that are no longer stored. */
  readonly orphans: string[];
}

function deployedRecords(d: Deployment | null): AclRecord[] | null {
  return d ? (JSON.parse(d.acls) as AclRecord[]) : null;
}

function deploymentInfo(d: Deployment, records: readonly AclRecord[]): DeploymentInfo {
  return { id: d.id, deployedBy: d.deployed_by, deployedAt: d.deployed_at, names: records.map((r) => r.Name) };
}

/** Every ACL by name, each with its deploy state, and the overall status. */
export async function listAcls(db: Db): Promise<{ items: AclView[]; status: AclStatus }> {
  const [rows, deployment] = await Promise.all([listAclRows(db), latestDeployment(db)]);
  const records = rows.map(rowToRecord);
  const deployed = deployedRecords(deployment);
  const sync = compareWithDeployment(records, deployed);
  const items = records.map((record) => {
    const id = record.ID!;
    const state = sync.states.get(id)!;
    return { id, record, validity: validityFromId(record.ValidID) ?? 'valid', state, changedSinceDeploy: PENDING_STATES.has(state) };
  });
  const status: AclStatus = {
    inSync: sync.inSync,
    deployment: deployment && deployed ? deploymentInfo(deployment, deployed) : null,
    pending: items.filter((i) => i.changedSinceDeploy).map((i) => ({ id: i.id, name: i.record.Name, state: i.state })),
    orphans: [...sync.orphans],
  };
  return { items, status };
}

export async function getAcl(db: Db, id: number): Promise<AclView> {
  const view = (await listAcls(db)).items.find((i) => i.id === id);
  if (!view) throw notFound(t('errors.noun.acl', { id }));
  return view;
}

export async function aclStatus(db: Db): Promise<AclStatus> {
  return (await listAcls(db)).status;
}

const IGNORED = new Set(['ID', 'CreateBy', 'CreateTime', 'ChangeBy', 'ChangeTime']);

/**
 * Creates (id null) or changes one ACL from OTRS-shaped fields. A change merges the fields given
 * over the stored ones; ID and audit fields in the input are ignored, as an import ignores them.
 * `validity` ('valid', …) may stand for ValidID.
 */
export async function saveAcl(db: Db, author: AclAuthor, id: number | null, input: unknown, now = nowIso()): Promise<AclRow> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalid('body', t('admin.acl.errors.body'));
  const given = { ...(input as Record<string, unknown>) };
  if ('validity' in given) {
    const v = given['validity'];
    if (!isValidity(v)) throw invalid('validity', t('admin.acl.errors.validity'));
    if (given['ValidID'] !== undefined && Number(given['ValidID']) !== validityToId(v)) throw invalid('validity', t('admin.acl.errors.validityDisagree'));
    given['ValidID'] = validityToId(v);
    delete given['validity'];
  }
  return inTransaction(db, async (trx) => {
    const existing = id === null ? undefined : await findAclRow(trx, id);
    if (id !== null && !existing) throw notFound(t('errors.noun.acl', { id }));
    const base: Record<string, unknown> = existing ? { ...editablePart(rowToRecord(existing)) } : {};
    // Unknown keys go on to validation, which names them.
    for (const [k, v] of Object.entries(given)) if (!IGNORED.has(k)) base[k] = v;
    const checked = validateAclRecord(base);
    if (!checked.ok) throw new AclRecordError(checked.issues);
    const record = checked.record;
    const clash = await findAclRowByName(trx, record.Name);
    if (clash && clash.id !== id) throw conflict('Name', t('admin.acl.errors.nameTaken', { name: clash.name }));
    const columns = { ...recordColumns(record), change_by: author.login, change_time: now };
    try {
      if (existing) return await updateAclRow(trx, existing.id, columns);
      return await insertAclRow(trx, { ...columns, create_by: author.login, create_time: now });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('Name', t('admin.acl.errors.nameTaken', { name: record.Name }));
      throw e;
    }
  });
}

export function setAclValidity(db: Db, author: AclAuthor, id: number, validity: unknown): Promise<AclRow> {
  if (!isValidity(validity)) throw invalid('validity', t('admin.acl.errors.validity'));
  return saveAcl(db, author, id, { ValidID: validityToId(validity) });
}

/** OTRS's "Copy": the same ACL under the name "<Name> (copy)", a draft like any other. */
export async function copyAcl(db: Db, author: AclAuthor, id: number, now = nowIso()): Promise<AclRow> {
  return inTransaction(db, async (trx) => {
    const row = await findAclRow(trx, id);
    if (!row) throw notFound(t('errors.noun.acl', { id }));
    const source = editablePart(rowToRecord(row));
    for (let n = 1; ; n++) {
      const suffix = n === 1 ? ' (copy)' : ` (copy ${n})`;
      const name = [...source.Name].slice(0, ACL_NAME_MAX - suffix.length).join('') + suffix;
      if (!(await findAclRowByName(trx, name))) return saveAcl(trx, author, null, { ...source, Name: name }, now);
    }
  });
}

/**
 * Imports an OTRS YAML export: every ACL is checked and the import planned (Znuny's rules) before
 * anything is written, and the whole import is one transaction, so any error imports nothing.
 */
export async function importAcls(db: Db, author: AclAuthor, yaml: string, options: { overwrite: boolean }, now = nowIso()): Promise<{ added: string[]; updated: string[] }> {
  let records: AclRecord[];
  try {
    records = parseAclYaml(yaml);
  } catch (e) {
    if (e instanceof AclFileError) throw importErrorFromFile(e);
    throw e;
  }
  return inTransaction(db, async (trx) => {
    const rows = await listAclRows(trx);
    const plan = planImport(
      rows.map((r) => r.name),
      records,
      options,
    );
    if (plan.errors.length) {
      throw new AclImportError(
        plan.errors.map((e) => e.message).join('\n'),
        `ACL "${plan.errors[0]!.name}".Name`,
        plan.errors.map((e) => e.name),
      );
    }
    const byName = new Map(rows.map((r) => [r.name, r]));
    const audit = { change_by: author.login, change_time: now };
    for (const r of plan.add) await insertAclRow(trx, { ...recordColumns(r), ...audit, create_by: author.login, create_time: now });
    for (const u of plan.update) await updateAclRow(trx, byName.get(u.name)!.id, { ...recordColumns(u.record), ...audit });
    return { added: plan.add.map((r) => r.Name), updated: plan.update.map((u) => u.name) };
  });
}

/** All ACLs (invalid ones too), or the one named, as YAML that OTRS imports. */
export async function exportAcls(db: Db, name?: string): Promise<string> {
  if (name !== undefined) {
    const row = await findAclRowByName(db, name);
    if (!row) throw notFound(t('errors.noun.aclName', { name }), 'name');
    return exportAclYaml([rowToRecord(row)]);
  }
  return exportAclYaml((await listAclRowsById(db)).map(rowToRecord));
}

/** "Deploy ACLs": the valid ACLs as they are now take effect; invalid ones are left out. */
export async function deployAcls(db: Db, author: AclAuthor, now = nowIso()): Promise<DeploymentInfo> {
  const info = await inTransaction(db, async (trx) => {
    const records = (await listAclRowsById(trx)).map(rowToRecord).filter((r) => r.ValidID === 1);
    // ACLs saved before a rule existed (such as the one against catastrophic regular expressions)
    // are checked again: what is deployed must compile.
    try {
      compileAcls(records);
    } catch (e) {
      throw invalid('acls', t('admin.acl.errors.deployFailed', { reason: e instanceof Error ? e.message : String(e) }));
    }
    const d = await insertDeployment(trx, { acls: JSON.stringify(records), deployed_by: author.login, deployed_at: now });
    return deploymentInfo(d, records);
  });
  forgetDeployedAcls();
  return info;
}
