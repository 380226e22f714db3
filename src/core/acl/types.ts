// The OTRS/Znuny ACL as its admin module exports it (Kernel::System::ACL::DB::ACL → ACLGet), and the
// run-time form Znuny deploys into its configuration (ACLDump → $Self->{TicketAcl}->{Name}).

/** Condition groups Znuny's ACL editor offers (ACLKeysLevel2::Properties). */
export const PROPERTY_GROUPS = [
  'CustomerUser',
  'DynamicField',
  'Frontend',
  'Owner',
  'Priority',
  'Process',
  'Queue',
  'Responsible',
  'SLA',
  'Service',
  'State',
  'Ticket',
  'Type',
  'User',
] as const;
export type PropertyGroup = (typeof PROPERTY_GROUPS)[number];

/**
 * Second-level keys of Possible/PossibleAdd/PossibleNot. Ticket holds one list per ticket field
 * (Queue, State, TwitterProfileID, DynamicField_X, …); the others are plain lists. Form and FormStd
 * come from OTRS 7 exports: accepted so such files import, inert here as they are in Znuny.
 */
export const CHANGE_TYPES = ['Action', 'ActivityDialog', 'Form', 'FormStd', 'Process', 'Ticket'] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];
export type ListChangeType = Exclude<ChangeType, 'Ticket'>;

export const CHANGE_KINDS = ['Possible', 'PossibleAdd', 'PossibleNot'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const MATCH_SETS = ['Properties', 'PropertiesDatabase'] as const;
export type MatchSet = (typeof MATCH_SETS)[number];

/** attribute → values, e.g. { Group_rw: ['[Not]twitter'] }. Values of one attribute are OR-ed. */
export type AclConditionGroup = Record<string, string[]>;
export type AclConditions = Partial<Record<PropertyGroup, AclConditionGroup>>;

export interface AclConfigMatch {
  Properties?: AclConditions;
  PropertiesDatabase?: AclConditions;
}

export type AclChangeSet = { Ticket?: Record<string, string[]> } & Partial<Record<ListChangeType, string[]>>;

export interface AclConfigChange {
  Possible?: AclChangeSet;
  PossibleAdd?: AclChangeSet;
  PossibleNot?: AclChangeSet;
}

/** OTRS's ValidID: 1 valid, 2 invalid, 3 invalid-temporarily. Only valid ACLs are deployed. */
export type AclValidId = 1 | 2 | 3;

/** `YYYY-MM-DD HH:MM:SS`, the way OTRS writes times in its exports. */
export type OtrsTime = string;

/** One ACL as exported and imported. Absent ConfigMatch/ConfigChange are null (OTRS writes ''). */
export interface AclRecord {
  ID?: number;
  Name: string;
  Comment: string;
  Description: string;
  StopAfterMatch: 0 | 1;
  ValidID: AclValidId;
  ConfigMatch: AclConfigMatch | null;
  ConfigChange: AclConfigChange | null;
  CreateBy?: string;
  CreateTime?: OtrsTime;
  ChangeBy?: string;
  ChangeTime?: OtrsTime;
}

/** The deployed form of one ACL, as Znuny's TicketAcl() reads it. */
export interface AclRuntime {
  Properties: AclConditions;
  PropertiesDatabase: AclConditions;
  Possible: AclChangeSet;
  PossibleAdd: AclChangeSet;
  PossibleNot: AclChangeSet;
  StopAfterMatch: 0 | 1;
}

export function toRuntimeAcl(record: AclRecord): AclRuntime {
  return {
    Properties: record.ConfigMatch?.Properties ?? {},
    PropertiesDatabase: record.ConfigMatch?.PropertiesDatabase ?? {},
    Possible: record.ConfigChange?.Possible ?? {},
    PossibleAdd: record.ConfigChange?.PossibleAdd ?? {},
    PossibleNot: record.ConfigChange?.PossibleNot ?? {},
    StopAfterMatch: record.StopAfterMatch,
  };
}

/** A value the caller knows about the situation: text, a number, or a list (groups, roles, multiselects). */
export type PropertyValue = string | number | readonly (string | number)[] | null | undefined;

/** group → attribute → value, e.g. { User: { UserLogin: 'anna', Group_rw: ['users'] } }. */
export type AclProperties = Readonly<Partial<Record<string, Readonly<Record<string, PropertyValue>>>>>;

/** The id of root@localhost. Znuny's TicketAcl() returns before looking at any ACL for it. */
export const ACL_SUPERUSER_ID = 1;
