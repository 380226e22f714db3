import type { ChannelAdapter } from '../../channels/types.ts';
import { isActive, maskedCredentials, missingStep } from '../../core/social/profiles.ts';
import type { ProfileStatus } from '../../core/social/status.ts';
import type { MembershipRow } from '../../db/repos/agents.ts';
import type { Validity } from '../../core/validity.ts';
import type { FollowUpOption } from '../../core/queues/followup-options.ts';
import type { StateName, StateType } from '../../core/tickets/states.ts';
import type { AgentRow, ArticleRow, CustomerRow, GroupRow, IdentityRow, ProfileRow, QueueRow, TicketRow } from '../../db/schema.ts';

// Rows → the API's camelCase JSON. One place, so the UI's data and the API's data agree.

export function presentGroup(g: GroupRow) {
  return { id: g.id, name: g.name, comment: g.comment, validity: g.validity as Validity, createdAt: g.created_at, changedAt: g.changed_at };
}

export function presentAgent(a: AgentRow, memberships: readonly MembershipRow[]) {
  return {
    id: a.id,
    login: a.login,
    firstName: a.first_name,
    lastName: a.last_name,
    name: `${a.first_name} ${a.last_name}`.trim(),
    email: a.email,
    validity: a.validity as Validity,
    groups: memberships
      .filter((m) => m.agent_id === a.id)
      .map((m) => ({ groupId: m.group_id, groupName: m.group_name, permission: m.permission as 'rw' | 'ro' })),
    lastLoginAt: a.last_login_at,
    createdAt: a.created_at,
    changedAt: a.changed_at,
  };
}

export function presentQueue(q: QueueRow) {
  return {
    id: q.id,
    name: q.name,
    groupId: q.group_id,
    comment: q.comment,
    validity: q.validity as Validity,
    followUp: q.follow_up as FollowUpOption,
    followUpLock: q.follow_up_lock === 1,
    createdAt: q.created_at,
    changedAt: q.changed_at,
  };
}

export function presentTicket(t: TicketRow) {
  return {
    id: t.id,
    number: t.number,
    title: t.title,
    queueId: t.queue_id,
    state: t.state as StateName,
    stateType: t.state_type as StateType,
    lock: t.lock as 'lock' | 'unlock',
    ownerId: t.owner_id,
    priority: t.priority,
    customerId: t.customer_id,
    socialProfileId: t.social_profile_id,
    conversationKey: t.conversation_key,
    pendingUntil: t.pending_until,
    createdAt: t.created_at,
    changedAt: t.changed_at,
  };
}

export function presentArticle(a: ArticleRow) {
  return {
    id: a.id,
    ticketId: a.ticket_id,
    channel: a.channel,
    direction: a.direction as 'incoming' | 'outgoing',
    senderType: a.sender_type as 'customer' | 'agent' | 'system',
    from: a.from_display,
    to: a.to_display,
    body: a.body,
    visibleForCustomer: a.visible_for_customer === 1,
    profileId: a.profile_id,
    kind: a.kind,
    externalId: a.external_id,
    conversationKey: a.conversation_key,
    inReplyToExternalId: a.in_reply_to_external_id,
    url: a.url,
    deliveryStatus: a.delivery_status as 'queued' | 'sent' | 'failed' | null,
    deliveryError: a.delivery_error,
    createdAt: a.created_at,
  };
}

export function presentCustomer(c: CustomerRow, identities: readonly IdentityRow[]) {
  return {
    id: c.id,
    login: c.login,
    name: c.name,
    email: c.email,
    validity: c.validity as Validity,
    identities: identities
      .filter((i) => i.customer_id === c.id)
      .map((i) => ({
        network: i.network,
        externalUserId: i.external_user_id,
        handle: i.handle,
        displayName: i.display_name,
        avatarUrl: i.avatar_url,
        bio: i.bio,
        location: i.location,
        followersCount: i.followers_count,
        verified: i.verified === null ? null : i.verified === 1,
        accountCreatedAt: i.account_created_at,
      })),
    createdAt: c.created_at,
  };
}

const usesAppName = (adapter: ChannelAdapter) => adapter.setup?.steps.some((s) => s.fields.some((f) => f.name === 'appName')) ?? false;

/** A social media profile: secrets masked (never decrypted here), with its setup and poll status. */
/** Messages read so far of the backlogs the profile's streams are still reading, or null. */
function catchingUp(adapter: ChannelAdapter, cursors: Record<string, string>): number | null {
  const read = adapter.streams.map((stream) => adapter.catchingUp?.(stream, cursors[stream] ?? null) ?? null).filter((n): n is number => n !== null);
  return read.length ? read.reduce((a, b) => a + b, 0) : null;
}

export function presentProfile(adapter: ChannelAdapter, p: ProfileRow, status: ProfileStatus) {
  const creds = maskedCredentials(adapter, p);
  const missing = missingStep(adapter, p);
  return {
    id: p.id,
    type: p.type as 'twitter' | 'mastodon' | 'bluesky',
    name: p.name,
    description: p.description,
    // The adapter's own fields (X: consumerKey … accessTokenSecret; Mastodon: instanceUrl, accessToken; …), secrets masked.
    ...(usesAppName(adapter) ? { appName: p.app_name } : {}),
    ...creds,
    targetQueueId: p.target_queue_id,
    autoResponseEnabled: p.auto_response_enabled === 1,
    autoResponseText: p.auto_response_text,
    validity: p.validity as Validity,
    // A changed key withdraws the verification; until it is verified again no account is claimed.
    account: p.verified_at && p.account_id ? { id: p.account_id, username: p.account_username ?? '', name: p.account_name ?? '' } : null,
    complete: missing === null,
    missingStep: missing,
    active: isActive(adapter, p),
    verifiedAt: p.verified_at,
    verifyError: p.verify_error,
    apiCalls: status.apiCalls,
    lastPollAt: status.poll?.lastPollAt ?? null,
    lastSuccessAt: status.poll?.lastSuccessAt ?? null,
    lastError: status.poll?.lastError ?? null,
    nextPollAt: status.poll && isActive(adapter, p) ? status.poll.nextPollAt : null,
    catchingUp: catchingUp(adapter, status.cursors ?? {}),
    createdAt: p.created_at,
    changedAt: p.changed_at,
  };
}
