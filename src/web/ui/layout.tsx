import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import type { Actor } from '../../core/tickets/service.ts';
import { currentLanguage, t } from '../../i18n/index.ts';
import { clientMessages } from './agent/bits.tsx';
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

const NAV: { key: NavKey; href: string; label: () => string; admin?: boolean }[] = [
  { key: 'dashboard', href: '/dashboard', label: () => t('layout.nav.dashboard') },
  { key: 'tickets', href: '/tickets', label: () => t('layout.nav.tickets') },
  { key: 'new-ticket', href: '/tickets/new-twitter', label: () => t('layout.nav.newTicket', { network: 'Twitter' }) },
  { key: 'admin', href: '/admin', label: () => t('layout.nav.admin'), admin: true },
];

export const Page: FC<PropsWithChildren<PageProps>> = ({ title, actor, csrf, nav = 'none', sidebar, wide, children }) => (
  <html lang={currentLanguage()}>
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
    <body data-messages={clientMessages()}>
      <a class="skip" href="#main">
        {t('layout.skip')}
      </a>
      <header class="top">
        <a class="brand" href="/">Parley</a>
        {actor ? (
          <nav aria-label={t('layout.nav.label')}>
            {NAV.filter((n) => !n.admin || actor.admin).map((n) => (
              <a href={n.href} aria-current={n.key === nav ? 'page' : undefined}>
                {n.label()}
              </a>
            ))}
          </nav>
        ) : (
          <span class="spacer" />
        )}
        {actor ? (
          <div class="who">
            <BellSlot />
            <a href="/preferences" title={t('layout.preferences')}>
              {actor.login}
            </a>
            <form method="post" action="/logout">
              <input type="hidden" name="_csrf" value={csrf ?? ''} />
              <button type="submit">{t('layout.logout')}</button>
            </form>
          </div>
        ) : null}
      </header>
      <div class={sidebar && !wide ? 'layout' : 'layout wide'}>
        {sidebar && !wide ? <aside aria-label={t('layout.sidebar')}>{sidebar}</aside> : null}
        <main id="main">{children}</main>
      </div>
    </body>
  </html>
);
