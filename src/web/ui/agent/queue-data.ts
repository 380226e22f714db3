import { allowedProfileIds } from '../../../core/social/profile-acl.ts';
import { ACTIONS } from '../../../core/options/actions.ts';
import { parseId } from '../../../core/ids.ts';
import type { Actor } from '../../../core/tickets/service.ts';
import { STATE_NAMES, type StateType } from '../../../core/tickets/states.ts';
import { queuesWith } from '../../../core/tickets/visibility.ts';
import { listAgents } from '../../../db/repos/agents.ts';
import { identitiesOf } from '../../../db/repos/customers.ts';
import { listProfiles } from '../../../db/repos/profiles.ts';
import { countByQueueAndStateType, countTickets, listTickets, TICKET_SORTS, type QueueStateCount, type TicketFilter, type TicketSort } from '../../../db/repos/tickets.ts';
import type { AgentRow, IdentityRow, ProfileRow, QueueRow, TicketRow } from '../../../db/schema.ts';
import type { Deps } from '../../../deps.ts';
import { t } from '../../../i18n/index.ts';

// The queue view's query: parsed leniently from the address (a bad value falls back to the
// default rather than failing a bookmark), turned into a repository filter, and written back.

export const NOT_CLOSED: readonly StateType[] = ['new', 'open', 'pending reminder', 'pending auto'];

/** The state choices of the filter, by the value in the address (labels in the reader's language). */
export const STATE_VIEWS: Record<string, { readonly label: string; types?: readonly StateType[] }> = {
  '': {
    get label() {
      return t('agent.stateView.notClosed');
    },
    types: NOT_CLOSED,
  },
  new: {
    get label() {
      return t('agent.stateView.new');
    },
    types: ['new'],
  },
  open: {
    get label() {
      return t('agent.stateView.open');
    },
    types: ['open'],
  },
  pending: {
    get label() {
      return t('agent.stateView.pending');
    },
    types: ['pending reminder', 'pending auto'],
  },
  closed: {
    get label() {
      return t('agent.stateView.closed');
    },
    types: ['closed'],
  },
  all: {
    get label() {
      return t('agent.stateView.all');
    },
  },
};

export const PAGE_SIZES = [25, 50, 100] as const;

export interface QueueQuery {
  queue: number | null;
  /** A key of STATE_VIEWS, or "state:<name>" for one state. */
  state: string;
  lock: 'lock' | 'unlock' | null;
  /** "me" or an agent id. */
  owner: string | null;
  profile: number | null;
  customer: number | null;
  q: string;
  sort: TicketSort;
  order: 'asc' | 'desc';
  page: number;
  per: number;
}

const positive = (v: string | undefined): number | null => parseId(v);

export function parseQueueQuery(get: (key: string) => string | undefined): QueueQuery {
  const state = get('state') ?? '';
  const owner = get('owner') ?? '';
  const sort = get('sort') ?? '';
  const per = Number(get('per'));
  return {
    queue: positive(get('queue')),
    state: Object.hasOwn(STATE_VIEWS, state) || (state.startsWith('state:') && (STATE_NAMES as string[]).includes(state.slice(6))) ? state : '',
    lock: get('lock') === 'lock' || get('lock') === 'unlock' ? (get('lock') as 'lock' | 'unlock') : null,
    owner: owner === 'me' || positive(owner) ? owner : null,
    profile: positive(get('profile')),
    customer: positive(get('customer')),
    q: (get('q') ?? '').trim().slice(0, 200),
    sort: (TICKET_SORTS as readonly string[]).includes(sort) ? (sort as TicketSort) : 'changed',
    order: get('order') === 'asc' ? 'asc' : 'desc',
    page: positive(get('page')) ?? 1,
    per: (PAGE_SIZES as readonly number[]).includes(per) ? per : 25,
  };
}

export const DEFAULT_QUERY: QueueQuery = parseQueueQuery(() => undefined);

/** The address of the queue view with `q` changed by `patch`; defaults are left out. */
export function queueHref(q: QueueQuery, patch: Partial<QueueQuery> = {}, path = '/tickets', extra: Record<string, string> = {}): string {
  const merged = { ...q, page: 1, ...patch };
  const params = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_QUERY) as (keyof QueueQuery)[]) {
    const v = merged[key];
    if (v !== null && v !== DEFAULT_QUERY[key]) params.set(key, String(v));
  }
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export function toFilter(q: QueueQuery, queueIds: readonly number[], actorId: number): TicketFilter {
  const view = q.state.startsWith('state:') ? null : STATE_VIEWS[q.state];
  return {
    queueIds,
    queueId: q.queue ?? undefined,
    states: q.state.startsWith('state:') ? [q.state.slice(6)] : undefined,
    stateTypes: view?.types,
    lock: q.lock ?? undefined,
    ownerId: q.owner === 'me' ? actorId : q.owner ? Number(q.owner) : undefined,
    profileId: q.profile ?? undefined,
    customerId: q.customer ?? undefined,
    search: q.q || undefined,
  };
}

export interface QueueViewData {
  query: QueueQuery;
  queues: QueueRow[];
  counts: QueueStateCount[];
  rows: TicketRow[];
  total: number;
  identities: Map<number, IdentityRow>;
  agents: AgentRow[];
  profiles: ProfileRow[];
}

/** Tickets per state type of the queues in view (all visible ones, or the chosen one). */
export function countsByType(counts: readonly QueueStateCount[], queueId: number | null): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of counts) if (queueId === null || c.queue_id === queueId) out.set(c.state_type, (out.get(c.state_type) ?? 0) + c.n);
  return out;
}

export function sumTypes(byType: ReadonlyMap<string, number>, types?: readonly string[]): number {
  let n = 0;
  for (const [t, k] of byType) if (!types || types.includes(t)) n += k;
  return n;
}

/** The "Twitter app" filter offers only the profiles the ACLs let this agent use. */
async function usableProfiles(db: Deps['db'], actor: Actor): Promise<ProfileRow[]> {
  const all = await listProfiles(db);
  if (all.length === 0) return all;
  const allowed = await allowedProfileIds(db, actor, null, all, ACTIONS.reply);
  return all.filter((p) => allowed.has(p.id));
}

export async function loadQueueView(deps: Deps, actor: Actor, query: QueueQuery): Promise<QueueViewData> {
  const db = deps.db;
  const queues = await queuesWith(db, actor.access, 'ro');
  const queueIds = queues.map((x) => x.id);
  const filter = toFilter(query, queueIds, actor.id);
  // The per-queue counts are needed anyway; when they already answer the total, skip a second scan.
  const onlyQueueAndType = !filter.states && !filter.lock && filter.ownerId === undefined && filter.profileId === undefined && filter.customerId === undefined && !filter.search;
  const page = { limit: query.per, offset: (query.page - 1) * query.per, sort: query.sort, order: query.order };
  const [counts, rows, counted, agents, profiles] = await Promise.all([
    countByQueueAndStateType(db, queueIds),
    listTickets(db, filter, page),
    onlyQueueAndType ? Promise.resolve(null) : countTickets(db, filter),
    listAgents(db),
    usableProfiles(db, actor),
  ]);
  const total = counted ?? sumTypes(countsByType(counts, query.queue), filter.stateTypes);
  const customerIds = [...new Set(rows.map((r) => r.customer_id).filter((id): id is number => id !== null))];
  const identities = new Map<number, IdentityRow>();
  for (const i of await identitiesOf(db, customerIds)) if (!identities.has(i.customer_id)) identities.set(i.customer_id, i);
  return { query, queues, counts, rows, total, identities, agents, profiles };
}
