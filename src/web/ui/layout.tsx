import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import type { Actor } from '../../core/tickets/service.ts';
import { BellSlot } from './me/bell.tsx';

export type NavKey = 'dashboard' | 'tickets' | 'new-ticket' | 'admin' | 'none';

export interface PageProps {
  title: string;
  actor: Actor | null;
  csrf?: string | null;
  nav?: NavKey;
  sidebar?: Child;
  /** htmx polling of the page's live parts needs the script. */
  wide?: boolean;
}

const NAV: { key: NavKey; href: string; label: string; admin?: boolean }[] = [
  { key: 'dashboard', href: '/dashboard', label: 'Dashboard' },
  { key: 'tickets', href: '/tickets', label: 'Tickets' },
  { key: 'new-ticket', href: '/tickets/new-twitter', label: 'New Twitter ticket' },
  { key: 'admin', href: '/admin', label: 'Admin', admin: true },
];

export const Page: FC<PropsWithChildren<PageProps>> = ({ title, actor, csrf, nav = 'none', sidebar, wide, children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false}' />
      {csrf ? <meta name="csrf-token" content={csrf} /> : null}
      <title>{`${title} – Parley`}</title>
      <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
      <link rel="stylesheet" href="/static/app.css" />
      <script src="/static/htmx.min.js" defer></script>
      <script src="/static/app.js" defer></script>
    </head>
    <body>
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <a class="brand" href="/">Parley</a>
        {actor ? (
          <nav aria-label="Main">
            {NAV.filter((n) => !n.admin || actor.admin).map((n) => (
              <a href={n.href} aria-current={n.key === nav ? 'page' : undefined}>
                {n.label}
              </a>
            ))}
          </nav>
        ) : (
          <span class="spacer" />
        )}
        {actor ? (
          <div class="who">
            <BellSlot />
            <a href="/preferences" title="My preferences">
              {actor.login}
            </a>
            <form method="post" action="/logout">
              <input type="hidden" name="_csrf" value={csrf ?? ''} />
              <button type="submit">Log out</button>
            </form>
          </div>
        ) : null}
      </header>
      <div class={sidebar && !wide ? 'layout' : 'layout wide'}>
        {sidebar && !wide ? <aside aria-label="Sidebar">{sidebar}</aside> : null}
        <main id="main">{children}</main>
      </div>
    </body>
  </html>
);
