// X's per-user rate limits: each account has a budget of requests per endpoint for a
// 15-minute window, told to the client on every answer through the x-rate-limit-* headers.

export const WINDOW_MS = 15 * 60 * 1000;

/** Per-user limits for a 15-minute window, from X's documentation of each endpoint. */
export const DEFAULT_RATE_LIMITS: Record<string, number> = {
  'GET /2/users/me': 75,
  'GET /2/users/by/username/:username': 900,
  'GET /2/users/:id/mentions': 300,
  'GET /2/users/:id/tweets': 900,
  'GET /2/dm_events': 300,
  'POST /2/tweets': 100,
  'POST /2/dm_conversations/with/:participant_id/messages': 200,
  // X's media upload allows 500 requests per 15 minutes; the chunked steps each count.
  'POST /2/media/upload': 500,
  'POST /2/media/upload/initialize': 500,
  'POST /2/media/upload/:id/append': 500,
  'POST /2/media/upload/:id/finalize': 500,
  'GET /2/media/upload': 500,
  // X states no figure for the DM media download; it is read once per file.
  'GET /2/dm_conversations/media/:dm_id/:media_id/:resource_id': 900,
};

export interface RateLimitWindow {
  used: number;
  resetAtMs: number;
}

export interface RateLimitVerdict {
  limited: boolean;
  headers: Record<string, string>;
}

/** Counts one request against the account's window for the endpoint. */
export function consume(
  windows: Map<string, RateLimitWindow>,
  limit: number,
  accountId: string,
  endpoint: string,
  nowMs: number,
): RateLimitVerdict {
  const key = `${accountId} ${endpoint}`;
  let window = windows.get(key);
  if (!window || nowMs >= window.resetAtMs) {
    window = { used: 0, resetAtMs: nowMs + WINDOW_MS };
    windows.set(key, window);
  }
  window.used += 1;
  const limited = window.used > limit;
  return { limited, headers: headersOf(limit, Math.max(0, limit - window.used), window.resetAtMs) };
}

/** Makes the rest of the window unusable, as an injected 429 says it is. */
export function exhaust(windows: Map<string, RateLimitWindow>, limit: number, accountId: string, endpoint: string): Record<string, string> {
  const window = windows.get(`${accountId} ${endpoint}`);
  if (!window) throw new Error('exhaust() is called after consume()');
  window.used = Math.max(window.used, limit);
  return headersOf(limit, 0, window.resetAtMs);
}

function headersOf(limit: number, remaining: number, resetAtMs: number): Record<string, string> {
  return {
    'x-rate-limit-limit': String(limit),
    'x-rate-limit-remaining': String(remaining),
    'x-rate-limit-reset': String(Math.ceil(resetAtMs / 1000)),
  };
}
