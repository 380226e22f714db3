import { parseCount, parseId } from '../../../core/ids.ts';
import type { FC } from 'hono/jsx';
import { ACTIONS } from '../../../core/options/actions.ts';
import { loadTicketFor } from '../../../core/tickets/service.ts';
import { findArticlesOf, hasPublicPost, listArticles, countArticles, listArticlesAfter } from '../../../db/repos/articles.ts';
import { findProfile, limitsOf } from '../../../db/repos/profiles.ts';
import { publicReplyTarget } from '../../../outbox/reply.ts';
import type { ArticleRow, TicketRow } from '../../../db/schema.ts';
import { templatesOfQueue } from '../../../db/repos/templates.ts';
import { Flash, Widget, type Errors } from '../components.tsx';
import { csrf, flashFrom, idParam, pageActor, type Ctx } from '../helpers.ts';
import { Page } from '../layout.tsx';
import { validityText } from '../admin/frame.tsx';
import { t } from '../../../i18n/index.ts';
import { POLL, conversationKind } from './bits.tsx';
import { Compose, countText, entityKindOf, type ReplyKind } from './compose.tsx';
import { sendCost } from './cost.ts';
import { ArticleList, ArticleView, EarlierArticles } from './conversation.tsx';
import { zoomOptions, type ZoomOptions } from './options.ts';
import { ActionBar, CustomerCard, History, Links, Properties, TicketHead, profileLabel } from './zoom-parts.tsx';
import { articleWindow, channelWords, loadPeople, loadZoom, zoomVersion, type ZoomData } from './zoom-data.ts';

// Ticket zoom: the conversation with the reply box under it, the action menu above, properties,
// customer, links and history beside it; a poller brings new articles and status changes.

/** What a failed POST hands back to the page: the message and the reply as the agent left it. */
export interface ZoomState {
  status?: number;
  error?: string | null;
  compose?: { body: string; profileId?: string; kind?: string; errors: Errors };
}

export const canRetry = (o: ZoomOptions) => o.canWrite && !o.lockedByOther && o.actions.has(ACTIONS.reply);

/** Changes to these redraw the action menu; anything else only the properties and history. */
const signature = (t: TicketRow) => [t.lock, t.owner_id, t.queue_id, t.state, t.priority].join('.');

/**
 * What the page last drew, sent back with each poll: the newest article, the ticket's changed_at,
 * the action menu's signature, the history and profile version, the reply box's mode.
 */
const Poller: FC<{ ticket: TicketRow; after: number; pending: readonly number[]; version: string; reply: ReplyMode }> = ({ ticket, after, pending, version, reply }) => {
  const q = new URLSearchParams({ after: String(after), c: ticket.changed_at, s: signature(ticket), v: version, r: reply, pending: pending.join(',') });
  return <div id="zoom-poll" hx-get={`/ui/tickets/${ticket.id}/poll?${q}`} hx-trigger={`every ${POLL.zoom}`} hx-swap="outerHTML"></div>;
};

const queuedIds = (articles: readonly ArticleRow[]) => articles.filter((a) => a.delivery_status === 'queued').map((a) => a.id);

/** Which ways of answering the ticket has; a public reply needs a post X lets the account answer. */
async function replyKinds(c: Ctx, d: ZoomData): Promise<{ possible: Record<ReplyKind, boolean>; replyNote: string | null }> {
  const db = c.get('deps').db;
  const profile = d.ticket.social_profile_id !== null && (await hasPublicPost(db, d.ticket.id)) ? await findProfile(db, d.ticket.social_profile_id) : undefined;
  const target = profile ? await publicReplyTarget(db, d.ticket.id, profile, c.get('deps').channels.get(profile.type)) : null;
  return {
    possible: { dm: d.customer !== null, reply: target?.ok === true },
    replyNote: target && !target.ok && target.reason === 'not_summoned' ? target.message : null,
  };
}

/** Which reply box the zoom shows: none, a banner saying why not, or the box itself. */
type ReplyMode = 'none' | 'profileOff' | 'noProfile' | 'noConversation' | 'compose';

async function replyMode(c: Ctx, d: ZoomData): Promise<{ mode: ReplyMode; kinds?: Awaited<ReturnType<typeof replyKinds>> }> {
  const o = d.options;
  if (!o.canWrite || o.lockedByOther || !o.actions.has(ACTIONS.reply)) return { mode: 'none' };
  if (o.profiles.length === 0) return { mode: d.profile && d.profile.validity !== 'valid' ? 'profileOff' : 'noProfile' };
  const kinds = await replyKinds(c, d);
  return kinds.possible.dm || kinds.possible.reply ? { mode: 'compose', kinds } : { mode: 'noConversation' };
}

/**
 * The reply box in a wrapper that live updates replace (`oob`) when its mode changes: locked by
 * someone else, unlocked again, the profile switched off or on. A box being typed in is only
 * replaced when it could no longer be sent.
 */
async function ReplyBox({ c, d, state, reply, oob }: { c: Ctx; d: ZoomData; state: ZoomState; reply: Awaited<ReturnType<typeof replyMode>>; oob?: boolean }) {
  const { mode, kinds } = reply;
  return (
    <div id="reply-box" hx-swap-oob={oob ? 'true' : undefined}>
      {mode === 'compose' ? await ComposeBox({ c, d, state, kinds: kinds! }) : <ReplyBanner d={d} mode={mode} />}
    </div>
  );
}

const ReplyBanner: FC<{ d: ZoomData; mode: ReplyMode }> = ({ d, mode }) => {
  if (mode === 'none' || mode === 'compose') return null;
  const text =
    mode === 'profileOff' && d.profile
      ? t('zoom.reply.profileOff', { noun: d.words.profileNoun, name: profileLabel(d.profile), validity: validityText(d.profile.validity), network: d.words.network })
      : mode === 'noConversation'
        ? t('zoom.reply.noConversation', { network: d.words.network })
        : t('zoom.reply.noProfile', { noun: d.words.profileNoun });
  return (
    <Widget title={t('zoom.reply.title', { network: d.words.network })} class="compose-off" id="compose">
      <p>{text}</p>
    </Widget>
  );
};

async function ComposeBox({ c, d, state, kinds }: { c: Ctx; d: ZoomData; state: ZoomState; kinds: Awaited<ReturnType<typeof replyKinds>> }) {
  const o = d.options;
  const { possible, replyNote } = kinds;
  const sent = state.compose;
  const preferred: ReplyKind = sent?.kind === 'dm' || sent?.kind === 'reply' ? sent.kind : conversationKind(d.ticket) === 'dm' ? 'dm' : 'reply';
  const kind: ReplyKind = possible[preferred] ? preferred : preferred === 'dm' ? 'reply' : 'dm';
  const ticketProfile = String(d.ticket.social_profile_id ?? '');
  const profileId = sent?.profileId ?? (o.profiles.some((p) => p.value === ticketProfile) ? ticketProfile : o.profiles[0]!.value);
  const body = sent?.body ?? '';
  const chosen = o.profiles.find((p) => p.value === profileId)?.profile;
  const type = chosen?.type ?? 'twitter';
  return (
    <Compose
      ticketId={d.ticket.id}
      csrf={csrf(c)}
      profiles={o.profiles}
      profileId={profileId}
      possible={possible}
      replyNote={replyNote}
      kind={kind}
      body={body}
      check={countText(c.get('deps'), type, entityKindOf(kind), body, limitsOf(chosen))}
      cost={sendCost(c.get('deps'), type, kind, body)}
      words={channelWords(c.get('deps'), type)}
      errors={sent?.errors ?? {}}
      templates={await templatesOfQueue(c.get('deps').db, d.ticket.queue_id)}
    />
  );
}

export async function renderZoom(c: Ctx, ticketId: number, state: ZoomState = {}) {
  const actor = pageActor(c);
  const d = await loadZoom(c.get('deps'), actor, ticketId, { all: c.req.query('all') === '1' });
  const token = csrf(c);
  const retry = canRetry(d.options);
  const [version, reply] = await Promise.all([zoomVersion(c.get('deps').db, d.ticket), replyMode(c, d)]);
  if (state.status) c.status(state.status as 400);
  return c.html(
    <Page title={`Ticket#${d.ticket.number} ${d.ticket.title}`} actor={actor} csrf={token} nav="tickets" wide>
      <div class="zoom">
        <div class="zoom-main">
          <TicketHead d={d} />
          <Flash kind="ok" message={state.error ? null : flashFrom(c)} />
          <Flash kind="error" message={state.error} />
          <ActionBar d={d} actor={actor} csrf={token} />
          <section class="widget conversation-widget" aria-labelledby="conversation-title">
            <div class="head">
              <h2 id="conversation-title">{t('zoom.conversation.title')}</h2>
              <span class="muted">{t('zoom.conversation.count', { count: d.total })}</span>
            </div>
            <ol id="conversation" class="conversation">
              <EarlierArticles ticketId={d.ticket.id} offset={d.offset} />
              <ArticleList articles={d.articles} people={d.people} ticketId={d.ticket.id} canRetry={retry} csrf={token} />
            </ol>
            {d.total === 0 ? <p class="empty">{t('zoom.conversation.empty')}</p> : null}
          </section>
          <p id="zoom-status" class="sr-only" role="status"></p>
          <ReplyBox c={c} d={d} state={state} reply={reply} />
          <Poller ticket={d.ticket} after={d.articles.at(-1)?.id ?? 0} pending={queuedIds(d.articles)} version={version} reply={reply.mode} />
        </div>
        <aside class="zoom-side" aria-label={t('zoom.side.label')}>
          <Widget title={t('zoom.props.title')}>
            <Properties d={d} />
          </Widget>
          <CustomerCard customer={d.customer} ticket={d.ticket} others={d.customerTickets} />
          <Links d={d} />
          <History d={d} />
        </aside>
      </div>
    </Page>,
  );
}

export async function zoomPage(c: Ctx) {
  const id = idParam(c);
  if (!id) return c.notFound();
  return renderZoom(c, id);
}

const ids = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map(parseId)
    .filter((n): n is number => n !== null)
    .slice(0, 200);

/**
 * GET /ui/tickets/:id/poll: 204 while nothing changed (htmx then leaves the page alone);
 * otherwise new articles, articles whose delivery status moved, and the side parts out of band.
 */
export async function zoomPoll(c: Ctx) {
  const id = idParam(c);
  if (!id) return c.notFound();
  const deps = c.get('deps');
  const actor = pageActor(c);
  const { ticket } = await loadTicketFor(deps.db, actor, id, 'ro');
  const after = parseCount(c.req.query('after')) ?? 0;
  const watched = ids(c.req.query('pending'));
  const [fresh, watchedRows] = await Promise.all([listArticlesAfter(deps.db, id, after), findArticlesOf(deps.db, id, watched)]);
  const moved = watchedRows.filter((a) => a.delivery_status !== 'queued');
  // Read before the parts are loaded: a change in between is drawn by the next poll.
  const version = await zoomVersion(deps.db, ticket);
  const ticketChanged = ticket.changed_at !== c.req.query('c') || version !== c.req.query('v');
  if (fresh.length === 0 && moved.length === 0 && !ticketChanged) return c.body(null, 204);

  const d = await loadZoom(deps, actor, id, { articles: false });
  const reply = await replyMode(c, d);
  const replyChanged = reply.mode !== c.req.query('r');
  const people = await loadPeople(deps.db, [...fresh, ...moved]);
  const token = csrf(c);
  const retry = canRetry(d.options);
  const stillQueued = watchedRows.filter((a) => a.delivery_status === 'queued').map((a) => a.id);
  const incoming = fresh.filter((a) => a.direction === 'incoming').length;
  const news = [incoming ? t('zoom.poll.incoming', { count: incoming }) : '', moved.map((a) => (a.delivery_status === 'sent' ? t('zoom.poll.sent') : t('zoom.poll.failed'))).join(' ')].join(' ').trim();
  return c.html(
    <>
      <Poller ticket={d.ticket} after={fresh.at(-1)?.id ?? after} pending={[...stillQueued, ...queuedIds(fresh)]} version={version} reply={reply.mode} />
      {fresh.length ? (
        <ol id="conversation" hx-swap-oob="beforeend">
          {fresh.map((a) => (
            <ArticleView a={a} people={people} ticketId={id} canRetry={retry} csrf={token} fresh />
          ))}
        </ol>
      ) : null}
      {moved.map((a) => (
        <ArticleView a={a} people={people} ticketId={id} canRetry={retry} csrf={token} oob />
      ))}
      {ticketChanged ? (
        <>
          <TicketHead d={d} oob />
          <Properties d={d} oob />
          <Links d={d} oob />
          <History d={d} oob />
          {signature(d.ticket) !== c.req.query('s') || replyChanged ? <ActionBar d={d} actor={actor} csrf={token} oob /> : null}
        </>
      ) : null}
      {replyChanged ? await ReplyBox({ c, d, state: {}, reply, oob: true }) : null}
      <p id="zoom-status" class="sr-only" role="status" hx-swap-oob="true">
        {news || (ticketChanged ? t('zoom.poll.changed') : '')}
      </p>
    </>,
  );
}

/** GET /ui/tickets/:id/articles?before=N: the page of articles before the N-th (htmx). */
export async function earlierArticles(c: Ctx) {
  const id = idParam(c);
  if (!id) return c.notFound();
  const deps = c.get('deps');
  const actor = pageActor(c);
  const { ticket, queue } = await loadTicketFor(deps.db, actor, id, 'ro');
  const total = await countArticles(deps.db, ticket.id);
  const window = articleWindow(total, { before: parseCount(c.req.query('before')) ?? 0 });
  const articles = window.limit > 0 ? await listArticles(deps.db, ticket.id, window) : [];
  const options = await zoomOptions(deps, actor, ticket, queue);
  const people = await loadPeople(deps.db, articles);
  return c.html(
    <>
      <EarlierArticles ticketId={id} offset={window.offset} />
      <ArticleList articles={articles} people={people} ticketId={id} canRetry={canRetry(options)} csrf={csrf(c)} />
    </>,
  );
}
