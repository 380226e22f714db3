// X's per-user rate limits: each account has a budget of requests per endpoint for a 15-minute
// window, told to the client on every answer through the x-rate-limit-* headers. Some writes have
// longer caps on top (DMs: 1,440 a day; posts: 300 per 3 hours), counted the same way.

export const WINDOW_MS = 15 * 60 * 1000;

/** Per-user limits for a 15-minute window (x-api/fundamentals/rate-limits). */
export const DEFAULT_RATE_LIMITS: Record<string, number> = {
  'GET /2/users/me': 75,
  'GET /2/users/by/username/:username': 900,
  'GET /2/users/:id/mentions': 300,
  'GET /2/users/:id/tweets': 900,
  'GET /2/dm_events': 15,
  'POST /2/tweets': 100,
  'POST /2/dm_conversations/with/:participant_id/messages': 15,
  // X's media upload allows 500 requests per 15 minutes; the chunked steps each count.
  'POST /2/media/upload': 500,
  'POST /2/media/upload/initialize': 500,
  'POST /2/media/upload/:id/append': 500,
  'POST /2/media/upload/:id/finalize': 500,
  'GET /2/media/upload': 500,
  // X states no figure for the DM media download; it is read once per file.
  'GET /2/dm_conversations/media/:dm_id/:media_id/:resource_id': 900,
};

/** Caps over several 15-minute windows: 96 windows are a day, 12 are three hours. */
export const LONG_CAPS: Record<string, { limit: number; windows: number }[]> = {
  'POST /2/dm_conversations/with/:participant_id/messages': [{ limit: 1440, windows: 96 }],
  'POST /2/tweets': [{ limit: 300, windows: 12 }],
};

export interface RateLimitWindow {
  used: number;
  resetAtMs: number;
}

export interface RateLimitVerdict {
  limited: boolean;
  headers: Record<string, string>;
}

export interface RateRules {
  /** The 15-minute limit of the endpoint. */
  limit: number;
  /** How long "15 minutes" is (tests shorten it). */
  windowMs: number;
  caps?: readonly { limit: number; windows: number }[];
}

interface Counted {
  limit: number;
  window: RateLimitWindow;
}

function windowOf(windows: Map<string, RateLimitWindow>, key: string, lengthMs: number, nowMs: number): RateLimitWindow {
  let window = windows.get(key);
  if (!window || nowMs >= window.resetAtMs) {
    window = { used: 0, resetAtMs: nowMs + lengthMs };
    windows.set(key, window);
  }
  return window;
}

function countedWindows(windows: Map<string, RateLimitWindow>, rules: RateRules, accountId: string, endpoint: string, nowMs: number): Counted[] {
  const counted: Counted[] = [{ limit: rules.limit, window: windowOf(windows, `${accountId} ${endpoint}`, rules.windowMs, nowMs) }];
  for (const cap of rules.caps ?? []) {
    counted.push({ limit: cap.limit, window: windowOf(windows, `${accountId} ${endpoint} ×${cap.windows}`, rules.windowMs * cap.windows, nowMs) });
  }
  return counted;
}

/**
 * Counts one request against the account's windows for the endpoint. A refused request is not
 * counted. The headers tell the tightest window: the one with the fewest requests left.
 */
export function consume(windows: Map<string, RateLimitWindow>, rules: RateRules, accountId: string, endpoint: string, nowMs: number): RateLimitVerdict {
  const counted = countedWindows(windows, rules, accountId, endpoint, nowMs);
  const limited = counted.some((c) => c.window.used >= c.limit);
  if (!limited) for (const c of counted) c.window.used += 1;
  return { limited, headers: tightest(counted) };
}

/** Makes the rest of the 15-minute window unusable, as an injected 429 says it is. */
export function exhaust(windows: Map<string, RateLimitWindow>, rules: RateRules, accountId: string, endpoint: string, nowMs: number): Record<string, string> {
  const counted = countedWindows(windows, rules, accountId, endpoint, nowMs);
  const first = counted[0]!;
  first.window.used = Math.max(first.window.used, first.limit);
  return tightest(counted);
}

function tightest(counted: readonly Counted[]): Record<string, string> {
  let best = counted[0]!;
  for (const c of counted) {
    const left = c.limit - c.window.used;
    const bestLeft = best.limit - best.window.used;
    if (left < bestLeft || (left === bestLeft && c.window.resetAtMs < best.window.resetAtMs && left <= 0)) best = c;
  }
  return headersOf(best.limit, Math.max(0, best.limit - best.window.used), best.window.resetAtMs);
}

function headersOf(limit: number, remaining: number, resetAtMs: number): Record<string, string> {
  return {
    'x-rate-limit-limit': String(limit),
    'x-rate-limit-remaining': String(remaining),
    'x-rate-limit-reset': String(Math.ceil(resetAtMs / 1000)),
  };
}
