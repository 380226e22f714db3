import { can, type AgentAccess, type Permission } from '../agents/permissions.ts';
import { forbidden } from '../errors.ts';

/** Throws unless the agent holds `need` on the group of the ticket's queue. */
export function assertQueueAccess(access: AgentAccess, queue: { group_id: number; name: string }, need: Permission): void {
  if (!can(access, queue.group_id, need)) {
    throw forbidden(
      need === 'rw'
        ? `You need read-write permission on the queue "${queue.name}" to change this ticket.`
        : `You have no permission to see tickets of the queue "${queue.name}".`,
    );
  }
}
