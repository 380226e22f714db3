import type { FC } from 'hono/jsx';
import { STATE_NAMES } from '../../../core/tickets/states.ts';
import { lastTicketChange } from '../../../db/repos/tickets.ts';
import { Widget } from '../components.tsx';
import { csrf, pageActor, type Ctx } from '../helpers.ts';
import { Page } from '../layout.tsx';
import { formatNumber, t } from '../../../i18n/index.ts';
import { Avatar, KindBadge, LockBadge, POLL, StateBadge, age, conversationKind, priorityLabel } from './bits.tsx';
import { BulkForm } from './bulk.tsx';
import { agentLabel } from './names.ts';
import { NOT_CLOSED, PAGE_SIZES, STATE_VIEWS, countsByType, loadQueueView, parseQueueQuery, queueHref, sumTypes, type QueueQuery, type QueueViewData } from './queue-data.ts';
import { avatarSrc } from '../../../attachments/avatars.ts';

// The queue view: the tickets of every queue the agent may see, with counts per queue and state,
// filters, search, sorting and paging. The list redraws itself when any ticket changes.

const sortable = (): { key: QueueQuery['sort']; label: string }[] => [
  { key: 'changed', label: t('agent.queue.changed') },
  { key: 'created', label: t('agent.queue.created') },
  { key: 'number', label: t('agent.queue.number') },
  { key: 'title', label: t('agent.queue.title') },
  { key: 'state', label: t('agent.queue.state') },
  { key: 'priority', label: t('agent.queue.priority') },
];

const SortHeader: FC<{ q: QueueQuery; sort: QueueQuery['sort']; label: string }> = ({ q, sort, label }) => {
  const active = q.sort === sort;
  const next = active && q.order === 'desc' ? 'asc' : 'desc';
  return (
    <th scope="col" aria-sort={active ? (q.order === 'asc' ? 'ascending' : 'descending') : undefined}>
      <a href={queueHref(q, { sort, order: next })}>
        {label}
        {active ? <span aria-hidden="true">{q.order === 'asc' ? ' ▲' : ' ▼'}</span> : null}
        <span class="sr-only">{next === 'asc' ? t('agent.queue.sortAsc') : t('agent.queue.sortDesc')}</span>
      </a>
    </th>
  );
};

/** Tabs per state type with their counts, for the queue in view. */
const StateTabs: FC<{ d: QueueViewData }> = ({ d }) => {
  const byType = countsByType(d.counts, d.query.queue);
  return (
    <nav class="counts state-tabs" aria-label={t('agent.queue.byState')}>
      {Object.entries(STATE_VIEWS).map(([key, v]) => (
        <a href={queueHref(d.query, { state: key })} aria-current={d.query.state === key ? 'true' : undefined}>
          <strong>{formatNumber(sumTypes(byType, v.types))}</strong> {v.label}
        </a>
      ))}
    </nav>
  );
};

/** Sidebar: every visible queue with its not-closed and new tickets (out of band on live updates). */
const QueueCounts: FC<{ d: QueueViewData; oob?: boolean }> = ({ d, oob }) => {
  const all = sumTypes(countsByType(d.counts, null), NOT_CLOSED);
  return (
    <ul class="queue-counts" id="queue-counts" hx-swap-oob={oob ? 'true' : undefined}>
      <li>
        <a href={queueHref(d.query, { queue: null })} aria-current={d.query.queue === null ? 'page' : undefined}>
          <span>{t('agent.queue.allQueues')}</span> <span class="n">{formatNumber(all)}</span>
        </a>
      </li>
      {d.queues.map((q) => {
        const byType = countsByType(d.counts, q.id);
        const fresh = byType.get('new') ?? 0;
        return (
          <li>
            <a href={queueHref(d.query, { queue: q.id })} aria-current={d.query.queue === q.id ? 'page' : undefined}>
              <span>{q.name}</span>
              <span class="n">
                {formatNumber(sumTypes(byType, NOT_CLOSED))}
                {fresh ? <span class="badge new">{t('agent.queue.newCount', { count: fresh })}</span> : null}
              </span>
            </a>
          </li>
        );
      })}
    </ul>
  );
};

const Pager: FC<{ d: QueueViewData }> = ({ d }) => {
  const { page, per } = d.query;
  const pages = Math.max(1, Math.ceil(d.total / per));
  const from = d.total === 0 ? 0 : (page - 1) * per + 1;
  const to = Math.min(d.total, page * per);
  return (
    <nav class="pager" aria-label={t('agent.queue.pages')}>
      <span>{t('agent.queue.range', { from: formatNumber(from), to: formatNumber(to), count: d.total })}</span>
      <span class="pages">
        {page > 1 ? (
          <a href={queueHref(d.query, { page: page - 1 })} rel="prev">
            {t('agent.queue.previous')}
          </a>
        ) : null}
        <span>{t('agent.queue.page', { page: formatNumber(page), pages: formatNumber(pages) })}</span>
        {page < pages ? (
          <a href={queueHref(d.query, { page: page + 1 })} rel="next">
            {t('agent.queue.next')}
          </a>
        ) : null}
      </span>
    </nav>
  );
};

const TicketTable: FC<{ d: QueueViewData; seen: string; actorId: number }> = ({ d, seen, actorId }) => {
  const queueName = new Map(d.queues.map((q) => [q.id, q.name]));
  const login = new Map(d.agents.map((a) => [a.id, agentLabel(a)]));
  const now = Date.now();
  const col = {
    number: t('agent.queue.number'),
    title: t('agent.queue.title'),
    customer: t('agent.queue.customer'),
    state: t('agent.queue.state'),
    queue: t('agent.queue.queue'),
    owner: t('agent.queue.owner'),
    priority: t('agent.queue.priority'),
    changed: t('agent.queue.changed'),
  };
  if (d.rows.length === 0) return <p class="empty">{d.query.q ? t('agent.queue.noMatch', { q: d.query.q }) : t('agent.queue.empty')}</p>;
  return (
    <table class="list tickets" id="ticket-table">
      <thead>
        <tr>
          <th scope="col" class="check">
            <input type="checkbox" form="bulk" data-check-all="ticketId" aria-label={t('agent.queue.tickAll')} />
          </th>
          <SortHeader q={d.query} sort="number" label={col.number} />
          <SortHeader q={d.query} sort="title" label={col.title} />
          <th scope="col">{col.customer}</th>
          <SortHeader q={d.query} sort="state" label={col.state} />
          <th scope="col">{col.queue}</th>
          <th scope="col">{col.owner}</th>
          <SortHeader q={d.query} sort="priority" label={col.priority} />
          <SortHeader q={d.query} sort="changed" label={col.changed} />
        </tr>
      </thead>
      <tbody>
        {d.rows.map((tk) => {
          const who = tk.customer_id ? d.identities.get(tk.customer_id) : undefined;
          const fresh = tk.changed_at > seen && tk.changed_by !== actorId;
          return (
            <tr class={[fresh ? 'fresh' : '', tk.state_type === 'new' ? 'is-new' : ''].filter(Boolean).join(' ') || undefined}>
              <td class="check">
                <input type="checkbox" name="ticketId" value={String(tk.id)} form="bulk" aria-label={t('agent.queue.tick', { number: tk.number })} />
              </td>
              <td data-label={col.number} class="number">
                {tk.number}
              </td>
              <td data-label={col.title} class="title">
                <a href={`/tickets/${tk.id}`} id={`t-${tk.id}`}>
                  {tk.title}
                </a>{' '}
                <KindBadge kind={conversationKind(tk)} />
                {fresh ? <span class="badge updated">{t('agent.queue.updated')}</span> : null}
              </td>
              <td data-label={col.customer} class="customer">
                {who ? (
                  <span class="who">
                    <Avatar url={avatarSrc(who)} name={who.display_name || who.handle} small />
                    <span>@{who.handle}</span>
                  </span>
                ) : null}
              </td>
              <td data-label={col.state}>
                <StateBadge ticket={tk} /> <LockBadge ticket={tk} />
              </td>
              <td data-label={col.queue} class="queue">
                {queueName.get(tk.queue_id) ?? ''}
              </td>
              <td data-label={col.owner}>{login.get(tk.owner_id) ?? ''}</td>
              <td data-label={col.priority} class="priority">
                {priorityLabel(tk.priority)}
              </td>
              <td data-label={col.changed} class="age">
                <span title={tk.changed_at}>{age(tk.changed_at, now)}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
};

/** The live part: polls with the version it was drawn from; 204 keeps it as it is. */
const TicketList: FC<{ d: QueueViewData; version: string; seen: string; actorId: number }> = ({ d, version, seen, actorId }) => {
  const poll = queueHref(d.query, { page: d.query.page }, '/ui/tickets/list', { v: version, seen });
  return (
    <div id="ticket-list" hx-get={poll} hx-trigger={`every ${POLL.queue}`} hx-swap="outerHTML">
      <StateTabs d={d} />
      <Widget title={d.query.q ? t('agent.queue.searchTitle', { q: d.query.q }) : t('agent.queue.tickets')} flush>
        <TicketTable d={d} seen={seen} actorId={actorId} />
        <Pager d={d} />
      </Widget>
    </div>
  );
};

const Filters: FC<{ d: QueueViewData }> = ({ d }) => {
  const q = d.query;
  const sel = (a: unknown, b: unknown) => String(a ?? '') === String(b ?? '');
  return (
    <form method="get" action="/tickets" class="filters" role="search" data-autosubmit aria-label={t('agent.queue.filterLabel')}>
      <div class="search">
        <label for="f-q">{t('agent.queue.search')}</label>
        <input id="f-q" name="q" type="search" value={q.q} placeholder={t('agent.queue.searchPlaceholder')} data-shortcut="/" />
      </div>
      <div>
        <label for="f-queue">{t('agent.queue.queue')}</label>
        <select id="f-queue" name="queue">
          <option value="">{t('agent.queue.allQueues')}</option>
          {d.queues.map((x) => (
            <option value={String(x.id)} selected={sel(q.queue, x.id)}>
              {x.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="f-state">{t('agent.queue.state')}</label>
        <select id="f-state" name="state">
          {Object.entries(STATE_VIEWS).map(([key, v]) => (
            <option value={key} selected={q.state === key}>
              {v.label}
            </option>
          ))}
          <optgroup label={t('agent.queue.oneState')}>
            {STATE_NAMES.map((s) => (
              <option value={`state:${s}`} selected={q.state === `state:${s}`}>
                {t(`common.state.${s}`)}
              </option>
            ))}
          </optgroup>
        </select>
      </div>
      <div>
        <label for="f-lock">{t('agent.queue.lock')}</label>
        <select id="f-lock" name="lock">
          <option value="">{t('agent.queue.any')}</option>
          <option value="lock" selected={q.lock === 'lock'}>
            {t('agent.queue.locked')}
          </option>
          <option value="unlock" selected={q.lock === 'unlock'}>
            {t('agent.queue.unlocked')}
          </option>
        </select>
      </div>
      <div>
        <label for="f-owner">{t('agent.queue.owner')}</label>
        <select id="f-owner" name="owner">
          <option value="">{t('agent.queue.anyone')}</option>
          <option value="me" selected={q.owner === 'me'}>
            {t('agent.queue.me')}
          </option>
          {d.agents
            .filter((a) => a.validity === 'valid')
            .map((a) => (
              <option value={String(a.id)} selected={sel(q.owner, a.id)}>
                {a.login}
              </option>
            ))}
        </select>
      </div>
      <div>
        <label for="f-profile">{t('agent.queue.profile')}</label>
        <select id="f-profile" name="profile">
          <option value="">{t('agent.queue.any')}</option>
          {d.profiles.map((p) => (
            <option value={String(p.id)} selected={sel(q.profile, p.id)}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      {q.customer ? <input type="hidden" name="customer" value={String(q.customer)} /> : null}
      <div class="buttons">
        <button type="submit">{t('agent.queue.apply')}</button>
        <a class="button secondary" href="/tickets">
          {t('agent.queue.reset')}
        </a>
      </div>
      {/* After the buttons in the page as on the screen (a row of its own below them): the focus order follows the screen. */}
      <details class="more-filters" open={q.sort !== 'changed' || q.order !== 'desc' || q.per !== 25}>
        <summary>{t('agent.queue.sorting')}</summary>
        <div class="filters">
          <div>
            <label for="f-sort">{t('agent.queue.sortBy')}</label>
            <select id="f-sort" name="sort">
              {sortable().map((s) => (
                <option value={s.key} selected={q.sort === s.key}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="f-order">{t('agent.queue.order')}</label>
            <select id="f-order" name="order">
              <option value="desc">{t('agent.queue.desc')}</option>
              <option value="asc" selected={q.order === 'asc'}>
                {t('agent.queue.asc')}
              </option>
            </select>
          </div>
          <div>
            <label for="f-per">{t('agent.queue.perPage')}</label>
            <select id="f-per" name="per">
              {PAGE_SIZES.map((n) => (
                <option value={String(n)} selected={q.per === n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
        </div>
      </details>
    </form>
  );
};

export async function queueViewPage(c: Ctx) {
  const actor = pageActor(c);
  const deps = c.get('deps');
  const [d, version] = await Promise.all([loadQueueView(deps, actor, parseQueueQuery((k) => c.req.query(k))), lastTicketChange(deps.db)]);
  const seen = new Date().toISOString();
  const queue = d.query.queue === null ? null : d.queues.find((x) => x.id === d.query.queue);
  const sidebar = (
    <>
      <Widget title={t('agent.queue.queues')} class="queues-widget">
        <QueueCounts d={d} />
      </Widget>
      <Widget title={t('agent.queue.myTickets')}>
        <ul class="plain-list">
          <li>
            <a href="/tickets?lock=lock&owner=me">{t('agent.queue.lockedByMe')}</a>
          </li>
          <li>
            <a href="/tickets?owner=me">{t('agent.queue.ownedByMe')}</a>
          </li>
          <li>
            <a href="/tickets/new-twitter">{t('layout.nav.newTicket', { network: 'Twitter' })}</a>
          </li>
        </ul>
      </Widget>
    </>
  );
  return c.html(
    <Page title={queue ? t('agent.queue.pageTitleQueue', { name: queue.name }) : t('agent.queue.tickets')} actor={actor} csrf={csrf(c)} nav="tickets" sidebar={sidebar}>
      <h1>{queue ? t('agent.queue.headingQueue', { name: queue.name }) : t('agent.queue.tickets')}</h1>
      <Widget title={t('ui.filter')} class="filter-widget">
        <Filters d={d} />
      </Widget>
      <TicketList d={d} version={version ?? ''} seen={seen} actorId={actor.id} />
      <BulkForm d={d} csrf={csrf(c)} />
    </Page>,
  );
}

/** GET /ui/tickets/list: the live list; 204 when no ticket changed since `v`. */
export async function queueListPartial(c: Ctx) {
  const actor = pageActor(c);
  const deps = c.get('deps');
  const version = (await lastTicketChange(deps.db)) ?? '';
  if (version === (c.req.query('v') ?? '')) return c.body(null, 204);
  const d = await loadQueueView(deps, actor, parseQueueQuery((k) => c.req.query(k)));
  const seen = c.req.query('seen') ?? new Date().toISOString();
  return c.html(
    <>
      <TicketList d={d} version={version} seen={seen} actorId={actor.id} />
      <QueueCounts d={d} oob />
    </>,
  );
}
