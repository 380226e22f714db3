import { HISTORY } from '../core/tickets/history.ts';
import { SYSTEM_USER_ID } from '../core/tickets/service.ts';
import { autoCloseTarget, isStateName } from '../core/tickets/states.ts';
import { nowIso } from '../core/time.ts';
import type { Db } from '../db/schema.ts';

/** Pending auto close tickets whose time has come are closed, as OTRS's daemon does. */
export async function autoClosePending(db: Db, now = nowIso()): Promise<number> {
  const due = await db
    .selectFrom('tickets')
    .select(['id', 'state'])
    .where('state_type', '=', 'pending auto')
    .where('pending_until', '<=', now)
    .limit(500)
    .execute();
  let closed = 0;
  for (const t of due) {
    const target = isStateName(t.state) ? autoCloseTarget(t.state) : null;
    if (!target) continue;
    await db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('tickets')
        .set({ state: target, state_type: 'closed', lock: 'unlock', pending_until: null, changed_at: now, changed_by: SYSTEM_USER_ID })
        .where('id', '=', t.id)
        .where('state', '=', t.state)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return;
      await trx
        .insertInto('ticket_history')
        .values({
          ticket_id: t.id,
          type: HISTORY.stateUpdate,
          message: `State changed from "${t.state}" to "${target}" (pending time reached).`,
          message_key: 'history.stateAutoclose',
          message_params: JSON.stringify({ fromState: t.state, toState: target }),
          created_by: SYSTEM_USER_ID,
          created_at: now,
        })
        .execute();
      closed += 1;
    });
  }
  return closed;
}
