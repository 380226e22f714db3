import type { FC } from 'hono/jsx';
import type { Actor } from '../../../core/tickets/service.ts';
import { queuesWith } from '../../../core/tickets/visibility.ts';
import { listTickets } from '../../../db/repos/tickets.ts';
import type { Db, IdentityRow, TicketRow } from '../../../db/schema.ts';
import { StateBadge } from './bits.tsx';

// What the zoom's customer box adds to name and handle: what X tells about the person and their
// other tickets (only in queues the agent may see).

export const OTHER_TICKETS = 10;

export async function otherTicketsOf(db: Db, actor: Actor, ticket: TicketRow): Promise<{ rows: TicketRow[]; total: number }> {
  if (!ticket.customer_id) return { rows: [], total: 0 };
  const queueIds = (await queuesWith(db, actor.access, 'ro')).map((q) => q.id);
  const rows = await listTickets(db, { queueIds, customerId: ticket.customer_id }, { limit: OTHER_TICKETS + 1, offset: 0, sort: 'changed', order: 'desc' });
  const others = rows.filter((tk) => tk.id !== ticket.id);
  return { rows: others.slice(0, OTHER_TICKETS), total: others.length };
}

/** "3 years", "5 months", "12 days": how long the account exists, from X's created_at. */
export function accountAge(createdAt: string, now = Date.now()): string | null {
  const at = Date.parse(createdAt);
  if (Number.isNaN(at) || at > now) return null;
  const days = Math.floor((now - at) / 86_400_000);
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  if (days >= 365) return plural(Math.floor(days / 365), 'year');
  if (days >= 30) return plural(Math.floor(days / 30), 'month');
  return plural(days, 'day');
}

export const CustomerFacts: FC<{ customer: IdentityRow }> = ({ customer }) => {
  const age = customer.account_created_at ? accountAge(customer.account_created_at) : null;
  return (
    <>
      {customer.bio ? <p class="bio">{customer.bio}</p> : null}
      <dl class="facts">
        {customer.location ? (
          <>
            <dt>Location</dt>
            <dd>{customer.location}</dd>
          </>
        ) : null}
        {customer.followers_count !== null ? (
          <>
            <dt>Followers</dt>
            <dd>{customer.followers_count.toLocaleString('en-US')}</dd>
          </>
        ) : null}
        {customer.verified !== null ? (
          <>
            <dt>Verified</dt>
            <dd>{customer.verified ? 'yes' : 'no'}</dd>
          </>
        ) : null}
        {age ? (
          <>
            <dt>On X for</dt>
            <dd title={customer.account_created_at ?? ''}>{age}</dd>
          </>
        ) : null}
      </dl>
    </>
  );
};

export const OtherTickets: FC<{ others: { rows: TicketRow[]; total: number } }> = ({ others }) =>
  others.rows.length ? (
    <ul class="other-tickets" aria-label="Other tickets of this customer">
      {others.rows.map((tk) => (
        <li>
          <a href={`/tickets/${tk.id}`}>Ticket#{tk.number}</a> {tk.title} <StateBadge ticket={tk} />
        </li>
      ))}
    </ul>
  ) : (
    <p class="muted">No other tickets.</p>
  );
