import { loadTicketFor, type Actor } from '../../../core/tickets/service.ts';
import { attachmentsOf } from '../../../db/repos/attachments.ts';
import type { AttachmentRow } from '../../../db/schema.ts';
import { queuesWith } from '../../../core/tickets/visibility.ts';
import { listAgents } from '../../../db/repos/agents.ts';
import { countArticles, listArticles } from '../../../db/repos/articles.ts';
import { findIdentitiesById, identitiesOf } from '../../../db/repos/customers.ts';
import { listProfiles } from '../../../db/repos/profiles.ts';
import { findTickets, listHistory, listLinks } from '../../../db/repos/tickets.ts';
import type { ArticleRow, Db, IdentityRow, ProfileRow, QueueRow, TicketRow } from '../../../db/schema.ts';
import type { Deps } from '../../../deps.ts';
import { zoomOptions, type ZoomOptions } from './options.ts';
import { otherTicketsOf } from './customer-context.tsx';
import { agentLabel } from './names.ts';

// What the zoom shows, loaded in a handful of indexed queries whatever the ticket's size.

/** The zoom shows the newest articles; earlier ones load on request ("Show earlier messages"). */
export const ARTICLE_PAGE = 100;

/** Who wrote what: identities, agents and profiles by id, for the article headers. */
export interface People {
  identities: ReadonlyMap<number, IdentityRow>;
  agents: ReadonlyMap<number, string>;
  /** "Anna Schmidt (anna)", "System": for owners and history. */
  names: ReadonlyMap<number, string>;
  profiles: ReadonlyMap<number, ProfileRow>;
  /** The attachments of the articles, by article id. */
  files?: ReadonlyMap<number, AttachmentRow[]>;
}

export interface LinkedTicket {
  ticket: TicketRow;
  /** "follow-up of" (this ticket continues the other) or "followed up by". */
  relation: 'continues' | 'continued-by';
  /** In a queue the agent may see: otherwise only its number is shown. */
  visible: boolean;
  /** OTRS link type: Normal, or ParentChild (the source is the parent). */
  type: string;
}

export interface ZoomData {
  ticket: TicketRow;
  queue: QueueRow;
  options: ZoomOptions;
  articles: ArticleRow[];
  /** Index of the first shown article among all of the ticket's articles. */
  offset: number;
  total: number;
  people: People;
  customer: IdentityRow | null;
  profile: ProfileRow | null;
  history: Awaited<ReturnType<typeof listHistory>>;
  links: LinkedTicket[];
  /** The customer's other tickets the agent may see, newest change first. */
  customerTickets: { rows: TicketRow[]; total: number };
  /** How the ticket's network names itself and its profiles ("X", "Twitter app"), from its adapter. */
  words: ChannelWords;
}

export interface ChannelWords {
  network: string;
  profileNoun: string;
}

/** A ticket without a profile speaks of X, where "New Twitter ticket" starts conversations. */
export function channelWords(deps: Pick<Deps, 'channels'>, type: string | null | undefined): ChannelWords {
  const guide = deps.channels.get(type ?? 'twitter')?.setup;
  return { network: guide?.network ?? 'X', profileNoun: guide?.profileNoun ?? 'Twitter app' };
}

export async function loadPeople(db: Db, articles: readonly ArticleRow[], extraIdentityIds: readonly number[] = []): Promise<People> {
  const identityIds = [...new Set([...articles.map((a) => a.identity_id).filter((id): id is number => id !== null), ...extraIdentityIds])];
  const [identities, agents, profiles, files] = await Promise.all([
    findIdentitiesById(db, identityIds),
    listAgents(db),
    listProfiles(db),
    attachmentsOf(db, articles.map((a) => a.id)),
  ]);
  return {
    files,
    identities: new Map(identities.map((i) => [i.id, i])),
    agents: new Map(agents.map((a) => [a.id, a.login])),
    names: new Map(agents.map((a) => [a.id, agentLabel(a)])),
    profiles: new Map(profiles.map((p) => [p.id, p])),
  };
}

/** The window of articles to show: the newest page, or everything before `before` one page back. */
export function articleWindow(total: number, opts: { all?: boolean; before?: number }): { offset: number; limit: number } {
  if (opts.all) return { offset: 0, limit: Math.max(total, 1) };
  const end = opts.before === undefined ? total : Math.min(Math.max(opts.before, 0), total);
  const offset = Math.max(0, end - ARTICLE_PAGE);
  return { offset, limit: Math.max(end - offset, 0) };
}

/**
 * What the zoom's live updates compare besides the ticket's changed_at: the newest history entry
 * (notes, links, deliveries write history without changing the ticket) and the validity of the
 * ticket's profile (the reply box's "switched off" banner). Two indexed lookups.
 */
export async function zoomVersion(db: Db, ticket: TicketRow): Promise<string> {
  const [history, profile] = await Promise.all([
    db.selectFrom('ticket_history').select((eb) => eb.fn.max('id').as('id')).where('ticket_id', '=', ticket.id).executeTakeFirst(),
    ticket.social_profile_id ? db.selectFrom('social_profiles').select('validity').where('id', '=', ticket.social_profile_id).executeTakeFirst() : Promise.resolve(undefined),
  ]);
  return `${Number(history?.id ?? 0)}.${profile?.validity ?? '-'}`;
}

/** `articles: false` loads everything but the conversation (live updates of the side parts). */
export async function loadZoom(deps: Deps, actor: Actor, ticketId: number, opts: { all?: boolean; articles?: boolean } = {}): Promise<ZoomData> {
  const db = deps.db;
  const { ticket, queue } = await loadTicketFor(db, actor, ticketId, 'ro');
  const total = await countArticles(db, ticket.id);
  const window = opts.articles === false ? { offset: total, limit: 0 } : articleWindow(total, opts);
  const [options, articles, history, linkRows, customerIdentities, customerTickets] = await Promise.all([
    zoomOptions(deps, actor, ticket, queue),
    window.limit > 0 ? listArticles(db, ticket.id, window) : Promise.resolve([]),
    listHistory(db, ticket.id),
    listLinks(db, ticket.id),
    ticket.customer_id ? identitiesOf(db, [ticket.customer_id]) : Promise.resolve([]),
    otherTicketsOf(db, actor, ticket),
  ]);
  const people = await loadPeople(db, articles);
  const customer = customerIdentities[0] ?? null;
  const otherIds = linkRows.map((l) => (l.source_ticket_id === ticket.id ? l.target_ticket_id : l.source_ticket_id));
  const [otherRows, visibleQueues] = otherIds.length ? await Promise.all([findTickets(db, otherIds), queuesWith(db, actor.access, 'ro')]) : [[], []];
  const others = new Map(otherRows.map((t) => [t.id, t]));
  const visible = new Set(visibleQueues.map((q) => q.id));
  const links: LinkedTicket[] = [];
  for (const l of linkRows) {
    const other = others.get(l.source_ticket_id === ticket.id ? l.target_ticket_id : l.source_ticket_id);
    if (other) links.push({ ticket: other, relation: l.target_ticket_id === ticket.id ? 'continues' : 'continued-by', visible: visible.has(other.queue_id), type: l.type });
  }
  const profile = ticket.social_profile_id ? (people.profiles.get(ticket.social_profile_id) ?? null) : null;
  return { ticket, queue, options, articles, offset: window.offset, total, people, customer, profile, history, links, customerTickets, words: channelWords(deps, profile?.type) };
}
