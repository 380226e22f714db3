import { z } from '@hono/zod-openapi';
import type { AclView } from '../../core/acl-admin/index.ts';
import { Validity } from './base.ts';

// ACLs travel in OTRS's own record shape (the YAML export's keys), so a record from an OTRS export
// can be sent as it is. Request bodies are checked by the ACL validator, not by these schemas: its
// messages name the ACL and the key, as an import's do.

const Values = z.array(z.string()).openapi({ description: 'Values, OR-ed; modifiers [Not], [RegExp], [regexp], [NotRegExp], [Notregexp].', example: ['[Not]twitter'] });

const Conditions = z.record(z.string(), z.record(z.string(), Values)).openapi('AclConditions', {
  description: 'Group (User, Ticket, Queue, Frontend, Owner, …) → attribute (Group_rw, TwitterProfileID, Action, …) → values.',
  example: { User: { Group_rw: ['[Not]twitter'] } },
});

const ChangeSet = z
  .object({
    Ticket: z.record(z.string(), Values).optional().openapi({ description: 'Ticket field (Queue, State, Priority, Owner, TwitterProfileID, …) → values.' }),
    Action: Values.optional().openapi({ description: 'Screens and buttons, e.g. AgentTicketCompose.' }),
    ActivityDialog: Values.optional(),
    Process: Values.optional(),
    Form: Values.optional(),
    FormStd: Values.optional(),
  })
  .openapi('AclChangeSet');

export const AclRecordSchema = z
  .object({
    ID: z.number().int().optional().openapi({ description: 'Ignored on input.' }),
    Name: z.string().openapi({ example: 'Limit Access to Twitter Profile' }),
    Comment: z.string(),
    Description: z.string(),
    StopAfterMatch: z.union([z.literal(0), z.literal(1)]),
    ValidID: z.union([z.literal(1), z.literal(2), z.literal(3)]).openapi({ description: '1 valid, 2 invalid, 3 invalid-temporarily.' }),
    ConfigMatch: z.object({ Properties: Conditions.optional(), PropertiesDatabase: Conditions.optional() }).nullable(),
    ConfigChange: z.object({ Possible: ChangeSet.optional(), PossibleAdd: ChangeSet.optional(), PossibleNot: ChangeSet.optional() }).nullable(),
    CreateBy: z.string().optional(),
    CreateTime: z.string().optional().openapi({ example: '2020-11-05 10:55:15' }),
    ChangeBy: z.string().optional(),
    ChangeTime: z.string().optional().openapi({ example: '2020-11-05 10:57:35' }),
  })
  .openapi('AclRecord', { description: 'An ACL as OTRS exports it.' });

export const AclPatchSchema = AclRecordSchema.partial()
  .extend({ validity: Validity.optional().openapi({ description: 'Instead of ValidID.' }) })
  .openapi('AclPatch', { description: 'Any fields of an AclRecord (or `validity`); the others keep their values.' });

const DeployState = z.enum(['deployed', 'new', 'changed', 'removed', 'inactive']).openapi('AclDeployState', {
  description:
    'deployed: in effect as stored; new: valid, never deployed; changed: edited since the deploy; removed: deployed but now invalid; inactive: invalid and not deployed.',
});

export const AclSchema = z
  .object({
    id: z.number().int(),
    validity: Validity,
    state: DeployState,
    changedSinceDeploy: z.boolean().openapi({ description: 'Whether "Deploy ACLs" would change how this ACL acts (state new, changed or removed).' }),
    record: AclRecordSchema,
  })
  .openapi('Acl');

const DeploymentSchema = z
  .object({
    id: z.number().int(),
    deployedBy: z.string(),
    deployedAt: z.string(),
    names: z.array(z.string()).openapi({ description: 'The ACLs put into effect (the valid ones).' }),
  })
  .openapi('AclDeployment');

export const AclStatusSchema = z
  .object({
    inSync: z.boolean().openapi({ description: 'False when a deploy would change what is in effect ("ACLs are not deployed / not in sync").' }),
    deployment: DeploymentSchema.nullable(),
    pending: z.array(z.object({ id: z.number().int(), name: z.string(), state: DeployState })),
    orphans: z.array(z.string()),
  })
  .openapi('AclStatus');

export const AclImportResultSchema = z
  .object({ added: z.array(z.string()), updated: z.array(z.string()) })
  .openapi('AclImportResult', { description: 'The names of the ACLs added and updated (as drafts: deploy to put them into effect).' });

export const AclImportErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_input' }),
      message: z.string().openapi({ example: 'ACL "Limit Access": unknown key "ConfigMatch.Properties.Usr"' }),
      field: z.string().openapi({ example: 'ACL "Limit Access".ConfigMatch.Properties.Usr' }),
      failed: z.array(z.string()).openapi({ description: 'The ACLs that could not be imported.' }),
      issues: z.array(z.object({ acl: z.string().nullable(), position: z.number().int(), key: z.string(), message: z.string() })),
    }),
  })
  .openapi('AclImportError');

export const DeployResultSchema = DeploymentSchema;

export function presentAcl(v: AclView) {
  return { id: v.id, validity: v.validity, state: v.state, changedSinceDeploy: v.changedSinceDeploy, record: v.record };
}
