import { isUniqueViolation } from '../../db/errors.ts';
import { findGroup } from '../../db/repos/groups.ts';
import { findQueue, findQueueByName } from '../../db/repos/queues.ts';
import type { Db, QueueRow } from '../../db/schema.ts';
import { inTransaction } from '../../db/tx.ts';
import { type AppError, conflict, ErrorCollector, notFound } from '../errors.ts';
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
    // Every field's error at once: the form shows each beside its field, the API names them all.
    const errors = new ErrorCollector();
    const name = input.name === undefined && existing ? existing.name : errors.check(() => requiredName('name', input.name, t('validation.label.name')));
    let groupId = existing?.group_id;
    let missingGroup: AppError | undefined;
    if (input.groupId !== undefined || !existing) {
      groupId = Number(input.groupId);
      if (input.groupId === undefined || input.groupId === null || input.groupId === '' || !Number.isInteger(groupId)) {
        errors.add('groupId', t('validation.required', { label: t('validation.label.group') }));
      } else if (!(await findGroup(trx, groupId))) {
        missingGroup = notFound(t('errors.noun.group', { id: groupId }), 'groupId');
      }
    }
    const comment = input.comment === undefined ? (existing?.comment ?? null) : errors.check(() => optionalText('comment', input.comment, t('validation.label.comment')));
    const validity = input.validity === undefined ? (existing?.validity ?? 'valid') : input.validity;
    if (!isValidity(validity)) errors.add('validity', t('validation.validity'));
    const followUp = errors.check(() => (input.followUp === undefined ? parseFollowUp(existing?.follow_up ?? 'possible') : parseFollowUp(input.followUp)));
    let followUpLock = existing ? existing.follow_up_lock === 1 : false;
    if (input.followUpLock !== undefined) {
      if (typeof input.followUpLock !== 'boolean') errors.add('followUpLock', t('validation.booleanField', { field: 'followUpLock' }));
      else followUpLock = input.followUpLock;
    }
    // An unknown group alone stays "not found" (404); beside other mistakes it is one more red line.
    if (missingGroup && Object.keys(errors.fields).length) errors.add('groupId', missingGroup.message);
    errors.throwIfAny();
    if (missingGroup) throw missingGroup;
    const clash = await findQueueByName(trx, name!);
    if (clash && clash.id !== id) throw conflict('name', t('errors.queue.exists', { name }));
    const values = { name: name!, group_id: groupId!, comment: comment ?? null, validity: validity as string, follow_up: followUp!, follow_up_lock: followUpLock ? 1 : 0, changed_at: now, changed_by: actorId };
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
