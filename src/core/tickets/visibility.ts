import { listQueues } from '../../db/repos/queues.ts';
import type { Db, QueueRow } from '../../db/schema.ts';
import { can, type AgentAccess, type Permission } from '../agents/permissions.ts';

/** The queues whose tickets the agent may see (ro) or work on (rw). */
export async function queuesWith(db: Db, access: AgentAccess, need: Permission): Promise<QueueRow[]> {
  return (await listQueues(db)).filter((q) => can(access, q.group_id, need));
}
