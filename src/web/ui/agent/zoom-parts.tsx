import type { FC, PropsWithChildren } from 'hono/jsx';
import { FilePicker } from './media.tsx';
import { ACTIONS } from '../../../core/options/actions.ts';
import { priorityName } from '../../../core/tickets/priorities.ts';
import type { Actor } from '../../../core/tickets/service.ts';
import type { IdentityRow, ProfileRow, TicketRow } from '../../../db/schema.ts';
import { CsrfField, Widget } from '../components.tsx';
import { Avatar, KindBadge, LockBadge, PriorityBadge, StateBadge, Time, conversationKind } from './bits.tsx';
import type { Option, ZoomOptions } from './options.ts';
import type { LinkedTicket, ZoomData } from './zoom-data.ts';
import { RelationPanels } from './zoom-relation-parts.tsx';
import { CustomerFacts, OtherTickets } from './customer-context.tsx';
import { avatarSrc } from '../../../attachments/avatars.ts';

// The zoom's parts that live updates replace (`oob`): header, properties, links and history.

const oobAttr = (oob?: boolean) => (oob ? 'true' : undefined);

export const TicketHead: FC<{ d: ZoomData; oob?: boolean }> = ({ d, oob }) => {
  const owner = d.people.agents.get(d.ticket.owner_id);
  return (
    <header class="ticket-head" id="ticket-head" hx-swap-oob={oobAttr(oob)}>
      <p class="crumbs">
        <a href={`/tickets?queue=${d.queue.id}`}>{d.queue.name}</a>
      </p>
      <h1>
        <span class="number">Ticket#{d.ticket.number}</span> <span class="title">{d.ticket.title}</span>
      </h1>
      <p class="badges">
        <StateBadge ticket={d.ticket} />
        <LockBadge ticket={d.ticket} owner={owner} />
        <KindBadge kind={conversationKind(d.ticket)} />
        <PriorityBadge priority={d.ticket.priority} />
      </p>
    </header>
  );
};

export const Properties: FC<{ d: ZoomData; oob?: boolean }> = ({ d, oob }) => {
  const t = d.ticket;
  const kind = conversationKind(t);
  return (
    <dl class="props" id="props" hx-swap-oob={oobAttr(oob)}>
      <dt>Number</dt>
      <dd>{t.number}</dd>
      <dt>State</dt>
      <dd>
        <StateBadge ticket={t} />
      </dd>
      {t.pending_until ? (
        <>
          <dt>Pending until</dt>
          <dd>
            <Time iso={t.pending_until} />
          </dd>
        </>
      ) : null}
      <dt>Lock</dt>
      <dd>{t.lock === 'lock' ? 'locked' : 'unlocked'}</dd>
      <dt>Owner</dt>
      <dd>{d.people.names.get(t.owner_id) ?? `agent ${t.owner_id}`}</dd>
      <dt>Queue</dt>
      <dd>{d.queue.name}</dd>
      <dt>Priority</dt>
      <dd>{priorityName(t.priority)}</dd>
      {d.profile ? (
        <>
          <dt>{d.words.profileNoun}</dt>
          <dd>{profileLabel(d.profile)}</dd>
          <dt>Conversation</dt>
          <dd>{kind === 'dm' ? 'Direct messages' : 'Public posts'}</dd>
        </>
      ) : null}
      <dt>Created</dt>
      <dd>
        <Time iso={t.created_at} />
      </dd>
      <dt>Changed</dt>
      <dd>
        <Time iso={t.changed_at} />
      </dd>
    </dl>
  );
};

export const profileLabel = (p: ProfileRow) => (p.account_username ? `${p.name} (@${p.account_username})` : p.name);

export const CustomerCard: FC<{ customer: IdentityRow | null; ticket: TicketRow; others?: { rows: TicketRow[]; total: number } }> = ({ customer, ticket, others }) =>
  customer ? (
    <Widget title="Customer" class="customer">
      <div class="person">
        <Avatar url={avatarSrc(customer)} name={customer.display_name || customer.handle} />
        <div>
          <strong>{customer.display_name || customer.handle}</strong>
          <a href={`https://x.com/${encodeURIComponent(customer.handle)}`} target="_blank" rel="noopener noreferrer" class="handle">
            @{customer.handle}
            <span class="sr-only"> on X (opens in a new tab)</span>
          </a>
        </div>
      </div>
      <CustomerFacts customer={customer} />
      {others ? <OtherTickets others={others} /> : null}
      <p class="more">
        <a href={`/tickets?customer=${ticket.customer_id}&state=all`}>All tickets of @{customer.handle}</a>
      </p>
    </Widget>
  ) : null;

// A Normal link reads both ways; ParentChild names the side (a split or merge makes the old ticket the parent).
const linkLabel = (l: LinkedTicket) => (l.type === 'ParentChild' ? (l.relation === 'continues' ? 'Child of' : 'Parent of') : 'Linked with');

const LinkItem: FC<{ l: LinkedTicket }> = ({ l }) => (
  <li>
    <span class="relation">{linkLabel(l)}</span>{' '}
    {l.visible ? (
      <>
        <a href={`/tickets/${l.ticket.id}`}>Ticket#{l.ticket.number}</a> <span class="title">{l.ticket.title}</span> <StateBadge ticket={l.ticket} />
      </>
    ) : (
      <span>Ticket#{l.ticket.number} (in a queue you cannot see)</span>
    )}
  </li>
);

export const Links: FC<{ d: ZoomData; oob?: boolean }> = ({ d, oob }) => (
  <div id="links" hx-swap-oob={oobAttr(oob)}>
    {d.links.length ? (
      <Widget title="Linked tickets">
        <ul class="links">
          {d.links.map((l) => (
            <LinkItem l={l} />
          ))}
        </ul>
      </Widget>
    ) : null}
  </div>
);

export const History: FC<{ d: ZoomData; oob?: boolean }> = ({ d, oob }) => (
  <section class="widget history" id="history" hx-swap-oob={oobAttr(oob)}>
    <details open>
      <summary class="head">
        <h2>History ({d.history.length})</h2>
      </summary>
      <ol class="body" reversed>
        {[...d.history].reverse().map((h) => (
          <li>
            <span class="type">{h.type}</span> {h.message}
            <span class="muted">
              {' '}
              — {d.people.names.get(h.created_by) ?? h.login ?? `agent ${h.created_by}`}, <Time iso={h.created_at} />
            </span>
          </li>
        ))}
      </ol>
    </details>
  </section>
);

const SelectField: FC<{ id: string; name: string; label: string; options: readonly Option[]; value?: string; placeholder?: string }> = (p) => (
  <>
    <label for={p.id}>{p.label}</label>
    <select id={p.id} name={p.name} required>
      {p.placeholder ? <option value="">{p.placeholder}</option> : null}
      {p.options.map((o) => (
        <option value={o.value} selected={o.value === p.value}>
          {o.label}
        </option>
      ))}
    </select>
  </>
);

export const ActionPanel: FC<PropsWithChildren<{ label: string; action: string; csrf: string | null; files?: boolean }>> = ({ label, action, csrf, files, children }) => (
  <details class="action">
    <summary class="button secondary">{label}</summary>
    <form method="post" action={action} class="panel" enctype={files ? 'multipart/form-data' : undefined}>
      <CsrfField token={csrf} />
      {children}
      <div class="buttons">
        <button type="submit">Save</button>
      </div>
    </form>
  </details>
);

function lockedMessage(owner: string | undefined): string {
  return `Locked by ${owner ?? 'another agent'}: only ${owner ?? 'the owner'} can change or answer this ticket.`;
}

/** The OTRS action menu, as buttons and small panels; only what permissions and ACLs leave. */
export const ActionBar: FC<{ d: ZoomData; actor: Actor; csrf: string | null; oob?: boolean }> = ({ d, actor, csrf, oob }) => {
  const o: ZoomOptions = d.options;
  const base = `/tickets/${d.ticket.id}`;
  const owner = d.people.agents.get(d.ticket.owner_id);
  if (!o.canWrite) {
    return (
      <div id="ticket-actions" hx-swap-oob={oobAttr(oob)}>
        <p class="flash warn">You may read this ticket but not change it (read-only access to the queue "{d.queue.name}").</p>
      </div>
    );
  }
  const lockForm = (lock: 'lock' | 'unlock', label: string) => (
    <form method="post" action={`${base}/lock`}>
      <CsrfField token={csrf} />
      <input type="hidden" name="lock" value={lock} />
      <button type="submit" class={lock === 'lock' ? '' : 'secondary'}>
        {label}
      </button>
    </form>
  );
  if (o.lockedByOther) {
    return (
      <div id="ticket-actions" hx-swap-oob={oobAttr(oob)}>
        <div class="flash warn locked-note">
          <span>{lockedMessage(owner)}</span>
          {actor.admin && o.actions.has(ACTIONS.lock) ? lockForm('unlock', 'Unlock (administrator)') : null}
        </div>
      </div>
    );
  }
  const s = o.states;
  const hasStates = s.open.length + s.closed.length + s.pending.length > 0;
  return (
    <nav class="ticket-actions" id="ticket-actions" aria-label="Ticket actions" hx-swap-oob={oobAttr(oob)}>
      {o.actions.has(ACTIONS.lock) ? (d.ticket.lock === 'lock' ? lockForm('unlock', 'Unlock') : lockForm('lock', 'Lock')) : null}
      {o.actions.has(ACTIONS.reply) && o.profiles.length ? (
        <a class="button secondary" href="#compose-body">
          Reply
        </a>
      ) : null}
      {o.actions.has(ACTIONS.note) ? (
        <ActionPanel label="Note" action={`${base}/note`} csrf={csrf} files>
          <label for="note-body">Internal note (agents only)</label>
          <textarea id="note-body" name="body" required rows={4}></textarea>
          <FilePicker id="note-files" note />
        </ActionPanel>
      ) : null}
      {hasStates ? (
        <ActionPanel label="State" action={`${base}/state`} csrf={csrf}>
          <label for="state-next">Next state</label>
          <select id="state-next" name="state" required data-pending-select="state-pending">
            <option value="">Choose a state</option>
            {([['Open', s.open], ['Close', s.closed], ['Pending', s.pending]] as const).map(([group, options]) =>
              options.length ? (
                <optgroup label={group}>
                  {options.map((x) => (
                    <option value={x.value}>{x.label}</option>
                  ))}
                </optgroup>
              ) : null,
            )}
          </select>
          {s.pending.length ? (
            <div id="state-pending" class="pending-until">
              <label for="state-until">Pending until (your local time)</label>
              <input id="state-until" name="pendingUntil" type="datetime-local" data-local-datetime />
              <input type="hidden" name="tzOffset" value="0" data-tz-offset />
              <p class="hint">Needed for pending states: when the reminder is due or the ticket closes itself.</p>
            </div>
          ) : null}
        </ActionPanel>
      ) : null}
      {o.queues.length ? (
        <ActionPanel label="Move" action={`${base}/queue`} csrf={csrf}>
          <SelectField id="move-queue" name="queueId" label={`Move from "${d.queue.name}" to`} options={o.queues} placeholder="Choose a queue" />
        </ActionPanel>
      ) : null}
      {o.owners.length ? (
        <ActionPanel label="Owner" action={`${base}/owner`} csrf={csrf}>
          <SelectField id="owner-id" name="ownerId" label="New owner" options={o.owners} value={String(d.ticket.owner_id)} />
        </ActionPanel>
      ) : null}
      {o.priorities.length ? (
        <ActionPanel label="Priority" action={`${base}/priority`} csrf={csrf}>
          <SelectField id="priority-id" name="priority" label="Priority" options={o.priorities} value={String(d.ticket.priority)} />
        </ActionPanel>
      ) : null}
      <RelationPanels d={d} csrf={csrf} />
    </nav>
  );
};
