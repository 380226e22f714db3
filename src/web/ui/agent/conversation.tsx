import type { FC } from 'hono/jsx';
import { ArticleMedia, LinkedText } from './media.tsx';
import type { ArticleRow } from '../../../db/schema.ts';
import { Badge, CsrfField } from '../components.tsx';
import { Avatar, Time } from './bits.tsx';
import { t } from '../../../i18n/index.ts';
import type { People } from './zoom-data.ts';
import { avatarSrc } from '../../../attachments/avatars.ts';

// The conversation as it happened on X: who wrote (avatar, name, @handle), when, which way, in
// public or by DM, a link to the post, and for what Parley sent, whether X has it yet.

interface Author {
  name: string;
  handle: string | null;
  avatar: string | null;
  /** The agent behind an outgoing message, or "auto response". */
  via: string | null;
}

function authorOf(a: ArticleRow, people: People): Author {
  if (a.channel === 'note') return { name: people.agents.get(a.created_by) ?? a.from_display, handle: null, avatar: null, via: null };
  if (a.direction === 'incoming') {
    const identity = a.identity_id === null ? undefined : people.identities.get(a.identity_id);
    if (identity) return { name: identity.display_name || identity.handle, handle: identity.handle, avatar: avatarSrc(identity), via: null };
    return { name: a.from_display.replace(/^@/, ''), handle: a.from_display.startsWith('@') ? a.from_display.slice(1) : null, avatar: null, via: null };
  }
  const profile = a.profile_id === null ? undefined : people.profiles.get(a.profile_id);
  const via = a.sender_type === 'system' ? t('zoom.article.autoResponse') : (people.agents.get(a.created_by) ?? null);
  if (profile) return { name: profile.account_name || profile.name, handle: profile.account_username, avatar: null, via };
  return { name: a.from_display, handle: null, avatar: null, via };
}

export function kindLabel(a: ArticleRow): { label: string; kind: string } {
  if (a.channel === 'note') return { label: t('zoom.article.note'), kind: 'note' };
  if (a.kind === 'dm') return { label: t('zoom.article.dm'), kind: 'dm' };
  return { label: a.in_reply_to_external_id ? t('zoom.article.publicReply') : t('zoom.article.publicPost'), kind: 'public' };
}

/** Only links that lead to the web; a stored address is never trusted to be one. */
const webLink = (url: string | null): string | null => (url && /^https:\/\//i.test(url) ? url : null);

const Delivery: FC<{ a: ArticleRow; ticketId: number; canRetry: boolean; csrf: string | null }> = ({ a, ticketId, canRetry, csrf }) => {
  if (!a.delivery_status) return null;
  if (a.delivery_status === 'queued') {
    return (
      <p class="delivery">
        <Badge kind="queued">{t('zoom.delivery.queued')}</Badge>
        {/* While queued, the delivery note says why it waits: X's limit, and when it goes. */}
        <span class="muted">{a.delivery_error ?? t('zoom.delivery.waiting')}</span>
      </p>
    );
  }
  if (a.delivery_status === 'sent') {
    return (
      <p class="delivery">
        <Badge kind="sent">{t('zoom.delivery.sent')}</Badge>
      </p>
    );
  }
  return (
    <div class="delivery failed">
      <Badge kind="failed">{t('zoom.delivery.failed')}</Badge>
      <span class="reason">{a.delivery_error ?? t('zoom.delivery.notAccepted')}</span>
      {canRetry ? (
        <form method="post" action={`/tickets/${ticketId}/articles/${a.id}/retry`}>
          <CsrfField token={csrf} />
          <button type="submit" class="secondary small">
            {t('zoom.delivery.retry')}
          </button>
        </form>
      ) : null}
    </div>
  );
};

export interface ArticleViewProps {
  a: ArticleRow;
  people: People;
  ticketId: number;
  canRetry: boolean;
  csrf: string | null;
  fresh?: boolean;
  /** Set on live updates: htmx puts the element in place of the one with the same id. */
  oob?: boolean;
}

export const ArticleView: FC<ArticleViewProps> = ({ a, people, ticketId, canRetry, csrf, fresh, oob }) => {
  const who = authorOf(a, people);
  const { label, kind } = kindLabel(a);
  const url = webLink(a.url);
  const classes = ['article', a.direction, a.channel === 'note' ? 'note' : '', fresh ? 'fresh' : ''].filter(Boolean).join(' ');
  return (
    <li id={`a-${a.id}`} class={classes} data-status={a.delivery_status ?? undefined} hx-swap-oob={oob ? 'true' : undefined} aria-labelledby={`a-${a.id}-who`}>
      <Avatar url={who.avatar} name={who.name} />
      <div class="body">
        <p class="meta">
          <span class="name" id={`a-${a.id}-who`}>
            {who.name}
          </span>
          {who.handle ? <span class="handle">@{who.handle}</span> : null}
          <Badge kind={kind}>{label}</Badge>
          <span class={`dir ${a.direction}`}>{a.channel === 'note' ? t('zoom.article.internal') : a.direction === 'incoming' ? t('zoom.article.incoming') : a.to_display ? t('zoom.article.outgoingTo', { to: a.to_display }) : t('zoom.article.outgoing')}</span>
          {who.via ? <span class="via">{t('zoom.article.by', { name: who.via })}</span> : null}
          <Time iso={a.created_at} />
          {url ? (
            <a href={url} target="_blank" rel="noopener noreferrer" class="on-x">
              {t('zoom.article.viewOnX')}<span class="sr-only"> {t('zoom.article.newTab')}</span>
            </a>
          ) : null}
        </p>
        <LinkedText a={a} />
        <ArticleMedia files={people.files?.get(a.id)} />
        <Delivery a={a} ticketId={ticketId} canRetry={canRetry} csrf={csrf} />
      </div>
    </li>
  );
};

/** "Show earlier messages": htmx swaps in the previous page; without script, the link shows all. */
export const EarlierArticles: FC<{ ticketId: number; offset: number }> = ({ ticketId, offset }) =>
  offset > 0 ? (
    <li class="earlier" id="earlier">
      <a href={`/tickets/${ticketId}?all=1#conversation`} hx-get={`/ui/tickets/${ticketId}/articles?before=${offset}`} hx-target="#earlier" hx-swap="outerHTML">
        {t('zoom.conversation.earlier', { count: offset })}
      </a>
    </li>
  ) : null;

export const ArticleList: FC<{ articles: readonly ArticleRow[]; people: People; ticketId: number; canRetry: boolean; csrf: string | null }> = (p) => (
  <>
    {p.articles.map((a) => (
      <ArticleView a={a} people={p.people} ticketId={p.ticketId} canRetry={p.canRetry} csrf={p.csrf} />
    ))}
  </>
);
