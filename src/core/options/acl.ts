import { compileAcls, type AclSet } from '../acl/compile.ts';
import { allowedActions as aclAllowedActions, filterOptions } from '../acl/engine.ts';
import { userProperties } from '../acl/properties.ts';
import type { AclProperties, AclRecord } from '../acl/types.ts';
import { findAgent, listMemberships } from '../../db/repos/agents.ts';
import { latestDeployment, latestDeploymentStamp } from '../../db/repos/acls.ts';
import { findCustomer } from '../../db/repos/customers.ts';
import { findProfile } from '../../db/repos/profiles.ts';
import { findQueue } from '../../db/repos/queues.ts';
import type { AgentRow, Db, TicketRow } from '../../db/schema.ts';
import { SUPERUSER_ID } from '../agents/permissions.ts';
import { AppError } from '../errors.ts';
import { t } from '../../i18n/index.ts';
import { priorityName } from '../tickets/priorities.ts';
import type { Actor } from '../tickets/service.ts';
import type { ActionName } from './actions.ts';

// Where ACLs act: every field that offers options (queue, state, priority, owner, profile) and
// every screen or button. Pages and API both call these, so the server refuses what the browser
// was never offered. Only deployed ACLs count: edits are drafts until "Deploy ACLs".

export type TicketField = 'Queue' | 'State' | 'Priority' | 'Owner' | 'TwitterProfileID' | 'MastodonProfileID' | 'BlueskyProfileID' | 'SocialMediaProfileID';

/** The ticket property that names a ticket's profile, by profile type; SocialMediaProfileID names it for every type. */
const PROFILE_PROPERTY: Record<string, string> = { twitter: 'TwitterProfileID', mastodon: 'MastodonProfileID', bluesky: 'BlueskyProfileID' };

// The compiled set of the newest deployment, per process. Asking for the newest id is one indexed
// query; a deploy by another process takes effect with the next request.
let compiled: { stamp: string; set: AclSet } | null = null;

export async function deployedAclSet(db: Db): Promise<AclSet | null> {
  const stamp = await latestDeploymentStamp(db);
  if (stamp === null) return null;
  if (compiled?.stamp === stamp) return compiled.set;
  const deployment = await latestDeployment(db);
  if (!deployment) return null;
  let set: AclSet;
  try {
    set = compileAcls(JSON.parse(deployment.acls) as AclRecord[]);
  } catch (e) {
    // A deployment from before a rule was added (an unsafe regular expression) is not run.
    throw new AppError('unavailable', t('errors.acl.unusable', { reason: e instanceof Error ? e.message : String(e) }));
  }
  compiled = { stamp: `${deployment.id}@${deployment.deployed_at}`, set };
  return set;
}

// Within one request (one Actor object) the deployment is looked up once.
let perRequest = new WeakMap<Actor, Promise<AclSet | null>>();

/** A deploy in this process takes effect at once, even when its id and time repeat an old one's. */
export function forgetDeployedAcls(): void {
  compiled = null;
  perRequest = new WeakMap();
}

function deployedAclSetFor(db: Db, actor: Actor): Promise<AclSet | null> {
  let set = perRequest.get(actor);
  if (!set) {
    set = deployedAclSet(db);
    perRequest.set(actor, set);
    set.catch(() => perRequest.delete(actor));
  }
  return set;
}

async function agentProperties(db: Db, agent: AgentRow) {
  const memberships = (await listMemberships(db, [agent.id])).filter((m) => m.group_validity === 'valid');
  return userProperties({
    id: agent.id,
    login: agent.login,
    firstName: agent.first_name,
    lastName: agent.last_name,
    email: agent.email,
    groups: memberships.map((m) => ({ name: m.group_name, permission: m.permission === 'rw' ? 'rw' : 'ro' })),
  });
}

async function loadProperties(db: Db, actor: Actor, ticket: TicketRow | null): Promise<Record<string, Record<string, unknown>>> {
  const agent = await findAgent(db, actor.id);
  const props: Record<string, Record<string, unknown>> = {};
  if (agent) props['User'] = await agentProperties(db, agent);
  if (ticket) {
    const [queue, owner, customer, profile] = await Promise.all([
      findQueue(db, ticket.queue_id),
      findAgent(db, ticket.owner_id),
      ticket.customer_id ? findCustomer(db, ticket.customer_id) : Promise.resolve(undefined),
      ticket.social_profile_id !== null ? findProfile(db, ticket.social_profile_id) : Promise.resolve(undefined),
    ]);
    const profileField = profile ? (PROFILE_PROPERTY[profile.type] ?? null) : null;
    props['Ticket'] = {
      TicketID: String(ticket.id),
      TicketNumber: ticket.number,
      Title: ticket.title,
      Queue: queue?.name,
      QueueID: String(ticket.queue_id),
      State: ticket.state,
      StateType: ticket.state_type,
      Lock: ticket.lock,
      Priority: priorityName(ticket.priority),
      PriorityID: String(ticket.priority),
      Owner: owner?.login,
      OwnerID: String(ticket.owner_id),
      CustomerUserID: customer?.login,
      ...(ticket.social_profile_id !== null ? { SocialMediaProfileID: String(ticket.social_profile_id), ...(profileField ? { [profileField]: String(ticket.social_profile_id) } : {}) } : {}),
    };
    if (queue) props['Queue'] = { Name: queue.name, QueueID: String(queue.id), GroupID: String(queue.group_id), ValidID: queue.validity === 'valid' ? '1' : '2' };
    props['State'] = { Name: ticket.state, TypeName: ticket.state_type };
    props['Priority'] = { Name: priorityName(ticket.priority), PriorityID: String(ticket.priority) };
    if (owner) props['Owner'] = await agentProperties(db, owner);
    if (customer) props['CustomerUser'] = { UserLogin: customer.login, UserID: customer.login, UserFullname: customer.name, Group_ro: [], Group_rw: [] };
  }
  return props;
}


// One screen asks the ACLs many times (every option list and button). The agent and ticket do not
// change within a request, and every request has its own Actor object: remember per Actor.
const remembered = new WeakMap<Actor, Map<string, Promise<Record<string, Record<string, unknown>>>>>();

function ticketKey(t: TicketRow | null): string {
  return t ? [t.id, t.changed_at, t.queue_id, t.state, t.lock, t.owner_id, t.priority, t.customer_id, t.title].join('|') : '-';
}

/** What OTRS's ACL condition groups see: the agent, the ticket, its queue, owner and customer, the screen. */
export async function aclProperties(db: Db, actor: Actor, ticket: TicketRow | null, frontendAction?: string): Promise<AclProperties> {
  let perActor = remembered.get(actor);
  if (!perActor) remembered.set(actor, (perActor = new Map()));
  const key = ticketKey(ticket);
  let base = perActor.get(key);
  if (!base) {
    base = loadProperties(db, actor, ticket);
    perActor.set(key, base);
    base.catch(() => perActor.delete(key));
  }
  const props = await base;
  return (frontendAction ? { ...props, Frontend: { Action: frontendAction } } : props) as AclProperties;
}

async function context(db: Db, actor: Actor, ticket: TicketRow | null, frontendAction?: string) {
  if (actor.id === SUPERUSER_ID) return null;
  const acls = await deployedAclSetFor(db, actor);
  if (!acls) return null;
  const properties = await aclProperties(db, actor, ticket, frontendAction);
  // Parley's screens show the stored ticket, so both condition sets see the same values.
  return { acls, properties, propertiesDatabase: properties, userId: actor.id };
}

/** The options of a ticket field (id → label) that remain for this agent and ticket. */
export async function filterTicketField(
  db: Db,
  actor: Actor,
  ticket: TicketRow | null,
  field: TicketField,
  data: Record<string, string>,
  frontendAction?: string,
): Promise<Record<string, string>> {
  const ctx = await context(db, actor, ticket, frontendAction);
  if (!ctx) return data;
  return filterOptions({ ...ctx, returnType: 'Ticket', returnSubType: field, data });
}

/** The screens and buttons that remain for this agent on this ticket. */
export async function allowedActions(db: Db, actor: Actor, ticket: TicketRow | null, actions: readonly ActionName[], frontendAction?: string): Promise<Set<ActionName>> {
  const ctx = await context(db, actor, ticket, frontendAction);
  if (!ctx) return new Set(actions);
  return new Set(aclAllowedActions({ ...ctx, actions }) as ActionName[]);
}
