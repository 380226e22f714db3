import type { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import { Widget } from '../components.tsx';
import { Page } from '../layout.tsx';
import { csrf, pageActor } from '../helpers.ts';

// The admin overview, grouped as OTRS groups its modules.
const GROUPS: { title: string; modules: { href: string; label: string; desc: string }[] }[] = [
  {
    title: 'Users, Groups & Roles',
    modules: [
      { href: '/admin/agents', label: 'Agents', desc: 'Create and manage agents.' },
      { href: '/admin/groups', label: 'Groups', desc: 'Create and manage groups, and the agents in them.' },
    ],
  },
  {
    title: 'Ticket Settings',
    modules: [
      { href: '/admin/queues', label: 'Queues', desc: 'Create and manage queues, with their follow-up options.' },
      { href: '/admin/templates', label: 'Templates', desc: 'Canned answers with variables, offered in the reply box of their queues.' },
    ],
  },
  {
    title: 'Communication & Notifications',
    modules: [{ href: '/admin/social-media-profiles', label: 'Social Media Profiles', desc: 'Connect X (Twitter) accounts: their mentions and direct messages become tickets.' }],
  },
  {
    title: 'Processes & Automation',
    modules: [{ href: '/admin/acl', label: 'Access Control Lists (ACL)', desc: 'Restrict which options, profiles and screens agents may use.' }],
  },
];

export function adminOverviewRoutes(app: Hono<AppEnv>): void {
  app.get('/admin', (c) => {
    const actor = pageActor(c);
    return c.html(
      <Page title="Admin" actor={actor} csrf={csrf(c)} nav="admin">
        <h1>Administration</h1>
        <div class="admin-groups">
          {GROUPS.map((g) => (
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
