import type { FC } from 'hono/jsx';
import type { Actor } from '../../../core/tickets/service.ts';
import { queuesWith } from '../../../core/tickets/visibility.ts';
import { listTickets } from '../../../db/repos/tickets.ts';
import type { Db, IdentityRow, TicketRow } from '../../../db/schema.ts';
import { formatNumber, t } from '../../../i18n/index.ts';
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

/** "3 years" ("3 Jahren", after "Auf X seit"): how long the account exists, from X's created_at. */
export function accountAge(createdAt: string, now = Date.now()): string | null {
  const at = Date.parse(createdAt);
  if (Number.isNaN(at) || at > now) return null;
  const days = Math.floor((now - at) / 86_400_000);
  if (days >= 365) return t('agent.customer.years', { count: Math.floor(days / 365) });
  if (days >= 30) return t('agent.customer.months', { count: Math.floor(days / 30) });
  return t('agent.customer.days', { count: days });
}

export const CustomerFacts: FC<{ customer: IdentityRow }> = ({ customer }) => {
  const age = customer.account_created_at ? accountAge(customer.account_created_at) : null;
  return (
    <>
      {customer.bio ? <p class="bio">{customer.bio}</p> : null}
      <dl class="facts">
        {customer.location ? (
          <>
            <dt>{t('agent.customer.location')}</dt>
            <dd>{customer.location}</dd>
          </>
        ) : null}
        {customer.followers_count !== null ? (
          <>
            <dt>{t('agent.customer.followers')}</dt>
            <dd>{formatNumber(customer.followers_count)}</dd>
          </>
        ) : null}
        {customer.verified !== null ? (
          <>
            <dt>{t('agent.customer.verified')}</dt>
            <dd>{customer.verified ? t('agent.customer.yes') : t('agent.customer.no')}</dd>
          </>
        ) : null}
        {age ? (
          <>
            <dt>{t('agent.customer.onXFor')}</dt>
            <dd title={customer.account_created_at ?? ''}>{age}</dd>
          </>
        ) : null}
      </dl>
    </>
  );
};

export const OtherTickets: FC<{ others: { rows: TicketRow[]; total: number } }> = ({ others }) =>
  others.rows.length ? (
    <ul class="other-tickets" aria-label={t('agent.customer.otherTickets')}>
      {others.rows.map((tk) => (
        <li>
          <a href={`/tickets/${tk.id}`}>Ticket#{tk.number}</a> {tk.title} <StateBadge ticket={tk} />
        </li>
      ))}
    </ul>
  ) : (
    <p class="muted">{t('agent.customer.noOtherTickets')}</p>
  );
