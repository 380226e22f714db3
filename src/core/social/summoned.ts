// X's summoned-reply rule (x-api/posts/manage-tweets, since 23 Feb 2026): a self-serve app may
// reply publicly only to a post whose author @mentioned the account in that very post, or quoted
// one of its posts. Parley answers the customer's newest such post in the conversation.
import { t } from '../../i18n/index.ts';

export interface ReplyCandidate {
  externalId: string;
  direction: 'incoming' | 'outgoing';
  text: string;
  /** The post quotes one of the account's posts. */
  quotesAccount?: boolean;
}

export type ReplyTarget =
  | { ok: true; externalId: string }
  | { ok: false; reason: 'no_post' | 'not_summoned'; message: string };

const MENTION = /(?:^|[^A-Za-z0-9_@!#$%&*])[@＠]([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_@])/g;

/** The handles a text @mentions, as X reads them (lower case). */
export function mentionedHandles(text: string): Set<string> {
  return new Set([...text.matchAll(MENTION)].map((m) => m[1]!.toLowerCase()));
}

/** `posts` newest first: the ticket's public posts that X knows (they have an id). */
export function summonedReplyTarget(posts: readonly ReplyCandidate[], accountHandle: string | null): ReplyTarget {
  const incoming = posts.filter((p) => p.direction === 'incoming');
  if (incoming.length === 0) {
    return { ok: false, reason: 'no_post', message: t('textCheck.summoned.noPost') };
  }
  const handle = accountHandle?.toLowerCase() ?? null;
  const summoning = incoming.find((p) => p.quotesAccount || (handle !== null && mentionedHandles(p.text).has(handle)));
  if (summoning) return { ok: true, externalId: summoning.externalId };
  return {
    ok: false,
    reason: 'not_summoned',
    message: handle ? t('textCheck.summoned.notSummonedHandle', { handle: `@${accountHandle}` }) : t('textCheck.summoned.notSummoned'),
  };
}
