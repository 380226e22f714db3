import { sql } from 'kysely';
import { formatTicketNumber, ticketNumberDay } from '../../core/tickets/number.ts';
import type { Db } from '../schema.ts';
import { getSetting } from './settings.ts';

export const DEFAULT_SYSTEM_ID = '10';

/**
 * Reserves `count` consecutive ticket numbers of today in one atomic statement, so concurrent
 * processes on PostgreSQL never hand out the same number.
 */
export async function allocateTicketNumbers(db: Db, count = 1, now = new Date()): Promise<string[]> {
  const day = ticketNumberDay(now);
  const systemId = (await getSetting(db, 'system_id')) ?? DEFAULT_SYSTEM_ID;
  const row = await db
    .insertInto('ticket_number_counters')
    .values({ day, value: count })
    .onConflict((oc) => oc.column('day').doUpdateSet({ value: sql<number>`ticket_number_counters.value + ${count}` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  const last = Number(row.value);
  return Array.from({ length: count }, (_, i) => formatTicketNumber(day, systemId, last - count + 1 + i));
}
