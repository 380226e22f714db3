import type { Hono } from 'hono';
import { saveGroup } from '../../../core/agents/service.ts';
import { listAgents } from '../../../db/repos/agents.ts';
import { findGroup, listGroupMembers, listGroups } from '../../../db/repos/groups.ts';
import { clearBasicCache } from '../../auth/middleware.ts';
import type { GroupRow } from '../../../db/schema.ts';
import type { AppEnv } from '../../context.ts';
import { Actions, Badge, CsrfField, FilterBox, Flash, PermissionSelect, Select, TextInput, VALIDITY_OPTIONS, Widget, formatTime, permissionsFrom, type Errors } from '../components.tsx';
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
  const agents = await listAgents(c.get('deps').db);
  const title = group ? `Edit group: ${group.name}` : 'Add group';
  return c.html(
    <Page title={title} actor={pageActor(c)} csrf={csrf(c)} nav="admin" sidebar={sidebar(true)}>
      <h1>{title}</h1>
      <Flash kind="error" message={errors['_form']} />
      <form method="post">
        <CsrfField token={csrf(c)} />
        <Widget title={group ? 'Edit' : 'Add'}>
          <TextInput name="name" label="Name" value={values['name']} required errors={errors} />
          <TextInput name="comment" label="Comment" value={values['comment']} errors={errors} />
          <Select name="validity" label="Validity" value={values['validity'] ?? 'valid'} options={VALIDITY_OPTIONS} required errors={errors} />
        </Widget>
        <Widget title="Agents in this group" flush>
          <table class="list" id="members">
            <thead>
              <tr>
                <th>Agent</th>
                <th>Permission</th>
              </tr>
            </thead>
            <tbody>
              {agents.map((a) => (
                <tr data-filter={a.login} class={a.validity === 'valid' ? '' : 'invalid'}>
                  <td>
                    <label for={`f-member_${a.id}`} class="plain">
                      {a.login} ({a.first_name} {a.last_name})
                    </label>
                  </td>
                  <td>
                    <PermissionSelect name={`member_${a.id}`} value={values[`member_${a.id}`] ?? ''} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {errors['members'] ? (
            <p class="error-text padded" role="alert">
              {errors['members']}
            </p>
          ) : null}
        </Widget>
        <div class="buttons">
          <button type="submit">Save</button>
          <a class="button secondary" href="/admin/groups">
            Cancel
          </a>
        </div>
      </form>
    </Page>,
  );
}

function input(f: Record<string, string>) {
  return { name: f['name'], comment: f['comment'], validity: f['validity'], members: permissionsFrom(f, 'member_').map((m) => ({ agentId: m.id, permission: m.permission })) };
}

async function valuesOf(c: Ctx, group: GroupRow): Promise<Record<string, string>> {
  const v: Record<string, string> = { name: group.name, comment: group.comment ?? '', validity: group.validity };
  for (const m of await listGroupMembers(c.get('deps').db, group.id)) v[`member_${m.agent_id}`] = m.permission;
  return v;
}

export function adminGroupRoutes(app: Hono<AppEnv>): void {
  app.get('/admin/groups', listPage);
  app.get('/admin/groups/new', (c) => formPage(c, null, {}));
  app.post('/admin/groups/new', async (c) => {
    const f = await form(c);
    try {
      const g = await saveGroup(c.get('deps').db, pageActor(c).id, null, input(f));
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
    return formPage(c, group, await valuesOf(c, group));
  });
  app.post('/admin/groups/:id', async (c) => {
    const id = idParam(c);
    const group = id ? await findGroup(c.get('deps').db, id) : undefined;
    if (!group) return c.notFound();
    const f = await form(c);
    try {
      const g = await saveGroup(c.get('deps').db, pageActor(c).id, group.id, input(f));
      clearBasicCache();
      return c.redirect(`/admin/groups?saved=${encodeURIComponent(`Group "${g.name}" saved.`)}`, 303);
    } catch (e) {
      c.status(400);
      return formPage(c, group, f, errorsFrom(e));
    }
  });
}
