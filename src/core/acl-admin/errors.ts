// Errors of ACL edits and imports that say which ACL and which key, for the API's `field`, the
// CLI's message and the form's red lines.

import { AppError } from '../errors.ts';
import type { AclFileError, AclIssue } from '../acl/index.ts';

/** `ACL "Name".ConfigMatch.Properties.Usr`, or `ACL #2.Name` for an ACL without a name. */
export function issueField(issue: Pick<AclIssue, 'acl' | 'position' | 'key'>): string {
  const who = issue.acl !== null ? `ACL "${issue.acl}"` : `ACL #${issue.position}`;
  return issue.key ? `${who}.${issue.key}` : who;
}

/** One ACL that does not validate; `field` is the first offending key (e.g. ConfigMatch.Properties.Usr). */
export class AclRecordError extends AppError {
  readonly issues: readonly AclIssue[];
  constructor(issues: readonly AclIssue[]) {
    super('invalid_input', issues.map((i) => i.message).join('\n'), issues[0]?.key || undefined);
    this.name = 'AclRecordError';
    this.issues = issues;
  }
}

/** An import that imported nothing: every problem in `message`, the first in `field`. */
export class AclImportError extends AppError {
  readonly failed: readonly string[];
  readonly issues: readonly AclIssue[];
  constructor(message: string, field: string, failed: readonly string[], issues: readonly AclIssue[] = []) {
    super('invalid_input', message, field);
    this.name = 'AclImportError';
    this.failed = failed;
    this.issues = issues;
  }
}

export function importErrorFromFile(e: AclFileError): AclImportError {
  const first = e.issues[0];
  const failed = [...new Set(e.issues.map((i) => i.acl ?? `#${i.position}`))];
  return new AclImportError(e.message, first ? issueField(first) : 'file', failed, e.issues);
}
