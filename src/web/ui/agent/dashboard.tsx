import type { FC } from 'hono/jsx';
import type { Actor } from '../../../core/tickets/service.ts';
import { queuesWith } from '../../../core/tickets/visibility.ts';
import { identitiesOf } from '../../../db/repos/customers.ts';
import { countByQueueAndStateType, lastTicketChange, listTickets, type QueueStateCount } from '../../../db/repos/tickets.ts';
import type { IdentityRow, QueueRow, TicketRow } from '../../../db/schema.ts';
import type { Deps } from '../../../deps.ts';
import { Widget } from '../components.tsx';
import { formatNumber, localeTag, t } from '../../../i18n/index.ts';
import { csrf, pageActor, type Ctx } from '../helpers.ts';
import { Page } from '../layout.tsx';
import { Avatar, KindBadge, POLL, StateBadge, age, conversationKind } from './bits.tsx';
import { NOT_CLOSED, STATE_VIEWS, countsByType, sumTypes } from './queue-data.ts';
import { PausedProfiles, pausedProfiles, type PausedProfile } from './paused.tsx';
import { avatarSrc } from '../../../attachments/avatars.ts';

// The agent's start page: how much waits where, what I hold, and what just came in from X.

const COLUMNS = ['new', 'open', 'pending', 'closed', ''] as const;

interface DashboardData {
  queues: QueueRow[];
  counts: QueueStateCount[];
  mine: TicketRow[];
  social: TicketRow[];
  identities: Map<number, IdentityRow>;
  /** Profiles this agent may use whose reading the monthly budget has paused. */
  paused: PausedProfile[];
}

async function loadDashboard(deps: Deps, actor: Actor): Promise<DashboardData> {
  const db = deps.db;
  const queues = await queuesWith(db, actor.access, 'ro');
  const queueIds = queues.map((q) => q.id);
  const [counts, mine, social] = await Promise.all([
    countByQueueAndStateType(db, queueIds),
    listTickets(db, { queueIds, lock: 'lock', ownerId: actor.id, stateTypes: NOT_CLOSED }, { limit: 10, offset: 0, sort: 'changed' }),
    listTickets(db, { queueIds, social: true }, { limit: 10, offset: 0, sort: 'created' }),
  ]);
  const customerIds = [...new Set([...mine, ...social].map((tk) => tk.customer_id).filter((id): id is number => id !== null))];
  const identities = new Map<number, IdentityRow>();
  for (const i of await identitiesOf(db, customerIds)) if (!identities.has(i.customer_id)) identities.set(i.customer_id, i);
  return { queues, counts, mine, social, identities, paused: await pausedProfiles(deps, actor) };
}

const cellHref = (queueId: number | null, state: string) => {
  const p = new URLSearchParams();
  if (queueId !== null) p.set('queue', String(queueId));
  if (state) p.set('state', state);
  const s = p.toString();
  return s ? `/tickets?${s}` : '/tickets';
};

const CountsTable: FC<{ d: DashboardData }> = ({ d }) => {
  const row = (label: string, queueId: number | null) => {
    const byType = countsByType(d.counts, queueId);
    return (
      <tr>
        <th scope="row">
          <a href={cellHref(queueId, '')}>{label}</a>
        </th>
        {COLUMNS.map((key) => {
          const n = sumTypes(byType, STATE_VIEWS[key]!.types);
          return (
            <td class={n ? 'n' : 'n zero'}>
              <a href={cellHref(queueId, key)} aria-label={t('agent.dashboard.cellLabel', { queue: label, count: formatNumber(n), state: STATE_VIEWS[key]!.label.toLocaleLowerCase(localeTag()) })}>
                {formatNumber(n)}
              </a>
            </td>
          );
        })}
      </tr>
    );
  };
  return (
    <table class="list counts-table">
      <thead>
        <tr>
          <th scope="col">{t('agent.queue.queue')}</th>
          {COLUMNS.map((key) => (
            <th scope="col" class="n">
              {STATE_VIEWS[key]!.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {d.queues.map((q) => row(q.name, q.id))}
        {d.queues.length > 1 ? row(t('agent.queue.allQueues'), null) : null}
      </tbody>
    </table>
  );
};

const TicketLines: FC<{ tickets: TicketRow[]; identities: Map<number, IdentityRow>; empty: string }> = ({ tickets, identities, empty }) => {
  if (tickets.length === 0) return <p class="empty">{empty}</p>;
  const now = Date.now();
  return (
    <ul class="ticket-lines">
      {tickets.map((tk) => {
        const who = tk.customer_id ? identities.get(tk.customer_id) : undefined;
        return (
          <li>
            <Avatar url={avatarSrc(who)} name={who ? who.display_name || who.handle : tk.title} small />
            <div>
              <a href={`/tickets/${tk.id}`}>{tk.title}</a>
              <p class="muted">
                {who ? `@${who.handle} · ` : ''}Ticket#{tk.number} · {age(tk.created_at, now)} <KindBadge kind={conversationKind(tk)} /> <StateBadge ticket={tk} />
              </p>
            </div>
          </li>
        );
      })}
    </ul>
  );
};

const DashboardBody: FC<{ d: DashboardData; version: string }> = ({ d, version }) => (
  <div id="dashboard" class="dashboard" hx-get={`/ui/dashboard?${new URLSearchParams({ v: version })}`} hx-trigger={`every ${POLL.dashboard}`} hx-swap="outerHTML">
    <PausedProfiles paused={d.paused} />
    <Widget title={t('agent.dashboard.counts')} flush class="wide-widget">
      <CountsTable d={d} />
    </Widget>
    <Widget title={t('agent.queue.lockedByMe')} tools={<a href="/tickets?lock=lock&owner=me">{t('agent.dashboard.showAll')}</a>}>
      <TicketLines tickets={d.mine} identities={d.identities} empty={t('agent.dashboard.noLocked')} />
    </Widget>
    <Widget title={t('agent.dashboard.social')} tools={<a href="/tickets?state=all&sort=created">{t('agent.dashboard.showAll')}</a>}>
      <TicketLines tickets={d.social} identities={d.identities} empty={t('agent.dashboard.noSocial')} />
    </Widget>
  </div>
);

export async function dashboardPage(c: Ctx) {
  const actor = pageActor(c);
  const deps = c.get('deps');
  const [d, version] = await Promise.all([loadDashboard(deps, actor), lastTicketChange(deps.db)]);
  return c.html(
    <Page title={t('agent.dashboard.title')} actor={actor} csrf={csrf(c)} nav="dashboard" wide>
      <h1>{t('agent.dashboard.title')}</h1>
      <DashboardBody d={d} version={version ?? ''} />
    </Page>,
  );
}

export async function dashboardPartial(c: Ctx) {
  const deps = c.get('deps');
  const version = (await lastTicketChange(deps.db)) ?? '';
  if (version === (c.req.query('v') ?? '')) return c.body(null, 204);
  return c.html(<DashboardBody d={await loadDashboard(deps, pageActor(c))} version={version} />);
}
