import { isUniqueViolation } from '../../db/errors.ts';
import { findGroup } from '../../db/repos/groups.ts';
import { findQueue, findQueueByName } from '../../db/repos/queues.ts';
import type { Db, QueueRow } from '../../db/schema.ts';
import { inTransaction } from '../../db/tx.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { optionalText, requiredName } from '../names.ts';
import { nowIso } from '../time.ts';
import { isValidity } from '../validity.ts';
import { parseFollowUp } from './followup-options.ts';
import { t } from '../../i18n/index.ts';

export interface QueueInput {
  name?: unknown;
  groupId?: unknown;
  comment?: unknown;
  validity?: unknown;
  followUp?: unknown;
  followUpLock?: unknown;
}

export async function saveQueue(db: Db, actorId: number, id: number | null, input: QueueInput, now = nowIso()): Promise<QueueRow> {
  return inTransaction(db, async (trx) => {
    const existing = id === null ? undefined : await findQueue(trx, id);
    if (id !== null && !existing) throw notFound(t('errors.noun.queue', { id }));
    const name = input.name === undefined && existing ? existing.name : requiredName('name', input.name, t('validation.label.name'));
    let groupId = existing?.group_id;
    if (input.groupId !== undefined || !existing) {
      groupId = Number(input.groupId);
      if (input.groupId === undefined || input.groupId === null || input.groupId === '' || !Number.isInteger(groupId)) {
        throw invalid('groupId', t('validation.required', { label: t('validation.label.group') }));
      }
      const group = await findGroup(trx, groupId);
      if (!group) throw notFound(t('errors.noun.group', { id: groupId }), 'groupId');
    }
    const comment = input.comment === undefined ? (existing?.comment ?? null) : optionalText('comment', input.comment, t('validation.label.comment'));
    const validity = input.validity === undefined ? (existing?.validity ?? 'valid') : input.validity;
    if (!isValidity(validity)) throw invalid('validity', t('validation.validity'));
    const followUp = input.followUp === undefined ? parseFollowUp(existing?.follow_up ?? 'possible') : parseFollowUp(input.followUp);
    let followUpLock = existing ? existing.follow_up_lock === 1 : false;
    if (input.followUpLock !== undefined) {
      if (typeof input.followUpLock !== 'boolean') throw invalid('followUpLock', t('validation.booleanField', { field: 'followUpLock' }));
      followUpLock = input.followUpLock;
    }
    const clash = await findQueueByName(trx, name);
    if (clash && clash.id !== id) throw conflict('name', t('errors.queue.exists', { name }));
    const values = { name, group_id: groupId!, comment, validity, follow_up: followUp, follow_up_lock: followUpLock ? 1 : 0, changed_at: now, changed_by: actorId };
    try {
      if (existing) {
        await trx.updateTable('queues').set(values).where('id', '=', existing.id).execute();
        return (await findQueue(trx, existing.id))!;
      }
      return await trx.insertInto('queues').values({ ...values, created_at: now, created_by: actorId }).returningAll().executeTakeFirstOrThrow();
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('name', t('errors.queue.exists', { name }));
      throw e;
    }
  });
}
