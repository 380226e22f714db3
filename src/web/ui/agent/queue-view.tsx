import type { FC } from 'hono/jsx';
import { priorityName } from '../../../core/tickets/priorities.ts';
import { STATE_NAMES } from '../../../core/tickets/states.ts';
import { lastTicketChange } from '../../../db/repos/tickets.ts';
import { Widget } from '../components.tsx';
import { csrf, pageActor, type Ctx } from '../helpers.ts';
import { Page } from '../layout.tsx';
import { Avatar, KindBadge, LockBadge, POLL, StateBadge, Time, age, conversationKind, pluralize } from './bits.tsx';
import { BulkForm } from './bulk.tsx';
import { agentLabel } from './names.ts';
import { NOT_CLOSED, PAGE_SIZES, STATE_VIEWS, countsByType, loadQueueView, parseQueueQuery, queueHref, sumTypes, type QueueQuery, type QueueViewData } from './queue-data.ts';
import { avatarSrc } from '../../../attachments/avatars.ts';

// The queue view: the tickets of every queue the agent may see, with counts per queue and state,
// filters, search, sorting and paging. The list redraws itself when any ticket changes.

const SORTABLE: { key: QueueQuery['sort']; label: string }[] = [
  { key: 'changed', label: 'Changed' },
  { key: 'created', label: 'Created' },
  { key: 'number', label: 'Ticket#' },
  { key: 'title', label: 'Title' },
  { key: 'state', label: 'State' },
  { key: 'priority', label: 'Priority' },
];

const SortHeader: FC<{ q: QueueQuery; sort: QueueQuery['sort']; label: string }> = ({ q, sort, label }) => {
  const active = q.sort === sort;
  const next = active && q.order === 'desc' ? 'asc' : 'desc';
  return (
    <th scope="col" aria-sort={active ? (q.order === 'asc' ? 'ascending' : 'descending') : undefined}>
      <a href={queueHref(q, { sort, order: next })}>
        {label}
        {active ? <span aria-hidden="true">{q.order === 'asc' ? ' ▲' : ' ▼'}</span> : null}
        <span class="sr-only">{`, sort ${next === 'asc' ? 'ascending' : 'descending'}`}</span>
      </a>
    </th>
  );
};

/** Tabs per state type with their counts, for the queue in view. */
const StateTabs: FC<{ d: QueueViewData }> = ({ d }) => {
  const byType = countsByType(d.counts, d.query.queue);
  return (
    <nav class="counts state-tabs" aria-label="Tickets by state">
      {Object.entries(STATE_VIEWS).map(([key, v]) => (
        <a href={queueHref(d.query, { state: key })} aria-current={d.query.state === key ? 'true' : undefined}>
          <strong>{sumTypes(byType, v.types).toLocaleString('en-US')}</strong> {v.label}
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
          <span>All queues</span> <span class="n">{all.toLocaleString('en-US')}</span>
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
                {sumTypes(byType, NOT_CLOSED).toLocaleString('en-US')}
                {fresh ? <span class="badge new">{`${fresh} new`}</span> : null}
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
    <nav class="pager" aria-label="Pages">
      <span>
        {from.toLocaleString('en-US')}–{to.toLocaleString('en-US')} of {pluralize(d.total, 'ticket')}
      </span>
      <span class="pages">
        {page > 1 ? <a href={queueHref(d.query, { page: page - 1 })} rel="prev">← Previous</a> : null}
        <span>
          Page {page} of {pages.toLocaleString('en-US')}
        </span>
        {page < pages ? <a href={queueHref(d.query, { page: page + 1 })} rel="next">Next →</a> : null}
      </span>
    </nav>
  );
};

const TicketTable: FC<{ d: QueueViewData; seen: string; actorId: number }> = ({ d, seen, actorId }) => {
  const queueName = new Map(d.queues.map((q) => [q.id, q.name]));
  const login = new Map(d.agents.map((a) => [a.id, agentLabel(a)]));
  const now = Date.now();
  if (d.rows.length === 0) return <p class="empty">{d.query.q ? `No ticket matches “${d.query.q}”.` : 'No tickets here.'}</p>;
  return (
    <table class="list tickets" id="ticket-table">
      <thead>
        <tr>
          <th scope="col" class="check">
            <input type="checkbox" form="bulk" data-check-all="ticketId" aria-label="Tick all tickets on this page" />
          </th>
          <SortHeader q={d.query} sort="number" label="Ticket#" />
          <SortHeader q={d.query} sort="title" label="Title" />
          <th scope="col">Customer</th>
          <SortHeader q={d.query} sort="state" label="State" />
          <th scope="col">Queue</th>
          <th scope="col">Owner</th>
          <SortHeader q={d.query} sort="priority" label="Priority" />
          <SortHeader q={d.query} sort="changed" label="Changed" />
        </tr>
      </thead>
      <tbody>
        {d.rows.map((t) => {
          const who = t.customer_id ? d.identities.get(t.customer_id) : undefined;
          const fresh = t.changed_at > seen && t.changed_by !== actorId;
          return (
            <tr class={[fresh ? 'fresh' : '', t.state_type === 'new' ? 'is-new' : ''].filter(Boolean).join(' ') || undefined}>
              <td class="check">
                <input type="checkbox" name="ticketId" value={String(t.id)} form="bulk" aria-label={`Tick Ticket#${t.number}`} />
              </td>
              <td data-label="Ticket#" class="number">
                {t.number}
              </td>
              <td data-label="Title" class="title">
                <a href={`/tickets/${t.id}`} id={`t-${t.id}`}>
                  {t.title}
                </a>{' '}
                <KindBadge kind={conversationKind(t)} />
                {fresh ? <span class="badge updated">updated</span> : null}
              </td>
              <td data-label="Customer" class="customer">
                {who ? (
                  <span class="who">
                    <Avatar url={avatarSrc(who)} name={who.display_name || who.handle} small />
                    <span>@{who.handle}</span>
                  </span>
                ) : null}
              </td>
              <td data-label="State">
                <StateBadge ticket={t} /> <LockBadge ticket={t} />
              </td>
              <td data-label="Queue">{queueName.get(t.queue_id) ?? ''}</td>
              <td data-label="Owner">{login.get(t.owner_id) ?? ''}</td>
              <td data-label="Priority">{priorityName(t.priority)}</td>
              <td data-label="Changed" class="age">
                <span title={t.changed_at}>{age(t.changed_at, now)}</span>
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
      <Widget title={d.query.q ? `Search: ${d.query.q}` : 'Tickets'} flush>
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
    <form method="get" action="/tickets" class="filters" role="search" data-autosubmit aria-label="Filter tickets">
      <div class="search">
        <label for="f-q">Search</label>
        <input id="f-q" name="q" type="search" value={q.q} placeholder="Ticket#, title, @handle or text" data-shortcut="/" />
      </div>
      <div>
        <label for="f-queue">Queue</label>
        <select id="f-queue" name="queue">
          <option value="">All queues</option>
          {d.queues.map((x) => (
            <option value={String(x.id)} selected={sel(q.queue, x.id)}>
              {x.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="f-state">State</label>
        <select id="f-state" name="state">
          {Object.entries(STATE_VIEWS).map(([key, v]) => (
            <option value={key} selected={q.state === key}>
              {v.label}
            </option>
          ))}
          <optgroup label="One state">
            {STATE_NAMES.map((s) => (
              <option value={`state:${s}`} selected={q.state === `state:${s}`}>
                {s}
              </option>
            ))}
          </optgroup>
        </select>
      </div>
      <div>
        <label for="f-lock">Lock</label>
        <select id="f-lock" name="lock">
          <option value="">Any</option>
          <option value="lock" selected={q.lock === 'lock'}>
            Locked
          </option>
          <option value="unlock" selected={q.lock === 'unlock'}>
            Unlocked
          </option>
        </select>
      </div>
      <div>
        <label for="f-owner">Owner</label>
        <select id="f-owner" name="owner">
          <option value="">Anyone</option>
          <option value="me" selected={q.owner === 'me'}>
            Me
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
        <label for="f-profile">Twitter app</label>
        <select id="f-profile" name="profile">
          <option value="">Any</option>
          {d.profiles.map((p) => (
            <option value={String(p.id)} selected={sel(q.profile, p.id)}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <details class="more-filters" open={q.sort !== 'changed' || q.order !== 'desc' || q.per !== 25}>
        <summary>Sorting and page size</summary>
        <div class="filters">
          <div>
            <label for="f-sort">Sort by</label>
            <select id="f-sort" name="sort">
              {SORTABLE.map((s) => (
                <option value={s.key} selected={q.sort === s.key}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="f-order">Order</label>
            <select id="f-order" name="order">
              <option value="desc">Newest / highest first</option>
              <option value="asc" selected={q.order === 'asc'}>
                Oldest / lowest first
              </option>
            </select>
          </div>
          <div>
            <label for="f-per">Per page</label>
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
      {q.customer ? <input type="hidden" name="customer" value={String(q.customer)} /> : null}
      <div class="buttons">
        <button type="submit">Apply</button>
        <a class="button secondary" href="/tickets">
          Reset
        </a>
      </div>
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
      <Widget title="Queues" class="queues-widget">
        <QueueCounts d={d} />
      </Widget>
      <Widget title="My tickets">
        <ul class="plain-list">
          <li>
            <a href="/tickets?lock=lock&owner=me">Locked by me</a>
          </li>
          <li>
            <a href="/tickets?owner=me">Owned by me</a>
          </li>
          <li>
            <a href="/tickets/new-twitter">New Twitter ticket</a>
          </li>
        </ul>
      </Widget>
    </>
  );
  return c.html(
    <Page title={queue ? `Queue ${queue.name}` : 'Tickets'} actor={actor} csrf={csrf(c)} nav="tickets" sidebar={sidebar}>
      <h1>{queue ? `Queue: ${queue.name}` : 'Tickets'}</h1>
      <Widget title="Filter" class="filter-widget">
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
