import type { Hono } from 'hono';
import { FOLLOW_UP_OPTIONS } from '../../../core/queues/followup-options.ts';
import { t } from '../../../i18n/index.ts';
import { saveQueue } from '../../../core/queues/service.ts';
import { listGroups } from '../../../db/repos/groups.ts';
import { findQueue, listQueues } from '../../../db/repos/queues.ts';
import type { QueueRow } from '../../../db/schema.ts';
import type { AppEnv } from '../../context.ts';
import { Badge, FilterTable, formatTime, Select, TextInput, Widget, type Errors } from '../components.tsx';
import { adminPageRoutes, pageActor, type Ctx } from '../helpers.ts';
import { adminFormPage, adminListPage, validityOptions, validityText } from './frame.tsx';

const MODULE = { base: '/admin/queues', addLabel: () => t('admin.queues.add'), tableId: 'queues' };

async function listPage(c: Ctx) {
  const db = c.get('deps').db;
  const [queues, groups] = await Promise.all([listQueues(db), listGroups(db)]);
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  return adminListPage(
    c,
    MODULE,
    t('admin.queues.title'),
    t('admin.queues.heading'),
    <FilterTable
      id="queues"
      headers={[t('admin.frame.name'), t('admin.queues.group'), t('admin.queues.followUpColumn'), t('admin.queues.followUpLockColumn'), t('admin.frame.comment'), t('admin.frame.validity'), t('admin.frame.changed')]}
      noMatch={t('admin.queues.noMatch')}
      rows={queues.map((q) => ({
        filter: q.name,
        invalid: q.validity !== 'valid',
        cells: [
          <a href={`/admin/queues/${q.id}`}>{q.name}</a>,
          groupName.get(q.group_id) ?? String(q.group_id),
          (FOLLOW_UP_OPTIONS as readonly string[]).includes(q.follow_up) ? t(`common.followUp.${q.follow_up}`) : q.follow_up,
          q.follow_up_lock ? t('common.yes') : t('common.no'),
          q.comment ?? '',
          <Badge kind={q.validity}>{validityText(q.validity)}</Badge>,
          formatTime(q.changed_at),
        ],
      }))}
    />
  );
}

async function formPage(c: Ctx, queue: QueueRow | null, values: Record<string, string>, errors: Errors = {}) {
  const groups = await listGroups(c.get('deps').db);
  const title = queue ? t('admin.queues.editTitle', { name: queue.name }) : t('admin.queues.add');
  return adminFormPage(
    c,
    MODULE,
    title,
    errors,
    <Widget title={queue ? t('admin.frame.edit') : t('admin.frame.add')}>
      <TextInput name="name" label={t('admin.frame.name')} value={values['name']} required errors={errors} />
      <Select
        name="groupId"
        label={t('admin.queues.group')}
        value={values['groupId']}
        options={groups.filter((g) => g.validity === 'valid' || String(g.id) === values['groupId']).map((g) => ({ value: g.id, label: g.name }))}
        empty="-"
        required
        errors={errors}
        hint={t('admin.queues.groupHint')}
      />
      <Select
        name="followUp"
        label={t('admin.queues.followUp')}
        value={values['followUp'] ?? 'possible'}
        options={FOLLOW_UP_OPTIONS.map((o) => ({ value: o, label: t(`common.followUp.${o}`) }))}
        required
        errors={errors}
        hint={t('admin.queues.followUpHint')}
      />
      <Select
        name="followUpLock"
        label={t('admin.queues.followUpLock')}
        value={values['followUpLock'] ?? '0'}
        options={[
          { value: '0', label: t('common.no') },
          { value: '1', label: t('common.yes') },
        ]}
        errors={errors}
        hint={t('admin.queues.followUpLockHint')}
      />
      <TextInput name="comment" label={t('admin.frame.comment')} value={values['comment']} errors={errors} />
      <Select name="validity" label={t('admin.frame.validity')} value={values['validity'] ?? 'valid'} options={validityOptions()} required errors={errors} />
    </Widget>,
  );
}

function input(f: Record<string, string>) {
  return {
    name: f['name'],
    // An empty choice is "no group": the service answers "Group is required." for it.
    groupId: f['groupId'] ? Number(f['groupId']) : null,
    followUp: f['followUp'],
    followUpLock: f['followUpLock'] === '1',
    comment: f['comment'],
    validity: f['validity'],
  };
}

async function valuesOf(_c: Ctx, queue: QueueRow): Promise<Record<string, string>> {
  return {
    name: queue.name,
    groupId: String(queue.group_id),
    followUp: queue.follow_up,
    followUpLock: queue.follow_up_lock ? '1' : '0',
    comment: queue.comment ?? '',
    validity: queue.validity,
  };
}

export function adminQueueRoutes(app: Hono<AppEnv>): void {
  adminPageRoutes<QueueRow>(app, {
    base: MODULE.base,
    noun: () => t('admin.queues.noun'),
    find: (c, id) => findQueue(c.get('deps').db, id),
    list: listPage,
    form: formPage,
    values: valuesOf,
    save: async (c, id, f) => (await saveQueue(c.get('deps').db, pageActor(c).id, id, input(f))).name,
  });
}
