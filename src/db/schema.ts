import type { ColumnType, Generated, Insertable, Kysely, Selectable, Updateable } from 'kysely';

// Table types for Kysely. Times are ISO 8601 UTC strings (same text in SQLite and PostgreSQL,
// sortable as text); booleans are 0/1 integers; JSON is stored as text.

type Id = Generated<number>;
type Time = string;
type Flag = number;

export interface GroupsTable {
  id: Id;
  name: string;
  comment: string | null;
  validity: string;
  created_at: Time;
  changed_at: Time;
  created_by: number | null;
  changed_by: number | null;
}

export interface AgentsTable {
  id: Id;
  login: string;
  first_name: string;
  last_name: string;
  email: string;
  password_hash: string;
  validity: string;
  last_login_at: Time | null;
  created_at: Time;
  changed_at: Time;
  created_by: number | null;
  changed_by: number | null;
}

export interface AgentGroupsTable {
  agent_id: number;
  group_id: number;
  permission: string;
}

export interface ApiTokensTable {
  id: Id;
  agent_id: number;
  name: string;
  token_hash: string;
  created_at: Time;
  last_used_at: Time | null;
}

export interface SessionsTable {
  id: string;
  agent_id: number;
  csrf_token: string;
  created_at: Time;
  expires_at: Time;
}

export interface LoginAttemptsTable {
  login: string;
  failures: number;
  last_failure_at: Time;
  /** Set after repeated failures: no password is checked for this login until then (004). */
  locked_until: Time | null;
}

export interface QueuesTable {
  id: Id;
  name: string;
  group_id: number;
  comment: string | null;
  validity: string;
  follow_up: string;
  follow_up_lock: Flag;
  created_at: Time;
  changed_at: Time;
  created_by: number | null;
  changed_by: number | null;
}

export interface CustomerUsersTable {
  id: Id;
  login: string;
  name: string;
  email: string | null;
  validity: string;
  created_at: Time;
  changed_at: Time;
}

export interface CustomerIdentitiesTable {
  id: Id;
  customer_id: number;
  network: string;
  external_user_id: string;
  handle: string;
  display_name: string;
  avatar_url: string | null;
  created_at: Time;
  changed_at: Time;
  bio: string | null;
  location: string | null;
  followers_count: number | null;
  /** 0/1; null until X told us. */
  verified: Flag | null;
  account_created_at: Time | null;
  /** The stored picture (blobs.sha256) and its type; null: none stored (initials are shown). */
  avatar_sha256: string | null;
  avatar_type: string | null;
  /** The avatar_url the stored picture, or the last given-up attempt, came from. */
  avatar_source: string | null;
  /** When the next download attempt may start (also a worker's claim while it downloads). */
  avatar_due_at: Time | null;
  avatar_attempts: Generated<number>;
}

export interface SocialProfilesTable {
  id: Id;
  type: string;
  name: string;
  description: string | null;
  app_name: string | null;
  /** JSON: the adapter's credential fields; secret ones sealed with SecretBox. */
  credentials: string;
  target_queue_id: number | null;
  auto_response_enabled: Flag;
  auto_response_text: string | null;
  validity: string;
  account_id: string | null;
  account_username: string | null;
  account_name: string | null;
  verified_at: Time | null;
  verify_error: string | null;
  completed_at: Time | null;
  /** 011: JSON, the limits the profile's server reported (ServerLimits); null where the network's rules are fixed. */
  server_limits: string | null;
  /** 011: when server_limits was read. */
  server_limits_at: Time | null;
  created_at: Time;
  changed_at: Time;
  created_by: number | null;
  changed_by: number | null;
}

export interface ProfileCursorsTable {
  profile_id: number;
  stream: string;
  cursor: string;
  updated_at: Time;
}

export interface ProfilePollStateTable {
  profile_id: number;
  next_poll_at: Time;
  last_poll_at: Time | null;
  last_success_at: Time | null;
  last_error: string | null;
  last_error_at: Time | null;
  failures: number;
}

export interface ProfileApiUsageTable {
  profile_id: number;
  day: string;
  reads: number;
  writes: number;
}

export interface TicketsTable {
  id: Id;
  number: string;
  title: string;
  queue_id: number;
  state: string;
  state_type: string;
  lock: string;
  owner_id: number;
  priority: number;
  customer_id: number | null;
  social_profile_id: number | null;
  conversation_key: string | null;
  pending_until: Time | null;
  created_at: Time;
  changed_at: Time;
  created_by: number;
  changed_by: number;
}

export interface TicketHistoryTable {
  id: Id;
  ticket_id: number;
  type: string;
  message: string;
  /** 008: the catalog key the message was written from ("history.locked"); null on older rows. */
  message_key: string | null;
  /** 008: its parameters as JSON. */
  message_params: string | null;
  created_by: number;
  created_at: Time;
}

export interface TicketLinksTable {
  id: Id;
  source_ticket_id: number;
  target_ticket_id: number;
  type: string;
  created_at: Time;
}

export interface ArticlesTable {
  id: Id;
  ticket_id: number;
  channel: string;
  direction: string;
  sender_type: string;
  from_display: string;
  to_display: string;
  body: string;
  visible_for_customer: Flag;
  profile_id: number | null;
  kind: string | null;
  external_id: string | null;
  conversation_key: string | null;
  in_reply_to_external_id: string | null;
  url: string | null;
  identity_id: number | null;
  delivery_status: string | null;
  delivery_error: string | null;
  created_by: number;
  created_at: Time;
  /** 007: JSON [{ url, expandedUrl, displayUrl }], the t.co links of an incoming message. */
  links?: string | null;
}

export interface OutboxTable {
  id: Id;
  article_id: number;
  profile_id: number;
  /** JSON OutboundMessage. */
  message: string;
  status: string;
  attempts: number;
  next_attempt_at: Time;
  lease_owner: string | null;
  lease_until: Time | null;
  attempt_started_at: Time | null;
  last_error: string | null;
  created_at: Time;
  updated_at: Time;
}

export interface TicketNumberCountersTable {
  day: string;
  value: number;
}

export interface AclsTable {
  id: Id;
  name: string;
  name_key: string;
  comment: string | null;
  description: string | null;
  stop_after_match: Flag;
  valid_id: number;
  config_match: string;
  config_change: string;
  create_by: string;
  create_time: Time;
  change_by: string;
  change_time: Time;
}

export interface AclDeploymentsTable {
  id: Id;
  /** JSON: the ACL records in effect. */
  acls: string;
  deployed_by: string;
  deployed_at: Time;
}

export interface LeasesTable {
  name: string;
  owner: string;
  expires_at: Time;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface RateLimitsTable {
  profile_id: number;
  endpoint: string;
  limit_total: number;
  remaining: number;
  reset_at: Time;
  updated_at: Time;
}

export interface AgentPreferencesTable {
  agent_id: number;
  language: string | null;
  time_zone: string | null;
  dm_signature: string | null;
  /** JSON array of queue ids, or null: never chosen (then the queues the agent has rw on). */
  my_queue_ids: string | null;
  /** JSON: per notification type, `{ web, email }`; null means the defaults. */
  notify: string | null;
  browser_notify: Generated<Flag>;
  changed_at: Time;
}

export interface NotificationsTable {
  id: Id;
  agent_id: number;
  type: string;
  ticket_id: number | null;
  article_id: number | null;
  message: string;
  /** 008: the catalog key of the message ("notify.assigned"), rendered in the recipient's language. */
  message_key: string | null;
  /** 008: its parameters as JSON. */
  message_params: string | null;
  created_at: Time;
  read_at: Time | null;
  /** 1: shown in the bell; 0: only e-mailed. */
  web: Flag;
  /** null: no e-mail wanted; `pending`, `sent`, `failed` or `skipped`. */
  email_status: string | null;
  email_attempts: Generated<number>;
  email_next_at: Time | null;
  email_lease_owner: string | null;
  email_lease_until: Time | null;
  email_error: string | null;
  email_sent_at: Time | null;
}

export interface TemplatesTable {
  id: Id;
  name: string;
  name_key: string;
  body: string;
  comment: string | null;
  validity: string;
  created_at: Time;
  changed_at: Time;
  created_by: number | null;
  changed_by: number | null;
}

export interface TemplateQueuesTable {
  template_id: number;
  queue_id: number;
}

export interface TicketMergesTable {
  ticket_id: number;
  target_ticket_id: number;
  created_by: number;
  created_at: Time;
}

export interface BlobsTable {
  sha256: string;
  size: number;
  /** Null when the content is stored in PARLEY_ATTACHMENTS_DIR. */
  data: Uint8Array | null;
  created_at: Time;
}

export interface AttachmentsTable {
  id: Id;
  article_id: number;
  ticket_id: number;
  filename: string;
  content_type: string;
  /** Null until downloaded. */
  size: number | null;
  sha256: string | null;
  /** X's kind: photo, animated_gif, video; null for other files. */
  media_type: string | null;
  alt_text: string | null;
  width: number | null;
  height: number | null;
  /** `pending` (to download), `stored`, `failed` (gave up; shown as a placeholder). */
  status: string;
  /** JSON MediaSource: where the channel downloads it from. Null for files agents attached. */
  source: string | null;
  /** The network's id once uploaded for an outgoing message (reused on a retry). */
  external_media_id: string | null;
  attempts: number;
  next_attempt_at: Time | null;
  lease_owner: string | null;
  lease_until: Time | null;
  last_error: string | null;
  created_at: Time;
}

export interface DB {
  groups: GroupsTable;
  agents: AgentsTable;
  agent_groups: AgentGroupsTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  queues: QueuesTable;
  customer_users: CustomerUsersTable;
  customer_identities: CustomerIdentitiesTable;
  social_profiles: SocialProfilesTable;
  profile_cursors: ProfileCursorsTable;
  profile_poll_state: ProfilePollStateTable;
  profile_api_usage: ProfileApiUsageTable;
  tickets: TicketsTable;
  ticket_history: TicketHistoryTable;
  ticket_links: TicketLinksTable;
  articles: ArticlesTable;
  outbox: OutboxTable;
  ticket_number_counters: TicketNumberCountersTable;
  acls: AclsTable;
  acl_deployments: AclDeploymentsTable;
  leases: LeasesTable;
  settings: SettingsTable;
  profile_billed_usage: ProfileBilledUsageTable;
  profile_billed_reads: ProfileBilledReadsTable;
  profile_budgets: ProfileBudgetsTable;
  rate_limits: RateLimitsTable;
  agent_preferences: AgentPreferencesTable;
  notifications: NotificationsTable;
  templates: TemplatesTable;
  template_queues: TemplateQueuesTable;
  ticket_merges: TicketMergesTable;
  blobs: BlobsTable;
  attachments: AttachmentsTable;
}

/** A database handle or an open transaction: repositories take either. */
export type Db = Kysely<DB>;

export type GroupRow = Selectable<GroupsTable>;
export type AgentRow = Selectable<AgentsTable>;
export type QueueRow = Selectable<QueuesTable>;
export type TicketRow = Selectable<TicketsTable>;
export type NewTicketRow = Insertable<TicketsTable>;
export type TicketUpdate = Updateable<TicketsTable>;
export type ArticleRow = Selectable<ArticlesTable>;
export type NewArticleRow = Insertable<ArticlesTable>;
export type CustomerRow = Selectable<CustomerUsersTable>;
export type IdentityRow = Selectable<CustomerIdentitiesTable>;
export type ProfileRow = Selectable<SocialProfilesTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type AclRow = Selectable<AclsTable>;

/** What X billed a profile on one UTC day: resources read, writes, and their price (issue 9). */
export interface ProfileBilledUsageTable {
  profile_id: number;
  day: string;
  read_posts: number;
  read_owned_posts: number;
  read_users: number;
  read_dm_events: number;
  read_media: number;
  write_posts: number;
  write_posts_with_url: number;
  write_summoned_replies: number;
  write_dms: number;
  write_media: number;
  /** PostgreSQL answers bigint as text. */
  usd_micros: ColumnType<number | string, number, number>;
}

/** Resources billed today (X bills a resource read twice in one UTC day once). */
export interface ProfileBilledReadsTable {
  profile_id: number;
  day: string;
  resource: string;
}

export interface ProfileBudgetsTable {
  profile_id: number;
  monthly_budget_usd: number | null;
  changed_at: Time;
}
export type AgentPreferencesRow = Selectable<AgentPreferencesTable>;
export type NotificationRow = Selectable<NotificationsTable>;
export type NewNotificationRow = Insertable<NotificationsTable>;
export type TemplateRow = Selectable<TemplatesTable>;
export type AttachmentRow = Selectable<AttachmentsTable>;
