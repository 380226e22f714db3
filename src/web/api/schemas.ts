import { z } from '@hono/zod-openapi';
import { STATE_NAMES, STATE_TYPES } from '../../core/tickets/states.ts';
import { Validity } from './base.ts';

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
    name: z.string().min(1, 'Name is required.').max(200),
    comment: z.string().max(2000).nullable().optional(),
    validity: Validity.optional(),
    members: z
      .array(z.object({ agentId: z.number().int(), permission: z.enum(['rw', 'ro']) }))
      .optional()
      .openapi({ description: 'Replaces all members of the group when given.' }),
  })
  .openapi('GroupInput');

export const Membership = z.object({ groupId: z.number().int(), permission: z.enum(['rw', 'ro']) });

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
    login: z.string().min(1, 'Login is required.').max(100),
    firstName: z.string().min(1, 'First name is required.').max(100),
    lastName: z.string().min(1, 'Last name is required.').max(100),
    email: z.string().min(1, 'Email is required.').max(200),
    password: z.string().min(8, 'Password must be at least 8 characters long.').optional(),
    validity: Validity.optional(),
    groups: z.array(Membership).optional(),
  })
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
    name: z.string().min(1, 'Name is required.').max(200),
    groupId: z.number().int(),
    comment: z.string().max(2000).nullable().optional(),
    validity: Validity.optional(),
    followUp: FollowUp.optional(),
    followUpLock: z.boolean().optional(),
  })
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
    pendingUntil: z.string().nullable().optional().openapi({ description: 'Required with a pending state: ISO 8601 date and time.' }),
    lock: z.enum(['lock', 'unlock']).optional(),
    ownerId: z.number().int().optional(),
    queueId: z.number().int().optional(),
    priority: z.union([z.number().int(), z.string()]).optional(),
    title: z.string().optional(),
  })
  .strict()
  .openapi('TicketPatch');

export const TicketCreateInput = z
  .object({
    title: z.string().optional().openapi({ description: 'Required for a plain ticket; a social ticket takes it from the text when omitted.' }),
    queueId: z.number().int().optional().openapi({ description: "Required for a plain ticket; a social ticket defaults to the profile's target queue." }),
    priority: z.union([z.number().int(), z.string()]).optional(),
    customerId: z.number().int().nullable().optional(),
    body: z.string().optional().openapi({ description: 'Plain ticket: an optional first article, stored as an internal note. Social ticket: the first message.' }),
    profileId: z.number().int().optional().openapi({ description: 'Start a social ticket ("New Twitter ticket") from this profile.' }),
    kind: z.enum(['tweet', 'dm']).optional().openapi({ description: 'Social ticket: a public post, or a direct message to `to`.' }),
    to: z.string().optional().openapi({ description: "Social ticket, kind dm: the recipient's @handle." }),
  })
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
      z.object({ network: z.string(), externalUserId: z.string(), handle: z.string(), displayName: z.string(), avatarUrl: z.string().nullable() }),
    ),
    createdAt: z.string(),
  })
  .openapi('Customer');

// Social media profiles (MISSION P1–P8). The three secrets are write-only: answers carry "********"
// when one is stored and null when not; sending "********", "" or null back keeps the stored value.
const SECRET_OUT = z.string().nullable().openapi({ description: 'Write-only: "********" when stored, null when not.', example: '********' });
const SECRET_IN = z.string().max(500).nullable().optional().openapi({ description: 'Write-only, stored encrypted. "", null or "********" keeps the stored value.' });

export const ProfileSchema = z
  .object({
    id: z.number().int().openapi({ description: 'The id ACLs name as TwitterProfileID.' }),
    type: z.enum(['twitter']),
    name: z.string(),
    description: z.string().nullable(),
    appName: z.string().nullable(),
    consumerKey: z.string().nullable(),
    consumerSecret: SECRET_OUT,
    accessToken: SECRET_OUT,
    accessTokenSecret: SECRET_OUT,
    targetQueueId: z.number().int().nullable(),
    autoResponseEnabled: z.boolean(),
    autoResponseText: z.string().nullable(),
    validity: Validity,
    account: z
      .object({ id: z.string(), username: z.string(), name: z.string() })
      .nullable()
      .openapi({ description: 'The X account the credentials belong to, once verified; null until then and after a credential changes.' }),
    complete: z.boolean().openapi({ description: 'Every step of the setup done, credentials verified.' }),
    missingStep: z.number().int().min(1).max(6).nullable().openapi({ description: 'The first setup step still missing (2 app name, 3 consumer key/secret, 4 access token/secret, 5 verify, 6 target queue), or null.' }),
    active: z.boolean().openapi({ description: 'Complete, verified and valid: polled and offered to agents.' }),
    verifiedAt: z.string().nullable(),
    verifyError: z.string().nullable().openapi({ description: "X's answer to the last failed verification." }),
    apiCalls: z
      .object({ reads: z.number().int(), writes: z.number().int(), today: z.object({ reads: z.number().int(), writes: z.number().int() }) })
      .openapi({ description: 'Calls this profile made to the X API (X bills each), in total and today (UTC).' }),
    lastPollAt: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    lastError: z.string().nullable().openapi({ description: 'Why the last poll failed; null after a good one.' }),
    nextPollAt: z.string().nullable().openapi({ description: 'When the worker polls next; null while the profile is not active.' }),
    createdAt: z.string(),
    changedAt: z.string(),
  })
  .openapi('SocialMediaProfile');

const profileFields = {
  name: z.string({ error: (i) => (i.input === undefined ? 'Name is required.' : 'Name must be text.') }).openapi({ description: 'Unique; letters and digits only.', example: 'AcmeHelp' }),
  description: z.string().nullable().optional(),
  appName: z.string().nullable().optional().openapi({ description: 'The name of the app on the X developer portal (step 2).' }),
  consumerKey: z.string().max(500).optional().openapi({ description: 'Step 3: the API key of the app.' }),
  consumerSecret: SECRET_IN,
  accessToken: SECRET_IN,
  accessTokenSecret: SECRET_IN,
  targetQueueId: z.number().int().nullable().optional().openapi({ description: 'Step 6: the valid queue that new tickets go to.' }),
  autoResponseEnabled: z.boolean().optional(),
  autoResponseText: z.string().nullable().optional().openapi({ description: 'Sent as a direct message when a direct message opens a new ticket.' }),
  validity: Validity.optional(),
};

export const ProfileCreateInput = z
  .object({ type: z.enum(['twitter']).optional().openapi({ description: 'Only "twitter" so far (the default).' }), ...profileFields })
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
