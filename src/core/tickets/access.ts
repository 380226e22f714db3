import { can, type AgentAccess, type Permission } from '../agents/permissions.ts';
import { forbidden } from '../errors.ts';
import { t } from '../../i18n/index.ts';

/** Throws unless the agent holds `need` on the group of the ticket's queue. */
export function assertQueueAccess(access: AgentAccess, queue: { group_id: number; name: string }, need: Permission): void {
  if (!can(access, queue.group_id, need)) {
    throw forbidden(
      need === 'rw'
        ? t('errors.ticket.needRw', { queue: queue.name })
        : t('errors.ticket.needRo', { queue: queue.name }),
    );
  }
}
