// Stored ACL rows ↔ OTRS records. The table keeps ConfigMatch/ConfigChange as JSON text and times
// as ISO 8601; OTRS records carry ValidID and `YYYY-MM-DD HH:MM:SS` times.

import { aclNameKey, otrsTime, type AclRecord, type AclValidId } from '../acl/index.ts';
import type { AclRow } from '../../db/schema.ts';

export function rowToRecord(row: AclRow): AclRecord {
  return {
    ID: row.id,
    Name: row.name,
    Comment: row.comment ?? '',
    Description: row.description ?? '',
    StopAfterMatch: row.stop_after_match ? 1 : 0,
    ValidID: validIdOf(row.valid_id),
    ConfigMatch: JSON.parse(row.config_match) as AclRecord['ConfigMatch'],
    ConfigChange: JSON.parse(row.config_change) as AclRecord['ConfigChange'],
    CreateBy: row.create_by,
    CreateTime: otrsTime(row.create_time),
    ChangeBy: row.change_by,
    ChangeTime: otrsTime(row.change_time),
  };
}

function validIdOf(n: number): AclValidId {
  return n === 2 || n === 3 ? n : 1;
}

/** The columns a record's editable part fills. */
export function recordColumns(r: AclRecord) {
  return {
    name: r.Name,
    name_key: aclNameKey(r.Name),
    comment: r.Comment,
    description: r.Description,
    stop_after_match: r.StopAfterMatch,
    valid_id: r.ValidID,
    config_match: JSON.stringify(r.ConfigMatch),
    config_change: JSON.stringify(r.ConfigChange),
  };
}

/** The editable part of a record, without ID and audit fields (what an import or a form sets). */
export function editablePart(r: AclRecord): AclRecord {
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

/**
 * What decides whether an ACL differs from its deployed copy: every editable field, as Znuny marks
 * an ACL "not in sync" on any save. Keys are sorted so that the order an editor wrote them in does
 * not count as a change; the order of values does (it is what the admin sees).
 */
export function aclFingerprint(r: AclRecord): string {
  return stableJson(editablePart(r));
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
