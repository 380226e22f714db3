import type { Hono } from 'hono';
import { saveGroup } from '../../../core/agents/service.ts';
import { listAgents } from '../../../db/repos/agents.ts';
import { findGroup, listGroupMembers, listGroups } from '../../../db/repos/groups.ts';
import type { GroupRow } from '../../../db/schema.ts';
import type { AppEnv } from '../../context.ts';
import { t } from '../../../i18n/index.ts';
import { Badge, FilterTable, formatTime, MembershipWidget, permissionsFrom, Select, TextInput, Widget, type Errors } from '../components.tsx';
import { adminPageRoutes, pageActor, type Ctx } from '../helpers.ts';
import { adminFormPage, adminListPage, validityOptions, validityText } from './frame.tsx';

const MODULE = { base: '/admin/groups', addLabel: () => t('admin.groups.add'), tableId: 'groups' };

async function listPage(c: Ctx) {
  const groups = await listGroups(c.get('deps').db);
  return adminListPage(
    c,
    MODULE,
    t('admin.groups.title'),
    t('admin.groups.heading'),
    <FilterTable
      id="groups"
      headers={[t('admin.frame.name'), t('admin.frame.comment'), t('admin.frame.validity'), t('admin.frame.changed')]}
      noMatch={t('admin.groups.noMatch')}
      rows={groups.map((g) => ({
        filter: g.name,
        invalid: g.validity !== 'valid',
        cells: [<a href={`/admin/groups/${g.id}`}>{g.name}</a>, g.comment ?? '', <Badge kind={g.validity}>{validityText(g.validity)}</Badge>, formatTime(g.changed_at)],
      }))}
    />
  );
}

async function formPage(c: Ctx, group: GroupRow | null, values: Record<string, string>, errors: Errors = {}) {
  const agents = await listAgents(c.get('deps').db);
  const title = group ? t('admin.groups.editTitle', { name: group.name }) : t('admin.groups.add');
  return adminFormPage(
    c,
    MODULE,
    title,
    errors,
    <>
      <Widget title={group ? t('admin.frame.edit') : t('admin.frame.add')}>
        <TextInput name="name" label={t('admin.frame.name')} value={values['name']} required errors={errors} />
        <TextInput name="comment" label={t('admin.frame.comment')} value={values['comment']} errors={errors} />
        <Select name="validity" label={t('admin.frame.validity')} value={values['validity'] ?? 'valid'} options={validityOptions()} required errors={errors} />
      </Widget>
      <MembershipWidget
        title={t('admin.groups.members')}
        what={t('admin.groups.agent')}
        prefix="member_"
        rows={agents.map((a) => ({ id: a.id, label: `${a.login} (${a.first_name} ${a.last_name})`, invalid: a.validity !== 'valid' }))}
        values={values}
        error={errors['members']}
      />
    </>,
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
  adminPageRoutes<GroupRow>(app, {
    base: MODULE.base,
    noun: () => t('admin.groups.noun'),
    find: (c, id) => findGroup(c.get('deps').db, id),
    list: listPage,
    form: formPage,
    values: valuesOf,
    async save(c, id, f) {
      return (await saveGroup(c.get('deps').db, pageActor(c).id, id, input(f))).name;
    },
  });
}
