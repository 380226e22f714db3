// ACL administration (AdminACL): drafts, copy, validity, import/export in OTRS's YAML, deploy.

export * from './service.ts';
export { AclImportError, AclRecordError, issueField } from './errors.ts';
export { compareWithDeployment, PENDING_STATES, type AclDeployState, type AclSync } from './sync.ts';
export { aclFingerprint, rowToRecord } from './records.ts';
