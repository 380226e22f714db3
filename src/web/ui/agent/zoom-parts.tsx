import type { FC, PropsWithChildren } from 'hono/jsx';
import { FilePicker } from './media.tsx';
import { ACTIONS } from '../../../core/options/actions.ts';
import { priorityName } from '../../../core/tickets/priorities.ts';
import type { Actor } from '../../../core/tickets/service.ts';
import type { IdentityRow, ProfileRow, TicketRow } from '../../../db/schema.ts';
import { CsrfField, Widget } from '../components.tsx';
import { Avatar, KindBadge, LockBadge, PriorityBadge, StateBadge, Time, conversationKind, pendingDefault } from './bits.tsx';
import type { Option, ZoomOptions } from './options.ts';
import type { LinkedTicket, ZoomData } from './zoom-data.ts';
import { RelationPanels } from './zoom-relation-parts.tsx';
import { CustomerFacts, OtherTickets } from './customer-context.tsx';
import { avatarSrc } from '../../../attachments/avatars.ts';
import { historyText } from './history-text.ts';
import { t as tr } from '../../../i18n/index.ts';

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
      <dt>{tr('zoom.props.number')}</dt>
      <dd>{t.number}</dd>
      <dt>{tr('zoom.props.state')}</dt>
      <dd>
        <StateBadge ticket={t} />
      </dd>
      {t.pending_until ? (
        <>
          <dt>{tr('zoom.props.pendingUntil')}</dt>
          <dd>
            <Time iso={t.pending_until} />
          </dd>
        </>
      ) : null}
      <dt>{tr('zoom.props.lock')}</dt>
      <dd>{t.lock === 'lock' ? tr('common.lock.lock') : tr('common.lock.unlock')}</dd>
      <dt>{tr('zoom.props.owner')}</dt>
      <dd>{d.people.names.get(t.owner_id) ?? tr('zoom.agentId', { id: t.owner_id })}</dd>
      <dt>{tr('zoom.props.queue')}</dt>
      <dd>{d.queue.name}</dd>
      <dt>{tr('zoom.props.priority')}</dt>
      <dd>{tr(`common.priority.${priorityName(t.priority)}`)}</dd>
      {d.profile ? (
        <>
          <dt>{d.words.profileNoun}</dt>
          <dd>{profileLabel(d.profile)}</dd>
          <dt>{tr('zoom.props.conversation')}</dt>
          <dd>{kind === 'dm' ? tr('zoom.props.dms') : tr('zoom.props.posts')}</dd>
        </>
      ) : null}
      <dt>{tr('zoom.props.created')}</dt>
      <dd>
        <Time iso={t.created_at} />
      </dd>
      <dt>{tr('zoom.props.changed')}</dt>
      <dd>
        <Time iso={t.changed_at} />
      </dd>
    </dl>
  );
};

export const profileLabel = (p: ProfileRow) => (p.account_username ? `${p.name} (@${p.account_username})` : p.name);

export const CustomerCard: FC<{ customer: IdentityRow | null; ticket: TicketRow; others?: { rows: TicketRow[]; total: number } }> = ({ customer, ticket, others }) =>
  customer ? (
    <Widget title={tr('zoom.customer.title')} class="customer">
      <div class="person">
        <Avatar url={avatarSrc(customer)} name={customer.display_name || customer.handle} />
        <div>
          <strong>{customer.display_name || customer.handle}</strong>
          <a href={`https://x.com/${encodeURIComponent(customer.handle)}`} target="_blank" rel="noopener noreferrer" class="handle">
            @{customer.handle}
            <span class="sr-only"> {tr('zoom.customer.onX')}</span>
          </a>
        </div>
      </div>
      <CustomerFacts customer={customer} />
      {others ? <OtherTickets others={others} /> : null}
      <p class="more">
        <a href={`/tickets?customer=${ticket.customer_id}&state=all`}>{tr('zoom.customer.allTickets', { handle: customer.handle })}</a>
      </p>
    </Widget>
  ) : null;

// A Normal link reads both ways; ParentChild names the side (a split or merge makes the old ticket the parent).
const linkLabel = (l: LinkedTicket) => (l.type === 'ParentChild' ? (l.relation === 'continues' ? tr('zoom.links.childOf') : tr('zoom.links.parentOf')) : tr('zoom.links.linkedWith'));

const LinkItem: FC<{ l: LinkedTicket }> = ({ l }) => (
  <li>
    <span class="relation">{linkLabel(l)}</span>{' '}
    {l.visible ? (
      <>
        <a href={`/tickets/${l.ticket.id}`}>Ticket#{l.ticket.number}</a> <span class="title">{l.ticket.title}</span> <StateBadge ticket={l.ticket} />
      </>
    ) : (
      <span>{tr('zoom.links.hidden', { number: l.ticket.number })}</span>
    )}
  </li>
);

export const Links: FC<{ d: ZoomData; oob?: boolean }> = ({ d, oob }) => (
  <div id="links" hx-swap-oob={oobAttr(oob)}>
    {d.links.length ? (
      <Widget title={tr('zoom.links.title')}>
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
        <h2>{tr('zoom.history.title', { count: d.history.length })}</h2>
      </summary>
      <ol class="body" reversed>
        {[...d.history].reverse().map((h) => (
          <li>
            <span class="type">{h.type}</span> {historyText(h)}
            <span class="muted">
              {' '}
              — {d.people.names.get(h.created_by) ?? h.login ?? tr('zoom.agentId', { id: h.created_by })}, <Time iso={h.created_at} />
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
        <button type="submit">{tr('common.save')}</button>
      </div>
    </form>
  </details>
);

function lockedMessage(owner: string | undefined): string {
  return owner ? tr('zoom.actions.lockedBy', { owner }) : tr('zoom.actions.lockedByOther');
}

/** The OTRS action menu, as buttons and small panels; only what permissions and ACLs leave. */
export const ActionBar: FC<{ d: ZoomData; actor: Actor; csrf: string | null; oob?: boolean }> = ({ d, actor, csrf, oob }) => {
  const o: ZoomOptions = d.options;
  const base = `/tickets/${d.ticket.id}`;
  const owner = d.people.agents.get(d.ticket.owner_id);
  if (!o.canWrite) {
    return (
      <div id="ticket-actions" hx-swap-oob={oobAttr(oob)}>
        <p class="flash warn">{tr('zoom.actions.readOnly', { queue: d.queue.name })}</p>
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
          {actor.admin && o.actions.has(ACTIONS.lock) ? lockForm('unlock', tr('zoom.actions.unlockAdmin')) : null}
        </div>
      </div>
    );
  }
  const s = o.states;
  const hasStates = s.open.length + s.closed.length + s.pending.length > 0;
  return (
    <nav class="ticket-actions" id="ticket-actions" aria-label={tr('zoom.actions.label')} hx-swap-oob={oobAttr(oob)}>
      {o.actions.has(ACTIONS.lock) ? (d.ticket.lock === 'lock' ? lockForm('unlock', tr('zoom.actions.unlock')) : lockForm('lock', tr('zoom.actions.lock'))) : null}
      {o.actions.has(ACTIONS.reply) && o.profiles.length ? (
        <a class="button secondary" href="#compose-body">
          {tr('zoom.actions.reply')}
        </a>
      ) : null}
      {o.actions.has(ACTIONS.note) ? (
        <ActionPanel label={tr('zoom.actions.note')} action={`${base}/note`} csrf={csrf} files>
          <label for="note-body">{tr('zoom.actions.noteBody')}</label>
          <textarea id="note-body" name="body" required rows={4}></textarea>
          <FilePicker id="note-files" note />
        </ActionPanel>
      ) : null}
      {hasStates ? (
        <ActionPanel label={tr('zoom.actions.state')} action={`${base}/state`} csrf={csrf}>
          <label for="state-next">{tr('zoom.actions.nextState')}</label>
          <select id="state-next" name="state" required data-pending-select="state-pending">
            <option value="">{tr('zoom.actions.chooseState')}</option>
            {([[tr('zoom.actions.groupOpen'), s.open], [tr('zoom.actions.groupClose'), s.closed], [tr('zoom.actions.groupPending'), s.pending]] as const).map(([group, options]) =>
              options.length ? (
                <optgroup label={group}>
                  {options.map((x) => (
                    <option value={x.value}>{tr(`common.state.${x.value}`)}</option>
                  ))}
                </optgroup>
              ) : null,
            )}
          </select>
          {s.pending.length ? (
            <div id="state-pending" class="pending-until">
              <label for="state-until">{tr('zoom.actions.pendingUntil')}</label>
              <input id="state-until" name="pendingUntil" type="datetime-local" data-local-datetime data-default={pendingDefault()} />
              <input type="hidden" name="tzOffset" value="0" data-tz-offset />
              <p class="hint">{tr('zoom.actions.pendingHint')}</p>
            </div>
          ) : null}
        </ActionPanel>
      ) : null}
      {o.queues.length ? (
        <ActionPanel label={tr('zoom.actions.move')} action={`${base}/queue`} csrf={csrf}>
          <SelectField id="move-queue" name="queueId" label={tr('zoom.actions.moveFrom', { queue: d.queue.name })} options={o.queues} placeholder={tr('zoom.actions.chooseQueue')} />
        </ActionPanel>
      ) : null}
      {o.owners.length ? (
        <ActionPanel label={tr('zoom.actions.owner')} action={`${base}/owner`} csrf={csrf}>
          <SelectField id="owner-id" name="ownerId" label={tr('zoom.actions.newOwner')} options={o.owners} value={String(d.ticket.owner_id)} />
        </ActionPanel>
      ) : null}
      {o.priorities.length ? (
        <ActionPanel label={tr('zoom.actions.priority')} action={`${base}/priority`} csrf={csrf}>
          <SelectField id="priority-id" name="priority" label={tr('zoom.props.priority')} options={o.priorities} value={String(d.ticket.priority)} />
        </ActionPanel>
      ) : null}
      <RelationPanels d={d} csrf={csrf} />
    </nav>
  );
};
