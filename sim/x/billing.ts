// X's pay-per-use bill (docs.x.com x-api/getting-started/pricing): reads cost per resource
// returned (expansions included), an empty answer nothing, a resource read twice in one UTC day
// once; writes cost per request. Amounts are kept in micro-dollars so sums stay exact.
import twitterText from 'twitter-text';
import type { SimState } from './state.ts';

export const READ_RESOURCES = ['post', 'owned_post', 'user', 'dm_event', 'media'] as const;
export const WRITE_ACTIONS = ['post', 'post_url', 'summoned_reply', 'dm', 'media_metadata'] as const;
export type ReadResource = (typeof READ_RESOURCES)[number];
export type WriteAction = (typeof WRITE_ACTIONS)[number];

/** X's published prices, in micro-dollars. */
export const READ_PRICE_MICROS: Record<ReadResource, number> = { post: 5000, owned_post: 1000, user: 10_000, dm_event: 10_000, media: 5000 };
export const WRITE_PRICE_MICROS: Record<WriteAction, number> = { post: 15_000, post_url: 200_000, summoned_reply: 10_000, dm: 15_000, media_metadata: 5000 };

export interface BillLines {
  reads: Record<ReadResource, number>;
  /** Every resource returned, billed or not (a same-day repeat is returned but not billed). */
  returned: Record<ReadResource, number>;
  writes: Record<WriteAction, number>;
  usdMicros: number;
}

export interface AccountBill {
  total: BillLines;
  days: Record<string, BillLines>;
}

export interface BilledRead {
  resource: ReadResource;
  id: string;
}

function emptyLines(): BillLines {
  return {
    reads: Object.fromEntries(READ_RESOURCES.map((r) => [r, 0])) as Record<ReadResource, number>,
    returned: Object.fromEntries(READ_RESOURCES.map((r) => [r, 0])) as Record<ReadResource, number>,
    writes: Object.fromEntries(WRITE_ACTIONS.map((w) => [w, 0])) as Record<WriteAction, number>,
    usdMicros: 0,
  };
}

/** The UTC day a call falls on: X's dedup window. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

// Owned and ordinary post reads are one resource for the dedup: the same post, read twice.
const dedupKey = (r: BilledRead) => `${r.resource === 'owned_post' ? 'post' : r.resource}:${r.id}`;

export class SimBilling {
  private bills = new Map<string, AccountBill>();
  /** Resources billed today per account; older days are forgotten (their dedup is over). */
  private seen = new Map<string, { day: string; keys: Set<string> }>();

  reset(): void {
    this.bills.clear();
    this.seen.clear();
  }

  billOf(accountId: string): AccountBill {
    let bill = this.bills.get(accountId);
    if (!bill) {
      bill = { total: emptyLines(), days: {} };
      this.bills.set(accountId, bill);
    }
    return bill;
  }

  all(): Map<string, AccountBill> {
    return this.bills;
  }

  /** Bills what one answer returned; a resource already billed today costs nothing again. */
  read(accountId: string, nowMs: number, resources: readonly BilledRead[]): void {
    const day = utcDay(nowMs);
    let seen = this.seen.get(accountId);
    if (!seen || seen.day !== day) {
      seen = { day, keys: new Set() };
      this.seen.set(accountId, seen);
    }
    for (const r of resources) {
      this.add(accountId, day, (lines) => {
        lines.returned[r.resource] += 1;
      });
      const key = dedupKey(r);
      if (seen.keys.has(key)) continue;
      seen.keys.add(key);
      this.add(accountId, day, (lines) => {
        lines.reads[r.resource] += 1;
        lines.usdMicros += READ_PRICE_MICROS[r.resource];
      });
    }
  }

  write(accountId: string, nowMs: number, action: WriteAction): void {
    this.add(accountId, utcDay(nowMs), (lines) => {
      lines.writes[action] += 1;
      lines.usdMicros += WRITE_PRICE_MICROS[action];
    });
  }

  private add(accountId: string, day: string, change: (lines: BillLines) => void): void {
    const bill = this.billOf(accountId);
    const today = (bill.days[day] ??= emptyLines());
    change(today);
    change(bill.total);
  }
}

function records(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null);
  if (typeof value === 'object' && value !== null) return [value as Record<string, unknown>];
  return [];
}

function idsOf(value: unknown, field = 'id'): string[] {
  return records(value).flatMap((r) => (typeof r[field] === 'string' ? [r[field] as string] : []));
}

/**
 * The billed resources in one successful answer. `data` is billed as what the endpoint serves;
 * `includes` as the resources they are. Reading one's own mentions or posts is an owned read.
 */
export function resourcesInAnswer(endpoint: string, ownUserId: string, pathId: string | null, body: unknown): BilledRead[] {
  if (typeof body !== 'object' || body === null) return [];
  const answer = body as { data?: unknown; includes?: Record<string, unknown> };
  const owned = pathId === ownUserId;
  const dataResource: ReadResource | null =
    endpoint === 'GET /2/users/:id/mentions' || endpoint === 'GET /2/users/:id/tweets'
      ? owned ? 'owned_post' : 'post'
      : endpoint === 'GET /2/dm_events' || endpoint.startsWith('GET /2/dm_conversations')
        ? 'dm_event'
        : endpoint.startsWith('GET /2/users')
          ? 'user'
          : endpoint.startsWith('GET /2/tweets')
            ? 'post'
            : null;
  const out: BilledRead[] = [];
  if (dataResource) for (const id of idsOf(answer.data)) out.push({ resource: dataResource, id });
  const includes = answer.includes ?? {};
  for (const id of idsOf(includes['users'])) out.push({ resource: 'user', id });
  for (const id of idsOf(includes['tweets'])) out.push({ resource: 'post', id });
  for (const id of idsOf(includes['media'], 'media_key')) out.push({ resource: 'media', id });
  return out;
}

/** What one accepted write costs: a URL in a post makes it the dear kind; a summoned reply is cheap. */
export function writeAction(endpoint: string, ownUserId: string, requestBody: string, state: SimState): WriteAction | null {
  if (endpoint.startsWith('POST /2/dm_conversations')) return 'dm';
  if (endpoint === 'POST /2/media/metadata') return 'media_metadata';
  if (endpoint !== 'POST /2/tweets') return null;
  let input: { text?: unknown; reply?: { in_reply_to_tweet_id?: unknown } };
  try {
    input = JSON.parse(requestBody) as typeof input;
  } catch {
    return 'post';
  }
  if (typeof input.text === 'string' && twitterText.extractUrls(input.text).length > 0) return 'post_url';
  const target = typeof input.reply?.in_reply_to_tweet_id === 'string' ? state.tweets.get(input.reply.in_reply_to_tweet_id) : undefined;
  return target && summons(target, ownUserId, state) ? 'summoned_reply' : 'post';
}

/** The post @mentions the account in its own text, or quotes one of the account's posts. */
export function summons(tweet: { text: string; referencedTweets: { type: string; id: string }[] }, ownUserId: string, state: SimState): boolean {
  const own = state.users.get(ownUserId);
  if (!own) return false;
  const handle = own.username.toLowerCase();
  if (twitterText.extractMentions(tweet.text).some((m) => m.toLowerCase() === handle)) return true;
  return tweet.referencedTweets.some((r) => r.type === 'quoted' && state.tweets.get(r.id)?.authorId === ownUserId);
}

/** A bill as JSON: dollars for people, the counts as X's console lists them. */
export function presentBill(bill: AccountBill) {
  const lines = (l: BillLines) => ({ reads: l.reads, writes: l.writes, usd: l.usdMicros / 1e6, returned: l.returned });
  return { total: lines(bill.total), days: Object.fromEntries(Object.entries(bill.days).map(([day, l]) => [day, lines(l)])) };
}
