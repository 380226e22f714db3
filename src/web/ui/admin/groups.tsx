import type { Hono } from 'hono';
import { saveGroup } from '../../../core/agents/service.ts';
import { findGroup, listGroupMembers, listGroups } from '../../../db/repos/groups.ts';
import type { GroupRow } from '../../../db/schema.ts';
import type { AppEnv } from '../../context.ts';
import { Actions, Badge, CsrfField, FilterBox, Flash, Select, TextInput, VALIDITY_OPTIONS, Widget, formatTime, type Errors } from '../components.tsx';
import { Page } from '../layout.tsx';
import { csrf, errorsFrom, flashFrom, form, idParam, pageActor, type Ctx } from '../helpers.ts';

const sidebar = (extra?: boolean) => (
  <>
    <Actions items={[{ href: '/admin/groups/new', label: 'Add group' }, ...(extra ? [{ href: '/admin/groups', label: 'Go to overview' }] : [])]} />
    {extra ? null : <FilterBox tableId="groups" />}
  </>
);

async function listPage(c: Ctx) {
  const groups = await listGroups(c.get('deps').db);
  return c.html(
    <Page title="Groups" actor={pageActor(c)} csrf={csrf(c)} nav="admin" sidebar={sidebar()}>
      <h1>Group Management</h1>
      <Flash kind="ok" message={flashFrom(c)} />
      <Widget title="List" flush>
        <table class="list" id="groups">
          <thead>
            <tr>
              <th>Name</th>
              <th>Comment</th>
              <th>Validity</th>
              <th>Changed</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr data-filter={g.name} class={g.validity === 'valid' ? '' : 'invalid'}>
                <td>
                  <a href={`/admin/groups/${g.id}`}>{g.name}</a>
                </td>
                <td>{g.comment ?? ''}</td>
                <td>
                  <Badge kind={g.validity}>{g.validity}</Badge>
                </td>
                <td>{formatTime(g.changed_at)}</td>
              </tr>
            ))}
            <tr class="no-match" hidden>
              <td colspan={4} class="empty">
                No group matches the filter.
              </td>
            </tr>
          </tbody>
        </table>
      </Widget>
    </Page>,
  );
}

async function formPage(c: Ctx, group: GroupRow | null, values: Record<string, string>, errors: Errors = {}) {
  const members = group ? await listGroupMembers(c.get('deps').db, group.id) : [];
  const title = group ? `Edit group: ${group.name}` : 'Add group';
  return c.html(
    <Page title={title} actor={pageActor(c)} csrf={csrf(c)} nav="admin" sidebar={sidebar(true)}>
      <h1>{title}</h1>
      <Flash kind="error" message={errors['_form']} />
      <Widget title={group ? 'Edit' : 'Add'}>
        <form method="post">
          <CsrfField token={csrf(c)} />
          <TextInput name="name" label="Name" value={values['name']} required errors={errors} />
          <TextInput name="comment" label="Comment" value={values['comment']} errors={errors} />
          <Select name="validity" label="Validity" value={values['validity'] ?? 'valid'} options={VALIDITY_OPTIONS} required errors={errors} />
          <div class="buttons">
            <button type="submit">Save</button>
            <a class="button secondary" href="/admin/groups">
              Cancel
            </a>
          </div>
        </form>
      </Widget>
      {group ? (
        <Widget title="Agents in this group" flush>
          {members.length === 0 ? (
            <p class="empty">No agent is a member. Memberships are set on each agent's page.</p>
          ) : (
            <table class="list">
              <thead>
                <tr>
                  <th>Agent</th>
                  <th>Permission</th>
                </tr>
              </thead>
              <tbody>
                {members.map((m) => (
                  <tr>
                    <td>
                      <a href={`/admin/agents/${m.agent_id}`}>{m.login}</a> ({m.first_name} {m.last_name})
                    </td>
                    <td>{m.permission}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Widget>
      ) : null}
    </Page>,
  );
}

export function adminGroupRoutes(app: Hono<AppEnv>): void {
  app.get('/admin/groups', listPage);
  app.get('/admin/groups/new', (c) => formPage(c, null, {}));
  app.post('/admin/groups/new', async (c) => {
    const f = await form(c);
    try {
      const g = await saveGroup(c.get('deps').db, pageActor(c).id, null, { name: f['name'], comment: f['comment'], validity: f['validity'] });
      return c.redirect(`/admin/groups?saved=${encodeURIComponent(`Group "${g.name}" added.`)}`, 303);
    } catch (e) {
      c.status(400);
      return formPage(c, null, f, errorsFrom(e));
    }
  });
  app.get('/admin/groups/:id', async (c) => {
    const id = idParam(c);
    const group = id ? await findGroup(c.get('deps').db, id) : undefined;
    if (!group) return c.notFound();
    return formPage(c, group, { name: group.name, comment: group.comment ?? '', validity: group.validity });
  });
  app.post('/admin/groups/:id', async (c) => {
    const id = idParam(c);
    const group = id ? await findGroup(c.get('deps').db, id) : undefined;
    if (!group) return c.notFound();
    const f = await form(c);
    try {
      const g = await saveGroup(c.get('deps').db, pageActor(c).id, group.id, { name: f['name'], comment: f['comment'], validity: f['validity'] });
      return c.redirect(`/admin/groups?saved=${encodeURIComponent(`Group "${g.name}" saved.`)}`, 303);
    } catch (e) {
      c.status(400);
      return formPage(c, group, f, errorsFrom(e));
    }
  });
}
