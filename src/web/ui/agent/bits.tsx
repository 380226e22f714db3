import type { FC } from 'hono/jsx';
import { inlineAvatar } from '../../../attachments/avatars.ts';
import { priorityName } from '../../../core/tickets/priorities.ts';
import type { TicketRow } from '../../../db/schema.ts';
import { Badge } from '../components.tsx';
import { currentLanguage, currentLocale, formatDateTime, formatRelative, localInputValue, t } from '../../../i18n/index.ts';

// Small pieces every agent page shares: avatars, times, state and lock badges.

/** How often the live parts ask for changes (htmx `every`); a 204 answer costs a few index reads. */
export const POLL = { queue: '5s', zoom: '3s', dashboard: '15s' } as const;

export function initials(name: string): string {
  const words = name.replace(/^@/, '').split(/[\s._-]+/u).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words[1]!].map((w) => [...w][0]) : [...(words[0] ?? '?')].slice(0, 2);
  return letters.join('').toUpperCase() || '?';
}

/** Only addresses the CSP lets the browser load; anything else falls back to initials. */
function loadable(url: string | null | undefined): url is string {
  // Parley's own copy (attachments/avatars.ts) or a picture inside the address: never a network's host.
  return !!url && (/^\/api\/v1\/avatars\/\d+(\?v=[0-9a-f]+)?$/.test(url) || inlineAvatar(url));
}

export const Avatar: FC<{ url?: string | null | undefined; name: string; small?: boolean }> = ({ url, name, small }) => (
  <span class={small ? 'avatar small' : 'avatar'} aria-hidden="true" data-initials={initials(name)}>
    {loadable(url) ? <img src={url} alt="" loading="lazy" referrerpolicy="no-referrer" width={small ? 24 : 40} height={small ? 24 : 40} /> : initials(name)}
  </span>
);

/**
 * Day and minute in the reader's language and time zone (their preference, else the server's),
 * formatted on the server; the exact instant stays in datetime and title.
 */
export const Time: FC<{ iso: string | null | undefined }> = ({ iso }) =>
  iso ? (
    <time datetime={iso} title={iso}>
      {formatDateTime(iso)}
    </time>
  ) : null;

export function stateClass(stateType: string): string {
  if (stateType.startsWith('pending')) return 'pending';
  return stateType;
}

export const StateBadge: FC<{ ticket: Pick<TicketRow, 'state' | 'state_type'> }> = ({ ticket }) => <Badge kind={stateClass(ticket.state_type)}>{t(`common.state.${ticket.state}`)}</Badge>;

export const LockBadge: FC<{ ticket: Pick<TicketRow, 'lock'>; owner?: string | undefined }> = ({ ticket, owner }) =>
  ticket.lock === 'lock' ? <Badge kind="locked">{owner ? t('agent.lockedBy', { owner }) : t('common.lock.lock')}</Badge> : null;

export const PriorityBadge: FC<{ priority: number }> = ({ priority }) => <Badge kind={`prio prio-${priority}`}>{priorityLabel(priority)}</Badge>;

/** "3 normal" in the reader's language. */
export function priorityLabel(priority: number): string {
  return t(`common.priority.${priorityName(priority)}`);
}

/** A social ticket is a DM conversation or a public thread; the key's prefix says which. */
export function conversationKind(ticket: Pick<TicketRow, 'conversation_key' | 'social_profile_id'>): 'dm' | 'post' | null {
  if (!ticket.social_profile_id) return null;
  return ticket.conversation_key?.startsWith('dm:') ? 'dm' : 'post';
}

export const KindBadge: FC<{ kind: 'dm' | 'post' | null }> = ({ kind }) =>
  kind === 'dm' ? <Badge kind="dm">{t('agent.kind.dm')}</Badge> : kind === 'post' ? <Badge kind="public">{t('agent.kind.post')}</Badge> : null;

/** "vor 12 Min." / "12 min ago": how long ago, for the queue view's age column. */
export function age(iso: string, now = Date.now()): string {
  // A clock a little ahead of the database's never shows "in 2 seconds".
  const at = Date.parse(iso);
  return Number.isNaN(at) ? iso : formatRelative(Math.min(at, now), now);
}

/**
 * The words static/app.js shows (counter, bulk count, file checks, browser notifications), in the
 * page's language, for a data-messages attribute: app.js fills the {placeholders} itself.
 */
const clientMessagesByLanguage = new Map<string, string>();

/** The texts app.js shows, as JSON for a data-messages attribute: the same for every page of a language. */
export function clientMessages(): string {
  const language = currentLanguage();
  let json = clientMessagesByLanguage.get(language);
  if (json === undefined) clientMessagesByLanguage.set(language, (json = buildClientMessages()));
  return json;
}

function buildClientMessages(): string {
  return JSON.stringify({
    tooLong: t('agent.client.tooLong'),
    tickNone: t('agent.bulk.hint'),
    tickedOne: t('agent.client.tickedOne', { count: '{count}' }),
    tickedOther: t('agent.client.tickedOther', { count: '{count}' }),
    filesTooMany: t('agent.client.filesTooMany'),
    fileType: t('agent.client.fileType', { type: '{type}' }),
    fileTypeUnknown: t('agent.client.fileTypeUnknown'),
    fileSizeImage: t('agent.client.fileSizeImage', { name: '{name}', mb: '{mb}' }),
    fileSizeGif: t('agent.client.fileSizeGif', { name: '{name}', mb: '{mb}' }),
    fileSizeVideo: t('agent.client.fileSizeVideo', { name: '{name}', mb: '{mb}' }),
    fileDmOne: t('agent.client.fileDmOne'),
    filePostMix: t('agent.client.filePostMix'),
    notifyNone: t('agent.client.notifyNone'),
    notifyGranted: t('agent.client.notifyGranted'),
    notifyDenied: t('agent.client.notifyDenied'),
    notifyDefault: t('agent.client.notifyDefault'),
  });
}

/**
 * The proposed "pending until" (a day from now) in the agent's own time zone, when they chose one;
 * otherwise undefined, and app.js proposes it in the browser's (whose offset the form then sends).
 */
export function pendingDefault(now = Date.now()): string | undefined {
  return currentLocale().timeZone ? localInputValue(now + 24 * 3600_000) : undefined;
}
