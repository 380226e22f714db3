import type { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import { t } from '../../../i18n/index.ts';
import { Widget } from '../components.tsx';
import { Page } from '../layout.tsx';
import { csrf, pageActor } from '../helpers.ts';

// The admin overview, grouped as OTRS groups its modules (built per request: its words are the
// request's language).
const groups = (): { title: string; modules: { href: string; label: string; desc: string }[] }[] => [
  {
    title: t('admin.overview.usersGroupsRoles'),
    modules: [
      { href: '/admin/agents', label: t('admin.overview.agents'), desc: t('admin.overview.agentsDesc') },
      { href: '/admin/groups', label: t('admin.overview.groups'), desc: t('admin.overview.groupsDesc') },
    ],
  },
  {
    title: t('admin.overview.ticketSettings'),
    modules: [
      { href: '/admin/queues', label: t('admin.overview.queues'), desc: t('admin.overview.queuesDesc') },
      { href: '/admin/templates', label: t('admin.overview.templates'), desc: t('admin.overview.templatesDesc') },
    ],
  },
  {
    title: t('admin.overview.communication'),
    modules: [{ href: '/admin/social-media-profiles', label: t('admin.overview.profiles'), desc: t('admin.overview.profilesDesc') }],
  },
  {
    title: t('admin.overview.automation'),
    modules: [{ href: '/admin/acl', label: t('admin.overview.acl'), desc: t('admin.overview.aclDesc') }],
  },
];

export function adminOverviewRoutes(app: Hono<AppEnv>): void {
  app.get('/admin', (c) => {
    const actor = pageActor(c);
    return c.html(
      <Page title={t('admin.overview.title')} actor={actor} csrf={csrf(c)} nav="admin">
        <h1>{t('admin.overview.heading')}</h1>
        <div class="admin-groups">
          {groups().map((g) => (
            <Widget title={g.title}>
              <ul>
                {g.modules.map((m) => (
                  <li>
                    <a href={m.href}>{m.label}</a>
                    <span class="desc">{m.desc}</span>
                  </li>
                ))}
              </ul>
            </Widget>
          ))}
        </div>
      </Page>,
    );
  });
}
