import type { Hono } from 'hono';
import { saveAgent } from '../../../core/agents/service.ts';
import { findAgent, listAgents, listMemberships } from '../../../db/repos/agents.ts';
import { listGroups } from '../../../db/repos/groups.ts';
import type { AgentRow } from '../../../db/schema.ts';
import { clearBasicCache } from '../../auth/middleware.ts';
import type { AppEnv } from '../../context.ts';
import { t } from '../../../i18n/index.ts';
import { Badge, FilterTable, formatTime, MembershipWidget, permissionsFrom, Select, TextInput, Widget, type Errors } from '../components.tsx';
import { adminPageRoutes, pageActor, type Ctx } from '../helpers.ts';
import { adminFormPage, adminListPage, validityOptions, validityText } from './frame.tsx';

const MODULE = { base: '/admin/agents', addLabel: () => t('admin.agents.add'), tableId: 'agents' };

async function listPage(c: Ctx) {
  const db = c.get('deps').db;
  const agents = await listAgents(db);
  const memberships = await listMemberships(db);
  return adminListPage(
    c,
    MODULE,
    t('admin.agents.title'),
    t('admin.agents.heading'),
    <FilterTable
      id="agents"
      headers={[t('admin.agents.login'), t('admin.frame.name'), t('admin.agents.email'), t('admin.agents.groups'), t('admin.frame.validity'), t('admin.agents.lastLogin')]}
      noMatch={t('admin.agents.noMatch')}
      rows={agents.map((a) => ({
        filter: `${a.login} ${a.first_name} ${a.last_name} ${a.email}`,
        invalid: a.validity !== 'valid',
        cells: [
          <a href={`/admin/agents/${a.id}`}>{a.login}</a>,
          `${a.first_name} ${a.last_name}`,
          a.email,
          memberships
            .filter((m) => m.agent_id === a.id)
            .map((m) => `${m.group_name} (${m.permission})`)
            .join(', '),
          <Badge kind={a.validity}>{validityText(a.validity)}</Badge>,
          formatTime(a.last_login_at),
        ],
      }))}
    />
  );
}

async function formPage(c: Ctx, agent: AgentRow | null, values: Record<string, string>, errors: Errors = {}) {
  const groups = await listGroups(c.get('deps').db);
  const title = agent ? t('admin.agents.editTitle', { login: agent.login }) : t('admin.agents.add');
  return adminFormPage(
    c,
    MODULE,
    title,
    errors,
    <>
      <Widget title={t('admin.agents.widget')}>
        <TextInput name="login" label={t('admin.agents.login')} value={values['login']} required errors={errors} autocomplete="off" />
        <TextInput name="firstName" label={t('admin.agents.firstName')} value={values['firstName']} required errors={errors} />
        <TextInput name="lastName" label={t('admin.agents.lastName')} value={values['lastName']} required errors={errors} />
        <TextInput name="email" label={t('admin.agents.email')} type="email" value={values['email']} required errors={errors} />
        <TextInput
          name="password"
          label={t('admin.agents.password')}
          type="password"
          required={!agent}
          errors={errors}
          autocomplete="new-password"
          hint={agent ? t('admin.agents.keepPassword') : t('admin.agents.passwordRule')}
        />
        <Select name="validity" label={t('admin.frame.validity')} value={values['validity'] ?? 'valid'} options={validityOptions()} required errors={errors} />
      </Widget>
      <MembershipWidget
        title={t('admin.agents.memberships')}
        what={t('admin.agents.group')}
        prefix="perm_"
        rows={groups.map((g) => ({ id: g.id, label: g.name, invalid: g.validity !== 'valid' }))}
        values={values}
        error={errors['groups']}
      />
    </>,
  );
}

function input(f: Record<string, string>) {
  const groups = permissionsFrom(f, 'perm_').map((m) => ({ groupId: m.id, permission: m.permission }));
  return { login: f['login'], firstName: f['firstName'], lastName: f['lastName'], email: f['email'], password: f['password'] || undefined, validity: f['validity'], groups };
}

async function valuesOf(c: Ctx, agent: AgentRow): Promise<Record<string, string>> {
  const v: Record<string, string> = { login: agent.login, firstName: agent.first_name, lastName: agent.last_name, email: agent.email, validity: agent.validity };
  for (const m of await listMemberships(c.get('deps').db, [agent.id])) v[`perm_${m.group_id}`] = m.permission;
  return v;
}

export function adminAgentRoutes(app: Hono<AppEnv>): void {
  adminPageRoutes<AgentRow>(app, {
    base: MODULE.base,
    noun: () => t('admin.agents.noun'),
    find: (c, id) => findAgent(c.get('deps').db, id),
    list: listPage,
    form: formPage,
    values: valuesOf,
    async save(c, id, f) {
      const a = await saveAgent(c.get('deps').db, pageActor(c).id, id, input(f));
      // A changed password or validity must not live on in cached API credentials (memberships
      // are read on every request anyway).
      clearBasicCache();
      return a.login;
    },
  });
}
