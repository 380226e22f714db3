import type { Db } from '../schema.ts';

/**
 * Ends every browser session of an agent except `keepId` (the one that changed the password).
 * Written for issue 11; the `harden` branch may bring its own for the same purpose.
 */
export async function endOtherSessions(db: Db, agentId: number, keepId: string | null): Promise<number> {
  let q = db.deleteFrom('sessions').where('agent_id', '=', agentId);
  if (keepId) q = q.where('id', '!=', keepId);
  const result = await q.executeTakeFirst();
  return Number(result.numDeletedRows);
}
