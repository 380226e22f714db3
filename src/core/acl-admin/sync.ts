// "Changed since the last deploy": the stored ACLs (drafts) against the newest deployment's
// snapshot. Znuny keeps a list of unsynced ACL ids; Parley compares with what was deployed, so an
// edit that is undone counts as in sync again.

import type { AclRecord } from '../acl/index.ts';
import { aclFingerprint } from './records.ts';
import { aclNameKey } from '../acl/index.ts';

/**
 * - deployed: valid and in effect as stored
 * - new: valid, not in effect yet
 * - changed: valid and in effect, but edited since
 * - removed: in effect, but now invalid (the next deploy takes it out)
 * - inactive: invalid and not in effect (deploying changes nothing)
 */
export type AclDeployState = 'deployed' | 'new' | 'changed' | 'removed' | 'inactive';

export const PENDING_STATES: ReadonlySet<AclDeployState> = new Set(['new', 'changed', 'removed']);

export interface AclSync {
  /** By ACL ID. */
  readonly states: ReadonlyMap<number, AclDeployState>;
  /** Deployed ACLs that no longer exist as stored (only a database restored from elsewhere has them). */
  readonly orphans: readonly string[];
  /** Whether a deploy now would change nothing. */
  readonly inSync: boolean;
}

/** `stored` must carry IDs; `deployed` is null before the first deploy. */
export function compareWithDeployment(stored: readonly AclRecord[], deployed: readonly AclRecord[] | null): AclSync {
  const byId = new Map<number, AclRecord>();
  const byName = new Map<string, AclRecord>();
  for (const d of deployed ?? []) {
    if (d.ID !== undefined) byId.set(d.ID, d);
    byName.set(aclNameKey(d.Name), d);
  }
  const matched = new Set<AclRecord>();
  const states = new Map<number, AclDeployState>();
  for (const r of stored) {
    if (r.ID === undefined) throw new Error('stored ACLs carry their ID');
    // By ID; by name only for snapshots written without IDs.
    const d = byId.get(r.ID) ?? (byId.size === 0 ? byName.get(aclNameKey(r.Name)) : undefined);
    if (d) matched.add(d);
    const valid = r.ValidID === 1;
    const state: AclDeployState = !d ? (valid ? 'new' : 'inactive') : !valid ? 'removed' : aclFingerprint(d) === aclFingerprint(r) ? 'deployed' : 'changed';
    states.set(r.ID, state);
  }
  const orphans = (deployed ?? []).filter((d) => !matched.has(d)).map((d) => d.Name);
  const pending = [...states.values()].some((s) => PENDING_STATES.has(s));
  return { states, orphans, inSync: !pending && orphans.length === 0 };
}
