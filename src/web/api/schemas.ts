import { z } from '@hono/zod-openapi';
import { STATE_NAMES, STATE_TYPES } from '../../core/tickets/states.ts';
import { ARTICLE_BODY_MAX, COMMENT_MAX, NAME_MAX, TITLE_MAX } from '../../core/limits.ts';
import { t } from '../../i18n/index.ts';
import { Id, Validity } from './base.ts';

export const GroupSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    comment: z.string().nullable(),
    validity: Validity,
    createdAt: z.string(),
    changedAt: z.string(),
  })
  .openapi('Group');

export const GroupInput = z
  .object({
    name: z.string().min(1, { error: () => t('validation.required', { label: t('validation.label.name') }) }).max(NAME_MAX),
    comment: z.string().max(COMMENT_MAX).nullable().optional(),
    validity: Validity.optional(),
    members: z
      .array(z.object({ agentId: Id, permission: z.enum(['rw', 'ro']) }).strict())
      .max(10_000)
      .optional()
      .openapi({ description: 'Replaces all members of the group when given.' }),
  })
  .strict()
  .openapi('GroupInput');

export const Membership = z.object({ groupId: Id, permission: z.enum(['rw', 'ro']) }).strict();

export const AgentSchema = z
  .object({
    id: z.number().int(),
    login: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    name: z.string(),
    email: z.string(),
    validity: Validity,
    groups: z.array(Membership.extend({ groupName: z.string() })),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
    changedAt: z.string(),
  })
  .openapi('Agent');

export const AgentInput = z
  .object({
    login: z.string().min(1, { error: () => t('validation.required', { label: t('validation.label.login') }) }).max(100),
    firstName: z.string().min(1, { error: () => t('validation.required', { label: t('validation.label.firstName') }) }).max(100),
    lastName: z.string().min(1, { error: () => t('validation.required', { label: t('validation.label.lastName') }) }).max(100),
    email: z.string().min(1, { error: () => t('validation.required', { label: t('validation.label.email') }) }).max(200),
    password: z.string().min(8, { error: () => t('validation.passwordMin', { min: 8 }) }).max(1000).optional(),
    validity: Validity.optional(),
    groups: z.array(Membership).max(10_000).optional(),
  })
  .strict()
  .openapi('AgentInput');

export const FollowUp = z.enum(['possible', 'reject', 'new_ticket']).openapi('FollowUp');

export const QueueSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    groupId: z.number().int(),
    comment: z.string().nullable(),
    validity: Validity,
    followUp: FollowUp,
    followUpLock: z.boolean(),
    createdAt: z.string(),
    changedAt: z.string(),
  })
  .openapi('Queue');

export const QueueInput = z
  .object({
    name: z.string().min(1, { error: () => t('validation.required', { label: t('validation.label.name') }) }).max(NAME_MAX),
    groupId: Id,
    comment: z.string().max(COMMENT_MAX).nullable().optional(),
    validity: Validity.optional(),
    followUp: FollowUp.optional(),
    followUpLock: z.boolean().optional(),
  })
  .strict()
  .openapi('QueueInput');

export const StateName = z.enum(STATE_NAMES as [string, ...string[]]).openapi('StateName');
export const StateTypeName = z.enum(STATE_TYPES as unknown as [string, ...string[]]).openapi('StateType');

export const TicketSchema = z
  .object({
    id: z.number().int(),
    number: z.string().openapi({ example: '2026112510000017' }),
    title: z.string(),
    queueId: z.number().int(),
    state: StateName,
    stateType: StateTypeName,
    lock: z.enum(['lock', 'unlock']),
    ownerId: z.number().int(),
    priority: z.number().int().min(1).max(5),
    customerId: z.number().int().nullable(),
    socialProfileId: z.number().int().nullable(),
    conversationKey: z.string().nullable(),
    pendingUntil: z.string().nullable(),
    createdAt: z.string(),
    changedAt: z.string(),
  })
  .openapi('Ticket');

export const TicketPatchInput = z
  .object({
    state: StateName.optional(),
    pendingUntil: z.string().max(100).nullable().optional().openapi({ description: 'Required with a pending state: ISO 8601 date and time.' }),
    lock: z.enum(['lock', 'unlock']).optional(),
    ownerId: Id.optional(),
    queueId: Id.optional(),
    priority: z.union([z.number().int().min(1).max(5), z.string().max(50)]).optional(),
    title: z.string().max(TITLE_MAX).optional(),
  })
  .strict()
  .openapi('TicketPatch');

export const TicketCreateInput = z
  .object({
    title: z.string().max(TITLE_MAX).optional().openapi({ description: 'Required for a plain ticket; a social ticket takes it from the text when omitted.' }),
    queueId: Id.optional().openapi({ description: "Required for a plain ticket; a social ticket defaults to the profile's target queue." }),
    priority: z.union([z.number().int().min(1).max(5), z.string().max(50)]).optional(),
    customerId: Id.nullable().optional(),
    body: z.string().max(ARTICLE_BODY_MAX).optional().openapi({ description: 'Plain ticket: an optional first article, stored as an internal note. Social ticket: the first message.' }),
    profileId: Id.optional().openapi({ description: 'Start a social ticket ("New Twitter ticket") from this profile.' }),
    kind: z.enum(['tweet', 'dm']).optional().openapi({ description: 'Social ticket: a public post, or a direct message to `to`.' }),
    to: z.string().max(100).optional().openapi({ description: "Social ticket, kind dm: the recipient's @handle." }),
  })
  .strict()
  .openapi('TicketCreate');

export const ArticleSchema = z
  .object({
    id: z.number().int(),
    ticketId: z.number().int(),
    channel: z.string().openapi({ example: 'twitter' }),
    direction: z.enum(['incoming', 'outgoing']),
    senderType: z.enum(['customer', 'agent', 'system']),
    from: z.string(),
    to: z.string(),
    body: z.string(),
    visibleForCustomer: z.boolean(),
    profileId: z.number().int().nullable(),
    kind: z.string().nullable().openapi({ description: '"tweet" or "dm" for social articles.' }),
    externalId: z.string().nullable(),
    conversationKey: z.string().nullable(),
    inReplyToExternalId: z.string().nullable(),
    url: z.string().nullable(),
    deliveryStatus: z.enum(['queued', 'sent', 'failed']).nullable(),
    deliveryError: z.string().nullable(),
    createdAt: z.string(),
    attachments: z
      .array(
        z
          .object({
            id: z.number().int(),
            filename: z.string(),
            contentType: z.string(),
            size: z.number().int().nullable().openapi({ description: 'Null while the file is still being downloaded from the network.' }),
            url: z.string().openapi({ description: "Parley's own address of the file: GET /api/v1/attachments/{id}." }),
            status: z.enum(['pending', 'stored', 'failed']),
            mediaType: z.string().nullable(),
            altText: z.string().nullable(),
            width: z.number().int().nullable(),
            height: z.number().int().nullable(),
          })
          .openapi('Attachment'),
      )
      .optional(),
    links: z.array(z.object({ url: z.string(), expandedUrl: z.string(), displayUrl: z.string() })).optional().openapi({ description: "X's t.co links in the text and what they stand for." }),
  })
  .openapi('Article');

export const CustomerSchema = z
  .object({
    id: z.number().int(),
    login: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    validity: Validity,
    identities: z.array(
      z.object({
        network: z.string(),
        externalUserId: z.string(),
        handle: z.string(),
        displayName: z.string(),
        avatarUrl: z.string().nullable(),
        bio: z.string().nullable().openapi({ description: "What the network tells about the person (X: description), kept current by ingestion." }),
        location: z.string().nullable(),
        followersCount: z.number().int().nullable(),
        verified: z.boolean().nullable(),
        accountCreatedAt: z.string().nullable().openapi({ description: 'When the account on the network was made.' }),
      }),
    ),
    createdAt: z.string(),
  })
  .openapi('Customer');

// Social media profiles (MISSION P1–P8). The three secrets are write-only: answers carry "********"
// when one is stored and null when not; sending "********", "" or null back keeps the stored value.
const SECRET_OUT = z.string().nullable().openapi({ description: 'Write-only: "********" when stored, null when not.', example: '********' });
const SECRET_IN = z.string().max(500).nullable().optional().openapi({ description: 'Write-only, stored encrypted. "", null or "********" keeps the stored value.' });

const UsageFigures = z
  .object({ reads: z.number().int().openapi({ description: 'Billed resources read (posts, owned posts, users, DM events, media).' }), writes: z.number().int(), usd: z.number() })
  .openapi('SocialMediaProfileUsage');

export const MonthlyBudgetInput = z
  .number()
  .min(0)
  .max(1_000_000)
  .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, { error: () => t('validation.budgetCents') })
  .nullable()
  .optional()
  .openapi({ description: 'US dollars per UTC month; null removes the budget.' });

export const ProfileSchema = z
  .object({
    id: z.number().int().openapi({ description: 'The id ACLs name as TwitterProfileID, MastodonProfileID or BlueskyProfileID (by type) and SocialMediaProfileID (any type).' }),
    type: z.enum(['twitter', 'mastodon', 'bluesky']),
    name: z.string(),
    description: z.string().nullable(),
    appName: z.string().nullable().optional().openapi({ description: 'twitter only.' }),
    consumerKey: z.string().nullable().optional().openapi({ description: 'twitter only.' }),
    consumerSecret: SECRET_OUT.optional(),
    accessToken: SECRET_OUT.optional().openapi({ description: 'twitter and mastodon: write-only.' }),
    accessTokenSecret: SECRET_OUT.optional(),
    instanceUrl: z.string().nullable().optional().openapi({ description: 'mastodon only: the server, e.g. https://mastodon.social.' }),
    serviceUrl: z.string().nullable().optional().openapi({ description: 'bluesky only: the PDS (default https://bsky.social).' }),
    handle: z.string().nullable().optional().openapi({ description: 'bluesky only: the account handle, e.g. acme.bsky.social.' }),
    appPassword: SECRET_OUT.optional().openapi({ description: 'bluesky only: write-only app password (with direct messages allowed).' }),
    targetQueueId: z.number().int().nullable(),
    autoResponseEnabled: z.boolean(),
    autoResponseText: z.string().nullable(),
    validity: Validity,
    account: z
      .object({ id: z.string(), username: z.string(), name: z.string() })
      .nullable()
      .openapi({ description: 'The X account the credentials belong to, once verified; null until then and after a credential changes.' }),
    complete: z.boolean().openapi({ description: 'Every step of the setup done, credentials verified.' }),
    missingStep: z.number().int().min(1).max(6).nullable().openapi({ description: 'The first setup step still missing, or null. twitter: 2 app name, 3 consumer key/secret, 4 access token/secret, 5 verify, 6 target queue; mastodon and bluesky: 2 server, 3 access token / app password, 4 verify, 5 target queue.' }),
    active: z.boolean().openapi({ description: 'Complete, verified and valid: polled and offered to agents.' }),
    verifiedAt: z.string().nullable(),
    verifyError: z.string().nullable().openapi({ description: "X's answer to the last failed verification." }),
    apiCalls: z
      .object({ reads: z.number().int(), writes: z.number().int(), today: z.object({ reads: z.number().int(), writes: z.number().int() }) })
      .openapi({ description: 'Calls this profile made to the X API (X bills each), in total and today (UTC).' }),
    usage: z
      .object({ today: UsageFigures, month: UsageFigures })
      .openapi({ description: 'What X billed this profile this UTC day and month, counted from what X returned: resources read, writes, and their price (PARLEY_X_PRICES).' }),
    monthlyBudgetUsd: z.number().nullable().openapi({ description: 'When this month\'s cost reaches it, reading pauses until the first of the next month (UTC) or a higher budget; replies still go out. Null: no budget.' }),
    readingPaused: z
      .object({ reason: z.string(), resumesAt: z.string() })
      .nullable()
      .openapi({ description: 'Set while the monthly budget pauses reading.' }),
    lastPollAt: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    lastError: z.string().nullable().openapi({ description: 'Why the last poll failed; null after a good one.' }),
    nextPollAt: z.string().nullable().openapi({ description: 'When the worker polls next; null while the profile is not active.' }),
    catchingUp: z.number().int().nullable().openapi({ description: 'While a backlog (e.g. of DMs after an outage) is read across polls within X\'s limits: the messages read so far; null when caught up.' }),
    createdAt: z.string(),
    changedAt: z.string(),
  })
  .openapi('SocialMediaProfile');

const profileFields = {
  name: z.string({ error: (i) => (i.input === undefined ? t('validation.required', { label: t('validation.label.name') }) : t('validation.text', { label: t('validation.label.name') })) }).max(NAME_MAX).openapi({ description: 'Unique; letters and digits only.', example: 'AcmeHelp' }),
  description: z.string().max(COMMENT_MAX).nullable().optional(),
  appName: z.string().max(NAME_MAX).nullable().optional().openapi({ description: 'The name of the app on the X developer portal (step 2).' }),
  consumerKey: z.string().max(500).optional().openapi({ description: 'Step 3: the API key of the app.' }),
  consumerSecret: SECRET_IN,
  accessToken: SECRET_IN,
  accessTokenSecret: SECRET_IN,
  instanceUrl: z.string().max(500).optional().openapi({ description: 'mastodon: the server address (https://…).' }),
  serviceUrl: z.string().max(500).optional().openapi({ description: 'bluesky: the PDS address (default https://bsky.social).' }),
  handle: z.string().max(253).optional().openapi({ description: 'bluesky: the handle, e.g. acme.bsky.social.' }),
  appPassword: SECRET_IN,
  targetQueueId: Id.nullable().optional().openapi({ description: 'Step 6: the valid queue that new tickets go to.' }),
  autoResponseEnabled: z.boolean().optional(),
  autoResponseText: z.string().max(10_000).nullable().optional().openapi({ description: 'Sent as a direct message when a direct message opens a new ticket.' }),
  validity: Validity.optional(),
  monthlyBudgetUsd: MonthlyBudgetInput,
};

export const ProfileCreateInput = z
  .object({ type: z.enum(['twitter', 'mastodon', 'bluesky']).optional().openapi({ description: '"twitter" (the default), "mastodon" or "bluesky". Fields of another type are refused.' }), ...profileFields })
  .strict()
  .openapi('SocialMediaProfileCreate');

export const ProfilePatchInput = z
  .object({ ...profileFields, name: profileFields.name.optional() })
  .strict()
  .openapi('SocialMediaProfilePatch');

export const ProfileVerifyResult = z
  .object({
    verified: z.boolean(),
    message: z.string().nullable().openapi({ description: "On failure, X's answer in words (rejected credentials, X unreachable, rate limit)." }),
    profile: ProfileSchema,
  })
  .openapi('SocialMediaProfileVerification');
