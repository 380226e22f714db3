import type { Hono } from 'hono';
import { FOLLOW_UP_LABELS, FOLLOW_UP_OPTIONS } from '../../../core/queues/followup-options.ts';
import { saveQueue } from '../../../core/queues/service.ts';
import { listGroups } from '../../../db/repos/groups.ts';
import { findQueue, listQueues } from '../../../db/repos/queues.ts';
import type { QueueRow } from '../../../db/schema.ts';
import type { AppEnv } from '../../context.ts';
import { Badge, FilterTable, formatTime, Select, TextInput, VALIDITY_OPTIONS, Widget, type Errors } from '../components.tsx';
import { adminPageRoutes, pageActor, type Ctx } from '../helpers.ts';
import { adminFormPage, adminListPage } from './frame.tsx';

const MODULE = { base: '/admin/queues', addLabel: 'Add queue', tableId: 'queues' };

async function listPage(c: Ctx) {
  const db = c.get('deps').db;
  const [queues, groups] = await Promise.all([listQueues(db), listGroups(db)]);
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  return adminListPage(
    c,
    MODULE,
    'Queues',
    'Queue Management',
    <FilterTable
      id="queues"
      headers={['Name', 'Group', 'Follow-up', 'Follow-up lock', 'Comment', 'Validity', 'Changed']}
      noMatch="No queue matches the filter."
      rows={queues.map((q) => ({
        filter: q.name,
        invalid: q.validity !== 'valid',
        cells: [
          <a href={`/admin/queues/${q.id}`}>{q.name}</a>,
          groupName.get(q.group_id) ?? String(q.group_id),
          FOLLOW_UP_LABELS[q.follow_up as keyof typeof FOLLOW_UP_LABELS] ?? q.follow_up,
          q.follow_up_lock ? 'yes' : 'no',
          q.comment ?? '',
          <Badge kind={q.validity}>{q.validity}</Badge>,
          formatTime(q.changed_at),
        ],
      }))}
    />
  );
}

async function formPage(c: Ctx, queue: QueueRow | null, values: Record<string, string>, errors: Errors = {}) {
  const groups = await listGroups(c.get('deps').db);
  const title = queue ? `Edit queue: ${queue.name}` : 'Add queue';
  return adminFormPage(
    c,
    MODULE,
    title,
    errors,
    <Widget title={queue ? 'Edit' : 'Add'}>
      <TextInput name="name" label="Name" value={values['name']} required errors={errors} />
      <Select
        name="groupId"
        label="Group"
        value={values['groupId']}
        options={groups.filter((g) => g.validity === 'valid' || String(g.id) === values['groupId']).map((g) => ({ value: g.id, label: g.name }))}
        empty="-"
        required
        errors={errors}
        hint="Agents need rw (work) or ro (read) in this group to reach the queue's tickets."
      />
      <Select
        name="followUp"
        label="Follow-up option"
        value={values['followUp'] ?? 'possible'}
        options={FOLLOW_UP_OPTIONS.map((o) => ({ value: o, label: FOLLOW_UP_LABELS[o] }))}
        required
        errors={errors}
        hint="What happens when a customer writes again to a closed ticket of this queue: reopen it (possible), refuse (reject), or open a new ticket."
      />
      <Select
        name="followUpLock"
        label="Ticket lock after a follow-up"
        value={values['followUpLock'] ?? '0'}
        options={[
          { value: '0', label: 'no' },
          { value: '1', label: 'yes' },
        ]}
        errors={errors}
        hint="With 'yes', a closed ticket reopened by a follow-up is locked to its owner."
      />
      <TextInput name="comment" label="Comment" value={values['comment']} errors={errors} />
      <Select name="validity" label="Validity" value={values['validity'] ?? 'valid'} options={VALIDITY_OPTIONS} required errors={errors} />
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
    noun: 'Queue',
    find: (c, id) => findQueue(c.get('deps').db, id),
    list: listPage,
    form: formPage,
    values: valuesOf,
    save: async (c, id, f) => (await saveQueue(c.get('deps').db, pageActor(c).id, id, input(f))).name,
  });
}
