import { can } from '../../../core/agents/permissions.ts';
import { forbidden } from '../../../core/errors.ts';
import { allowedActions, filterTicketField, type TicketField } from '../../../core/options/acl.ts';
import { ACTIONS, ALL_ACTIONS, type ActionName } from '../../../core/options/actions.ts';
import { allowedProfileIds } from '../../../core/social/profile-acl.ts';
import { isActive } from '../../../core/social/profiles.ts';
import { PRIORITIES } from '../../../core/tickets/priorities.ts';
import type { Actor } from '../../../core/tickets/service.ts';
import { AGENT_STATES, isPending, stateTypeOf, type StateName } from '../../../core/tickets/states.ts';
import { queuesWith } from '../../../core/tickets/visibility.ts';
import { listAgents, listMemberships } from '../../../db/repos/agents.ts';
import { listProfiles } from '../../../db/repos/profiles.ts';
import type { Db, ProfileRow, QueueRow, TicketRow } from '../../../db/schema.ts';
import type { Deps } from '../../../deps.ts';
import { t } from '../../../i18n/index.ts';

// Every option an agent is offered in the zoom and on "New Twitter ticket", after permissions and
// the ACL hooks. The pages render from these lists and the POST handlers check against the very
// same lists, so the server refuses exactly what the page did not offer. The ACLs see the OTRS
// names (as OTRS matches them); state and priority labels are translated afterwards.

export interface Option {
  value: string;
  label: string;
}

export interface StateOptions {
  open: Option[];
  closed: Option[];
  pending: Option[];
}

export interface ProfileOption extends Option {
  profile: ProfileRow;
}

export interface ZoomOptions {
  /** rw on the ticket's queue: without it the zoom is read-only. */
  canWrite: boolean;
  /** Locked by another agent: only that agent (or an admin, to unlock) may act. */
  lockedByOther: boolean;
  actions: ReadonlySet<ActionName>;
  states: StateOptions;
  queues: Option[];
  priorities: Option[];
  owners: Option[];
  profiles: ProfileOption[];
}

const toOptions = (data: Record<string, string>): Option[] => Object.entries(data).map(([value, label]) => ({ value, label }));
const asData = (options: readonly Option[]): Record<string, string> => Object.fromEntries(options.map((o) => [o.value, o.label]));

async function filtered(db: Db, actor: Actor, ticket: TicketRow | null, field: TicketField, options: readonly Option[], action: ActionName): Promise<Option[]> {
  if (options.length === 0) return [];
  return toOptions(await filterTicketField(db, actor, ticket, field, asData(options), action));
}

/** Complete, verified, valid profiles: the only ones that can send. */
export async function activeProfiles(deps: Deps): Promise<ProfileRow[]> {
  return (await listProfiles(deps.db)).filter((p) => {
    const adapter = deps.channels.get(p.type);
    return adapter !== undefined && isActive(adapter, p);
  });
}

export async function profileOptions(deps: Deps, actor: Actor, ticket: TicketRow | null, action: ActionName): Promise<ProfileOption[]> {
  const profiles = await activeProfiles(deps);
  if (profiles.length === 0) return [];
  const allowed = await allowedProfileIds(deps.db, actor, ticket, profiles, action);
  return profiles
    .filter((p) => allowed.has(p.id))
    .map((p) => ({ value: String(p.id), label: p.account_username ? `${p.name} (@${p.account_username})` : p.name, profile: p }));
}

/** Valid queues the agent may put tickets into (rw), through the Queue ACLs of `action`. */
export async function queueOptions(db: Db, actor: Actor, ticket: TicketRow | null, action: ActionName, exceptId?: number): Promise<Option[]> {
  const queues = (await queuesWith(db, actor.access, 'rw')).filter((q) => q.validity === 'valid' && q.id !== exceptId);
  return filtered(db, actor, ticket, 'Queue', queues.map((q) => ({ value: String(q.id), label: q.name })), action);
}

/** Agents who could own the ticket: valid, with rw on the queue's group. The ACL sees their logins. */
async function ownerOptions(db: Db, actor: Actor, ticket: TicketRow, queue: QueueRow): Promise<Option[]> {
  const [agents, memberships] = await Promise.all([listAgents(db), listMemberships(db)]);
  const rwOnQueue = new Set(
    memberships.filter((m) => m.group_id === queue.group_id && m.permission === 'rw' && m.group_validity === 'valid').map((m) => m.agent_id),
  );
  const candidates = agents.filter((a) => a.validity === 'valid' && rwOnQueue.has(a.id)).map((a) => ({ value: String(a.id), label: a.login }));
  return filtered(db, actor, ticket, 'Owner', candidates, ACTIONS.owner);
}

/**
 * The state choices, grouped by the screen OTRS has for them: pending states belong to
 * AgentTicketPending, closing and reopening to AgentTicketClose (as the ticket service checks).
 */
async function stateOptions(db: Db, actor: Actor, ticket: TicketRow, actions: ReadonlySet<ActionName>): Promise<StateOptions> {
  const choosable = AGENT_STATES.filter((s) => s !== ticket.state || isPending(stateTypeOf(s)));
  const of = (pick: (s: StateName) => boolean) => choosable.filter(pick).map((s) => ({ value: s, label: s }));
  const [open, closed, pending] = await Promise.all([
    actions.has(ACTIONS.close) ? filtered(db, actor, ticket, 'State', of((s) => stateTypeOf(s) === 'open'), ACTIONS.close) : [],
    actions.has(ACTIONS.close) ? filtered(db, actor, ticket, 'State', of((s) => stateTypeOf(s) === 'closed'), ACTIONS.close) : [],
    actions.has(ACTIONS.pending) ? filtered(db, actor, ticket, 'State', of((s) => isPending(stateTypeOf(s))), ACTIONS.pending) : [],
  ]);
  const named = (options: Option[]) => options.map((o) => ({ value: o.value, label: t(`common.state.${o.value}`) }));
  return { open: named(open), closed: named(closed), pending: named(pending) };
}

/** The ACLs match priorities by their OTRS names; the reader sees them in their language. */
const priorityNames = (options: Option[]): Option[] => options.map((o) => ({ value: o.value, label: t(`common.priority.${o.label}`) }));

const NONE: ZoomOptions = {
  canWrite: false,
  lockedByOther: false,
  actions: new Set(),
  states: { open: [], closed: [], pending: [] },
  queues: [],
  priorities: [],
  owners: [],
  profiles: [],
};

/** Everything the zoom may offer this agent on this ticket. */
export async function zoomOptions(deps: Deps, actor: Actor, ticket: TicketRow, queue: QueueRow): Promise<ZoomOptions> {
  const db = deps.db;
  const menu = await allowedActions(db, actor, ticket, ALL_ACTIONS, ACTIONS.zoom);
  if (!menu.has(ACTIONS.zoom)) throw forbidden(t('agent.errors.aclZoom'));
  const canWrite = can(actor.access, queue.group_id, 'rw');
  const lockedByOther = ticket.lock === 'lock' && ticket.owner_id !== actor.id;
  if (!canWrite) return { ...NONE, actions: menu };
  // As in OTRS, the zoom's menu is asked with Frontend.Action AgentTicketZoom and each screen with
  // its own name; the services check the latter, so a button shows only when both leave it.
  const screens = await Promise.all(
    ALL_ACTIONS.filter((a) => a !== ACTIONS.zoom && menu.has(a)).map(async (a) => ((await allowedActions(db, actor, ticket, [a], a)).has(a) ? a : null)),
  );
  const actions = new Set<ActionName>([ACTIONS.zoom, ...screens.filter((a): a is ActionName => a !== null)]);
  const [states, queues, priorities, owners, profiles] = await Promise.all([
    stateOptions(db, actor, ticket, actions),
    actions.has(ACTIONS.move) ? queueOptions(db, actor, ticket, ACTIONS.move, ticket.queue_id) : [],
    actions.has(ACTIONS.priority) ? filtered(db, actor, ticket, 'Priority', PRIORITIES.map((p, i) => ({ value: String(i + 1), label: p })), ACTIONS.priority).then(priorityNames) : [],
    actions.has(ACTIONS.owner) ? ownerOptions(db, actor, ticket, queue) : [],
    actions.has(ACTIONS.reply) ? profileOptions(deps, actor, ticket, ACTIONS.reply) : [],
  ]);
  return { canWrite, lockedByOther, actions, states, queues, priorities, owners, profiles };
}

export function allStates(s: StateOptions): Option[] {
  return [...s.open, ...s.closed, ...s.pending];
}

export function offers(options: readonly Option[], value: string | undefined): boolean {
  return value !== undefined && options.some((o) => o.value === value);
}
