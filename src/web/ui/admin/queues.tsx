import type { Hono } from 'hono';
import { FOLLOW_UP_LABELS, FOLLOW_UP_OPTIONS } from '../../../core/queues/followup-options.ts';
import { saveQueue } from '../../../core/queues/service.ts';
import { listGroups } from '../../../db/repos/groups.ts';
import { findQueue, listQueues } from '../../../db/repos/queues.ts';
import type { QueueRow } from '../../../db/schema.ts';
import type { AppEnv } from '../../context.ts';
import { Actions, Badge, CsrfField, FilterBox, Flash, Select, TextInput, VALIDITY_OPTIONS, Widget, formatTime, type Errors } from '../components.tsx';
import { Page } from '../layout.tsx';
import { csrf, errorsFrom, flashFrom, form, idParam, pageActor, type Ctx } from '../helpers.ts';

const sidebar = (onForm?: boolean) => (
  <>
    <Actions items={[{ href: '/admin/queues/new', label: 'Add queue' }, ...(onForm ? [{ href: '/admin/queues', label: 'Go to overview' }] : [])]} />
    {onForm ? null : <FilterBox tableId="queues" />}
  </>
);

async function listPage(c: Ctx) {
  const db = c.get('deps').db;
  const [queues, groups] = await Promise.all([listQueues(db), listGroups(db)]);
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  return c.html(
    <Page title="Queues" actor={pageActor(c)} csrf={csrf(c)} nav="admin" sidebar={sidebar()}>
      <h1>Queue Management</h1>
      <Flash kind="ok" message={flashFrom(c)} />
      <Widget title="List" flush>
        <table class="list" id="queues">
          <thead>
            <tr>
              <th>Name</th>
              <th>Group</th>
              <th>Follow-up</th>
              <th>Follow-up lock</th>
              <th>Comment</th>
              <th>Validity</th>
              <th>Changed</th>
            </tr>
          </thead>
          <tbody>
            {queues.map((q) => (
              <tr data-filter={q.name} class={q.validity === 'valid' ? '' : 'invalid'}>
                <td>
                  <a href={`/admin/queues/${q.id}`}>{q.name}</a>
                </td>
                <td>{groupName.get(q.group_id) ?? q.group_id}</td>
                <td>{FOLLOW_UP_LABELS[q.follow_up as keyof typeof FOLLOW_UP_LABELS] ?? q.follow_up}</td>
                <td>{q.follow_up_lock ? 'yes' : 'no'}</td>
                <td>{q.comment ?? ''}</td>
                <td>
                  <Badge kind={q.validity}>{q.validity}</Badge>
                </td>
                <td>{formatTime(q.changed_at)}</td>
              </tr>
            ))}
            <tr class="no-match" hidden>
              <td colspan={7} class="empty">
                No queue matches the filter.
              </td>
            </tr>
          </tbody>
        </table>
      </Widget>
    </Page>,
  );
}

async function formPage(c: Ctx, queue: QueueRow | null, values: Record<string, string>, errors: Errors = {}) {
  const groups = await listGroups(c.get('deps').db);
  const title = queue ? `Edit queue: ${queue.name}` : 'Add queue';
  return c.html(
    <Page title={title} actor={pageActor(c)} csrf={csrf(c)} nav="admin" sidebar={sidebar(true)}>
      <h1>{title}</h1>
      <Flash kind="error" message={errors['_form']} />
      <Widget title={queue ? 'Edit' : 'Add'}>
        <form method="post">
          <CsrfField token={csrf(c)} />
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
          <div class="buttons">
            <button type="submit">Save</button>
            <a class="button secondary" href="/admin/queues">
              Cancel
            </a>
          </div>
        </form>
      </Widget>
    </Page>,
  );
}

function input(f: Record<string, string>) {
  return {
    name: f['name'],
    groupId: f['groupId'] ? Number(f['groupId']) : undefined,
    followUp: f['followUp'],
    followUpLock: f['followUpLock'] === '1',
    comment: f['comment'],
    validity: f['validity'],
  };
}

export function adminQueueRoutes(app: Hono<AppEnv>): void {
  app.get('/admin/queues', listPage);
  app.get('/admin/queues/new', (c) => formPage(c, null, {}));
  app.post('/admin/queues/new', async (c) => {
    const f = await form(c);
    try {
      const q = await saveQueue(c.get('deps').db, pageActor(c).id, null, { ...input(f), groupId: f['groupId'] === '' ? null : input(f).groupId });
      return c.redirect(`/admin/queues?saved=${encodeURIComponent(`Queue "${q.name}" added.`)}`, 303);
    } catch (e) {
      c.status(400);
      return formPage(c, null, f, errorsFrom(e));
    }
  });
  app.get('/admin/queues/:id', async (c) => {
    const id = idParam(c);
    const queue = id ? await findQueue(c.get('deps').db, id) : undefined;
    if (!queue) return c.notFound();
    return formPage(c, queue, {
      name: queue.name,
      groupId: String(queue.group_id),
      followUp: queue.follow_up,
      followUpLock: queue.follow_up_lock ? '1' : '0',
      comment: queue.comment ?? '',
      validity: queue.validity,
    });
  });
  app.post('/admin/queues/:id', async (c) => {
    const id = idParam(c);
    const queue = id ? await findQueue(c.get('deps').db, id) : undefined;
    if (!queue) return c.notFound();
    const f = await form(c);
    try {
      const q = await saveQueue(c.get('deps').db, pageActor(c).id, queue.id, input(f));
      return c.redirect(`/admin/queues?saved=${encodeURIComponent(`Queue "${q.name}" saved.`)}`, 303);
    } catch (e) {
      c.status(400);
      return formPage(c, queue, f, errorsFrom(e));
    }
  });
}
