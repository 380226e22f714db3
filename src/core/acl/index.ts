// The OTRS-compatible ACL engine (MISSION A1–A4): records, validation, YAML, the filter itself.

export * from './types.ts';
export { validateAclRecord, validateAclRecords, duplicateAclNames, aclNameKey, ACL_NAME_MAX, type AclIssue, type AclValidation } from './validate.ts';
export { compileAcls, listKey, type AclSet } from './compile.ts';
export {
  filterOptions,
  allowedActions,
  defaultCompareBy,
  type AclContext,
  type AllowedActionsInput,
  type CompareBy,
  type FilterOptionsInput,
} from './engine.ts';
export { parseAclYaml, exportAclYaml, AclFileError } from './yaml.ts';
export { planImport, type AclImportPlan, type AclImportRecord } from './import-plan.ts';
export { evalAclRequest, runAclEval, type AclEvalResult } from './eval.ts';
export { userProperties, SYSTEM_PERMISSIONS, type AgentForAcl, type UserProperties } from './properties.ts';
export { otrsTime } from './time.ts';
export { SEED_ACL_YAML } from './seed.ts';
