import type { FC } from 'hono/jsx';
import { priorityName } from '../../../core/tickets/priorities.ts';
import type { TicketRow } from '../../../db/schema.ts';
import { Badge } from '../components.tsx';

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
  return !!url && (/^\/api\/v1\/avatars\/\d+(\?v=[0-9a-f]+)?$/.test(url) || /^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/i.test(url));
}

export const Avatar: FC<{ url?: string | null | undefined; name: string; small?: boolean }> = ({ url, name, small }) => (
  <span class={small ? 'avatar small' : 'avatar'} aria-hidden="true" data-initials={initials(name)}>
    {loadable(url) ? <img src={url} alt="" loading="lazy" referrerpolicy="no-referrer" width={small ? 24 : 40} height={small ? 24 : 40} /> : initials(name)}
  </span>
);

/** UTC on the server; app.js shows it in the reader's local time. */
export const Time: FC<{ iso: string | null | undefined }> = ({ iso }) =>
  iso ? (
    <time datetime={iso} title={iso}>
      {`${iso.slice(0, 16).replace('T', ' ')} UTC`}
    </time>
  ) : null;

export function stateClass(stateType: string): string {
  if (stateType.startsWith('pending')) return 'pending';
  return stateType;
}

export const StateBadge: FC<{ ticket: Pick<TicketRow, 'state' | 'state_type'> }> = ({ ticket }) => <Badge kind={stateClass(ticket.state_type)}>{ticket.state}</Badge>;

export const LockBadge: FC<{ ticket: Pick<TicketRow, 'lock'>; owner?: string | undefined }> = ({ ticket, owner }) =>
  ticket.lock === 'lock' ? <Badge kind="locked">{owner ? `locked by ${owner}` : 'locked'}</Badge> : null;

export const PriorityBadge: FC<{ priority: number }> = ({ priority }) => <Badge kind={`prio prio-${priority}`}>{priorityName(priority)}</Badge>;

/** A social ticket is a DM conversation or a public thread; the key's prefix says which. */
export function conversationKind(ticket: Pick<TicketRow, 'conversation_key' | 'social_profile_id'>): 'dm' | 'post' | null {
  if (!ticket.social_profile_id) return null;
  return ticket.conversation_key?.startsWith('dm:') ? 'dm' : 'post';
}

export const KindBadge: FC<{ kind: 'dm' | 'post' | null }> = ({ kind }) =>
  kind === 'dm' ? <Badge kind="dm">DM</Badge> : kind === 'post' ? <Badge kind="public">Post</Badge> : null;

/** "12 min", "3 h", "5 d": how long ago, for the queue view's age column. */
export function age(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return 'now';
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86_400)} d`;
}

export function pluralize(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
