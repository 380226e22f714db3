// What an import will do, decided before anything is written (the caller applies the plan in one
// transaction, and only when it has no errors). The rules are Znuny's ACLImport():
// - ID and the audit fields of the file are ignored; the importing user and now are recorded.
// - An ACL whose name exists exactly is updated when "overwrite" is chosen.
// - Otherwise it is added, which fails when the name exists ignoring case (ACLAdd checks
//   LOWER(name)). So with overwrite, a name that differs from a stored one only in case is still
//   an error, as in Znuny: its exact-name lookup misses and the add then collides.

import { t } from '../../i18n/index.ts';
import { aclNameKey } from './validate.ts';
import type { AclRecord } from './types.ts';

export type AclImportRecord = Omit<AclRecord, 'ID' | 'CreateBy' | 'CreateTime' | 'ChangeBy' | 'ChangeTime'>;

export interface AclImportPlan {
  readonly add: AclImportRecord[];
  /** `name` is the stored ACL to update (the same text as the record's name). */
  readonly update: { readonly name: string; readonly record: AclImportRecord }[];
  readonly errors: { readonly name: string; readonly message: string }[];
}

export function planImport(existingNames: Iterable<string>, records: readonly AclRecord[], options: { overwrite: boolean }): AclImportPlan {
  const exact = new Set<string>();
  const byKey = new Map<string, string>();
  for (const n of existingNames) {
    exact.add(n);
    byKey.set(aclNameKey(n), n);
  }
  const plan: AclImportPlan = { add: [], update: [], errors: [] };
  const inFile = new Set<string>();
  for (const r of records) {
    const key = aclNameKey(r.Name);
    if (inFile.has(key)) {
      plan.errors.push({ name: r.Name, message: t('errors.aclImport.twiceInFile', { name: r.Name }) });
      continue;
    }
    inFile.add(key);
    const record = withoutAudit(r);
    if (options.overwrite && exact.has(r.Name)) {
      plan.update.push({ name: r.Name, record });
      continue;
    }
    const stored = byKey.get(key);
    if (stored === undefined) {
      plan.add.push(record);
    } else if (options.overwrite) {
      plan.errors.push({
        name: r.Name,
        message: t('errors.aclImport.caseClash', { stored, name: r.Name }),
      });
    } else {
      plan.errors.push({ name: r.Name, message: t('errors.aclImport.exists', { stored }) });
    }
  }
  return plan;
}

function withoutAudit(r: AclRecord): AclImportRecord {
  return {
    Name: r.Name,
    Comment: r.Comment,
    Description: r.Description,
    StopAfterMatch: r.StopAfterMatch,
    ValidID: r.ValidID,
    ConfigMatch: r.ConfigMatch,
    ConfigChange: r.ConfigChange,
  };
}
