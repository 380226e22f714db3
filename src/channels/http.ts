// Plain-fetch JSON calls for the adapters that need no SDK (Mastodon, Bluesky): a timeout, one
// onCall report per request, and the network's answer turned into a ChannelError the worker acts on.
import { t } from '../i18n/index.ts';
import { ChannelError, type CallKind, type ChannelClientOptions, type RateLimitState } from './types.ts';

export interface HttpCall {
  method: 'GET' | 'POST';
  url: URL;
  /** The endpoint as it is counted and logged, e.g. "GET /api/v1/notifications". */
  endpoint: string;
  kind: CallKind;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface HttpAnswer<T> {
  status: number;
  headers: Headers;
  data: T;
}

export interface NetworkErrorRules {
  /** The network's name in messages, e.g. "Mastodon". */
  network: string;
  /** When a 429 may be retried, read from the network's own headers. */
  retryAt(headers: Headers): Date | null;
  /** The limit an answer reports in the network's own headers (Mastodon X-RateLimit-*, Bluesky ratelimit-*). */
  rateLimit(headers: Headers): RateLimitState | null;
  /** The network's words for a refusal, from its error body. */
  message(body: unknown): string | null;
  /** Statuses that mean "the credentials are not good" (401, and for some networks 403). */
  authStatuses: readonly number[];
}

export const DEFAULT_HTTP_TIMEOUT_MS = 15_000;

export async function callJson<T>(options: Pick<ChannelClientOptions, 'timeoutMs' | 'onCall' | 'rateBudget'>, rules: NetworkErrorRules, call: HttpCall): Promise<HttpAnswer<T>> {
  // Pacing: a call the last reported limit has no room for waits for the window; the network never sees it.
  const budget = options.rateBudget;
  if (budget && budget.available(call.endpoint, Date.now()) < 1) {
    const retryAt = budget.resetAt(call.endpoint) ?? new Date(Date.now() + 60_000);
    throw new ChannelError('rate_limit', t('channel.errors.budgetWait', { network: rules.network, endpoint: call.endpoint, until: retryAt.toISOString() }), { retryAt });
  }
  const started = Date.now();
  let rateLimit: RateLimitState | null = null;
  const timeoutMs = options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  let status: number | null = null;
  try {
    let res: Response;
    try {
      // A media upload goes as it is (multipart form, or raw bytes with the caller's content-type); everything else as JSON.
      const raw = call.body instanceof FormData || call.body instanceof Uint8Array;
      res = await fetch(call.url, {
        method: call.method,
        headers: { accept: 'application/json', ...(call.body === undefined || raw ? {} : { 'content-type': 'application/json' }), ...call.headers },
        ...(call.body === undefined ? {} : { body: raw ? (call.body as FormData | Uint8Array<ArrayBuffer>) : JSON.stringify(call.body) }),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      const what = timedOut ? t('channel.errors.timeout', { network: rules.network, seconds: String(Math.round(timeoutMs / 1000)) }) : t('channel.errors.unreachable', { network: rules.network, origin: call.url.origin });
      throw new ChannelError('transient', `${what}${t('channel.errors.retry')}`, { cause: e });
    }
    status = res.status;
    rateLimit = rules.rateLimit(res.headers);
    if (rateLimit && budget) budget.record(call.endpoint, rateLimit);
    const text = await res.text();
    let data: unknown = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    if (res.ok) return { status, headers: res.headers, data: data as T };
    const said = rules.message(data);
    const because = said ? `: ${said}` : ` (HTTP ${status})`;
    if (status === 429) {
      const retryAt = rules.retryAt(res.headers);
      const message = retryAt ? t('channel.errors.rateLimitUntil', { network: rules.network, endpoint: call.endpoint, until: retryAt.toISOString() }) : t('channel.errors.rateLimit', { network: rules.network, endpoint: call.endpoint });
      throw new ChannelError('rate_limit', message, { status, retryAt });
    }
    if (rules.authStatuses.includes(status)) throw new ChannelError('auth', t('channel.errors.authRefused', { network: rules.network, because }), { status });
    if (status >= 500) throw new ChannelError('transient', `${t('channel.errors.failed', { network: rules.network, because })}${t('channel.errors.retry')}`, { status });
    throw new ChannelError('permanent', t('channel.errors.requestRefused', { network: rules.network, because }), { status });
  } finally {
    try {
      options.onCall?.({ kind: call.kind, endpoint: call.endpoint, status, durationMs: Date.now() - started, ...(rateLimit ? { rateLimit } : {}) });
    } catch {
      // Counting is best effort; it must never fail the call it counts.
    }
  }
}

/** The server's base address from an administrator's input: https, or http on this machine only (simulators). */
export function serverUrl(raw: string | undefined, network: string): URL {
  let url: URL;
  try {
    url = new URL((raw ?? '').trim());
  } catch {
    throw new ChannelError('auth', t('channel.errors.noServer', { network }));
  }
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) throw new ChannelError('auth', t('channel.errors.serverHttps', { network }));
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

/** Joins a path (with its query) to a server address, keeping any path the address has. */
export function endpointUrl(base: URL, path: string, query: Record<string, string | readonly string[] | undefined> = {}): URL {
  const url = new URL(base.href.replace(/\/$/, '') + path);
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    for (const one of typeof v === 'string' ? [v] : v) url.searchParams.append(k, one);
  }
  return url;
}

/** An administrator's server address, checked as serverUrl() will read it; the words for the form, or null. */
export function checkServerUrl(value: string, label: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return t('channel.server.notAddress', { label });
  }
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) return t('channel.server.notHttps', { label });
  if (url.username || url.password || url.search || url.hash) return t('channel.server.addressOnly', { label });
  return null;
}

/** A limit from three headers: the calls per window, those left, and when it opens again. */
export function rateLimitFrom(limit: string | null, remaining: string | null, resetAt: Date | null): RateLimitState | null {
  const l = Number(limit);
  const r = Number(remaining);
  if (limit === null || remaining === null || !Number.isFinite(l) || !Number.isFinite(r) || !resetAt) return null;
  return { limit: l, remaining: r, resetAt: resetAt.toISOString() };
}
