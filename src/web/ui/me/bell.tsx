import type { FC } from 'hono/jsx';
import { nowIso } from '../../../core/time.ts';
import { countNotifications, findNotification, lastNotificationId, listNotifications, markNotificationsRead } from '../../../db/repos/notifications.ts';
import { Time } from '../agent/bits.tsx';
import { localMessage } from '../../../core/notifications/message.ts';
import { t } from '../../../i18n/index.ts';
import { CsrfField } from '../components.tsx';
import { csrf, idParam, pageActor, type Ctx } from '../helpers.ts';

// The bell in the page header: the unread count and the newest notifications. It is drawn by its
// own live part (htmx, like the queue view's list): the header holds a placeholder that loads it,
// and it asks again every few seconds with the version it was drawn from (204: nothing new).
// app.js turns a new one into a browser notification while the tab is in the background.

export const BELL_POLL = '5s';
const SHOWN = 8;

/** The header's placeholder: the bell draws itself on load. */
export const BellSlot: FC = () => <div id="bell" class="bell" hx-get="/ui/notifications/bell" hx-trigger="load" hx-swap="outerHTML"></div>;

type Item = Awaited<ReturnType<typeof listNotifications>>[number];

/** The notification in the reader's language; rows from before migration 008 show their stored text. */
const textOf = (n: Item) => localMessage(n.message_key, n.message_params, n.message);

const BellPart: FC<{ items: Item[]; unread: number; version: string; csrf: string | null; browser: boolean }> = ({ items, unread, version, csrf: token, browser }) => {
  const newest = items.find((n) => !n.read_at);
  return (
    <div
      id="bell"
      class="bell"
      hx-get={`/ui/notifications/bell?v=${encodeURIComponent(version)}`}
      hx-trigger={`every ${BELL_POLL}`}
      hx-swap="outerHTML"
      data-unread={String(unread)}
      data-newest-id={newest ? String(newest.id) : '0'}
      data-newest-text={newest ? textOf(newest) : ''}
      data-newest-href={newest?.ticket_id ? `/tickets/${newest.ticket_id}` : ''}
      data-browser-notify={browser ? '1' : '0'}
    >
      <details class="bell-menu">
        <summary aria-label={t('notify.bell.unread', { count: unread })} title={t('notify.bell.title')}>
          <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2">
            <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
            <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
          </svg>
          {unread ? <span class="bell-count">{unread > 99 ? '99+' : String(unread)}</span> : null}
        </summary>
        <div class="bell-list">
          <div class="bell-head">
            <strong>{t('notify.bell.title')}</strong>
            {unread ? (
              <form method="post" action="/notifications/read">
                <CsrfField token={token} />
                <button type="submit" class="link">
                  {t('notify.bell.markAll')}
                </button>
              </form>
            ) : null}
          </div>
          {items.length === 0 ? <p class="muted">{t('notify.bell.empty')}</p> : null}
          <ul>
            {items.map((n) => (
              <li class={n.read_at ? 'read' : 'unread'}>
                <form method="post" action={`/notifications/${n.id}/open`}>
                  <CsrfField token={token} />
                  <button type="submit" class="link">
                    {textOf(n)}
                  </button>
                  <Time iso={n.created_at} />
                </form>
              </li>
            ))}
          </ul>
          <a href="/preferences#notifications">{t('notify.bell.settings')}</a>
        </div>
      </details>
    </div>
  );
};

/** GET /ui/notifications/bell: the bell; 204 when nothing changed since `v`. */
export async function bellPartial(c: Ctx) {
  const actor = pageActor(c);
  const db = c.get('deps').db;
  const [latest, unread] = await Promise.all([lastNotificationId(db, actor.id), countNotifications(db, actor.id, true)]);
  const version = `${latest}:${unread}`;
  if (c.req.query('v') === version) return c.body(null, 204);
  const items = await listNotifications(db, actor.id, { limit: SHOWN, offset: 0 });
  // The preferences row localeMiddleware already read for this request.
  const browser = c.get('preferences')?.browser_notify === 1;
  return c.html(<BellPart items={items} unread={unread} version={version} csrf={csrf(c)} browser={browser} />);
}

/** POST /notifications/:id/open: marks it read and goes to its ticket. */
export async function openNotification(c: Ctx) {
  const actor = pageActor(c);
  const id = idParam(c);
  const db = c.get('deps').db;
  const n = id ? await findNotification(db, actor.id, id) : undefined;
  if (!n) return c.notFound();
  await markNotificationsRead(db, actor.id, [n.id], nowIso());
  return c.redirect(n.ticket_id ? `/tickets/${n.ticket_id}` : '/dashboard', 303);
}

/** POST /notifications/read: marks all read and stays on the page the agent was on. */
export async function readAllNotifications(c: Ctx) {
  const actor = pageActor(c);
  await markNotificationsRead(c.get('deps').db, actor.id, 'all', nowIso());
  const back = c.req.header('referer');
  const path = back ? new URL(back).pathname : '/dashboard';
  return c.redirect(path.startsWith('/') && !path.startsWith('//') ? path : '/dashboard', 303);
}
