// Calls to one Mastodon server: its address and token from the profile, Mastodon's errors
// (`{ "error": "…" }`) and rate limit (429 until X-RateLimit-Reset, an ISO time) as ChannelErrors.
import { t } from '../../i18n/index.ts';
import { callJson, endpointUrl, rateLimitFrom, serverUrl, type NetworkErrorRules } from '../http.ts';
import { ChannelError, type CallKind, type ChannelClientOptions } from '../types.ts';

const RULES: NetworkErrorRules = {
  network: 'Mastodon',
  authStatuses: [401, 403],
  retryAt(headers) {
    const reset = Date.parse(headers.get('x-ratelimit-reset') ?? '');
    return Number.isNaN(reset) ? null : new Date(reset);
  },
  rateLimit(headers) {
    return rateLimitFrom(headers.get('x-ratelimit-limit'), headers.get('x-ratelimit-remaining'), RULES.retryAt(headers));
  },
  message(body) {
    const e = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : null;
    return typeof e === 'string' ? e : null;
  },
};

export interface MastodonApi {
  base: URL;
  get<T>(endpoint: string, path: string, query?: Record<string, string | readonly string[] | undefined>): Promise<T>;
  post<T>(endpoint: string, path: string, body: unknown, headers?: Record<string, string>): Promise<T>;
}

export function createMastodonApi(options: ChannelClientOptions): MastodonApi {
  const base = serverUrl(options.credentials['instanceUrl'], 'Mastodon');
  const token = options.credentials['accessToken'];
  if (!token) throw new ChannelError('auth', t('channel.errors.mastodonNoToken'));
  const call = async <T>(method: 'GET' | 'POST', kind: CallKind, endpoint: string, url: URL, body?: unknown, headers: Record<string, string> = {}) =>
    (await callJson<T>(options, RULES, { method, kind, endpoint, url, headers: { authorization: `Bearer ${token}`, ...headers }, ...(body === undefined ? {} : { body }) })).data;
  return {
    base,
    get: (endpoint, path, query) => call('GET', 'read', endpoint, endpointUrl(base, path, query)),
    post: (endpoint, path, body, headers) => call('POST', 'write', endpoint, endpointUrl(base, path), body, headers),
  };
}
