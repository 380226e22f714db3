import type { Db } from '../../db/schema.ts';
import { inTransaction } from '../../db/tx.ts';
import { AppError, ErrorCollector } from '../errors.ts';
import { t } from '../../i18n/index.ts';
import { ACTIONS } from '../options/actions.ts';
import { assertActionAllowed } from '../options/enforce.ts';
import { nowIso } from '../time.ts';
import type { RequiredLockAction } from './ownership.ts';
import { addNote, loadTicketFor, updateTicket, type Actor, type TicketPatch } from './service.ts';

// OTRS's AgentTicketBulk: one change for many tickets. Each ticket is checked on its own
// (permission, lock, ACLs — the bulk screen and each value) and changed in its own transaction, so
// one refused ticket does not hold back the others; the answer says what happened to each.

export const BULK_MAX = 500;

export interface BulkInput {
  ticketIds?: unknown;
  lock?: unknown;
  ownerId?: unknown;
  state?: unknown;
  pendingUntil?: string | null;
  queueId?: unknown;
  priority?: unknown;
  note?: unknown;
}

export type BulkResult =
  | { ticketId: number; ok: true; ticket: Awaited<ReturnType<typeof updateTicket>> }
  | { ticketId: number; ok: false; error: { code: string; message: string; field?: string } };

/** Checks the request as a whole before any ticket is touched: every field's error at once. */
export function parseBulk(input: BulkInput): { ticketIds: number[]; patch: TicketPatch; note: string | null } {
  const errors = new ErrorCollector();
  const ids = input.ticketIds;
  let ticketIds: number[] = [];
  if (!Array.isArray(ids) || ids.length === 0) errors.add('ticketIds', t('errors.bulk.noTickets'));
  else if (ids.length > BULK_MAX) errors.add('ticketIds', t('errors.bulk.tooMany', { max: BULK_MAX }));
  else if (!ids.every((x) => Number.isInteger(x) && (x as number) > 0)) errors.add('ticketIds', t('errors.bulk.ticketIds'));
  else ticketIds = [...new Set(ids as number[])];
  if (input.lock !== undefined && input.lock !== 'lock' && input.lock !== 'unlock') errors.add('lock', t('validation.lock'));
  let note: string | null = null;
  if (input.note !== undefined && input.note !== null) {
    if (typeof input.note !== 'string' || [...input.note].length > 10_000) errors.add('note', t('errors.bulk.note', { max: 10_000 }));
    else note = input.note.trim() || null;
  }
  const patch: TicketPatch = {};
  for (const k of ['lock', 'ownerId', 'state', 'queueId', 'priority'] as const) if (input[k] !== undefined && input[k] !== null && input[k] !== '') patch[k] = input[k];
  if (input.pendingUntil !== undefined) patch.pendingUntil = input.pendingUntil;
  if (Object.keys(patch).filter((k) => k !== 'pendingUntil').length === 0 && note === null && errors.fields['note'] === undefined) {
    errors.add('_form', t('errors.bulk.nothing'));
  }
  errors.throwIfAny();
  return { ticketIds, patch, note };
}

/** `requiredLock`: as for one ticket (PARLEY_REQUIRED_LOCK): closing or moving in bulk takes each ticket. */
export async function bulkUpdate(db: Db, actor: Actor, input: BulkInput, now = nowIso(), requiredLock?: ReadonlySet<RequiredLockAction>): Promise<BulkResult[]> {
  const { ticketIds, patch, note } = parseBulk(input);
  const results: BulkResult[] = [];
  for (const ticketId of ticketIds) {
    try {
      const ticket = await inTransaction(db, async (trx) => {
        const { ticket } = await loadTicketFor(trx, actor, ticketId, 'rw');
        await assertActionAllowed(trx, actor, ticket, ACTIONS.bulk);
        if (note) await addNote(trx, actor, ticketId, note, now);
        return updateTicket(trx, actor, ticketId, patch, now, requiredLock);
      });
      results.push({ ticketId, ok: true, ticket });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      results.push({ ticketId, ok: false, error: { code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) } });
    }
  }
  return results;
}

