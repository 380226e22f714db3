// The HTTP layer: twitter-api-v2 signing OAuth 1.0a user-context requests against the configured
// base address, one onCall report per request, errors as ChannelError.
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import { ApiResponseError, TwitterApi, type IGetHttpRequestArgs, type ITwitterApiClientPlugin, type TwitterRateLimit } from 'twitter-api-v2';
import type { BilledCall } from '../../core/billing/prices.ts';
import { ChannelError, type CallKind, type ChannelClientOptions, type RateBudget, type RateLimitState } from '../types.ts';
import { billedRead, billedWrite } from './billing.ts';
import { toChannelError } from './errors.ts';

export const DEFAULT_X_API_URL = 'https://api.x.com';
export const DEFAULT_TIMEOUT_MS = 15_000;

export const CREDENTIAL_FIELDS = ['consumerKey', 'consumerSecret', 'accessToken', 'accessTokenSecret'] as const;

export type Query = Record<string, string>;

export interface XApi {
  /** `endpoint` names the route for reports ("GET /2/users/:id/mentions"); `path` is below /2/. */
  get<T>(endpoint: string, path: string, query?: Query): Promise<T>;
  post<T>(endpoint: string, path: string, body: Record<string, unknown>, subject: string): Promise<T>;
  /** Calls the rate budget leaves for `endpoint` now, keeping `reserve` back. */
  available(endpoint: string, reserve?: number): number;
  /** A multipart/form-data write (media upload segments). */
  postForm<T>(endpoint: string, path: string, body: Record<string, string | Buffer>, subject: string): Promise<T>;
}

type DebugHandler = NonNullable<IGetHttpRequestArgs['requestEventDebugHandler']>;

// The library tells a request's HTTP status and network error only to a per-request debug handler,
// which its public methods do not take; the plugin below picks the handler of the current call.
const currentCall = new AsyncLocalStorage<DebugHandler>();

export function createXApi(options: ChannelClientOptions): XApi {
  const base = parseBaseUrl(options.apiUrl);
  const credentials = requireCredentials(options.credentials);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  // The library always addresses https://api.x.com. Rewriting the URL before the request is built
  // means the signature is computed over the address actually called, as X (and the simulator) check.
  const baseAddress: ITwitterApiClientPlugin = {
    onBeforeRequestConfig({ params }) {
      const url = new URL(params.url);
      params.url = base.href.replace(/\/$/, '') + url.pathname + url.search;
      params.timeout = timeoutMs;
      const debug = currentCall.getStore();
      if (debug) params.requestEventDebugHandler = debug;
    },
  };
  const client = new TwitterApi(
    {
      appKey: credentials.consumerKey,
      appSecret: credentials.consumerSecret,
      accessToken: credentials.accessToken,
      accessSecret: credentials.accessTokenSecret,
    },
    // https.request refuses an http: address unless it is given an http agent.
    { plugins: [baseAddress], ...(base.protocol === 'http:' ? { httpAgent: new http.Agent() } : {}) },
  ).v2;

  const budget = options.rateBudget;
  // X's access tokens start with the id of the user they belong to: the owner of owned reads.
  const ownUserId = () => options.account?.id ?? /^(\d+)-/.exec(credentials.accessToken)?.[1] ?? null;

  async function call<T>(
    kind: CallKind,
    endpoint: string,
    subject: string,
    run: () => Promise<{ data: T; rateLimit?: TwitterRateLimit | undefined }>,
    bill: (answer: T) => BilledCall | null,
  ): Promise<T> {
    refuseWhenSpent(budget, endpoint);
    let status: number | null = null;
    let rateLimit: RateLimitState | null = null;
    let billed: BilledCall | null = null;
    let requestError: Error | undefined;
    const debug: DebugHandler = (event, data) => {
      if (event === 'response') status = (data as { res?: http.IncomingMessage } | undefined)?.res?.statusCode ?? null;
      if (event === 'request-error') requestError = (data as { requestError?: Error } | undefined)?.requestError;
    };
    const started = performance.now();
    try {
      const answer = await currentCall.run(debug, run);
      rateLimit = rateLimitState(answer.rateLimit);
      billed = bill(answer.data);
      return answer.data;
    } catch (error) {
      if (error instanceof ApiResponseError) {
        status = error.code;
        rateLimit = rateLimitState(error.rateLimit);
      }
      throw toChannelError(error, { kind, endpoint, timeoutMs, origin: base.origin, subject }, requestError) ?? error;
    } finally {
      if (rateLimit && budget) budget.record(endpoint, rateLimit);
      report(options, {
        kind,
        endpoint,
        status,
        durationMs: Math.round(performance.now() - started),
        ...(rateLimit ? { rateLimit } : {}),
        ...(billed ? { billed } : {}),
      });
    }
  }

  return {
    get: (endpoint, path, query = {}) =>
      call('read', endpoint, `the request ${endpoint}`, () => client.get(path, query, { fullResponse: true }), (answer) => billedRead(endpoint, path, ownUserId(), answer)),
    post: (endpoint, path, body, subject) =>
      // The body mode is stated because the library guesses it from the path, which a base
      // address with a path of its own would throw off.
      call('write', endpoint, subject, () => client.post(path, body, { forceBodyMode: 'json', fullResponse: true }), () => billedWrite(endpoint, body)),
    postForm: (endpoint, path, body, subject) =>
      call('write', endpoint, subject, () => client.post(path, body, { forceBodyMode: 'form-data', fullResponse: true }), () => billedWrite(endpoint, body)),
    available: (endpoint, reserve = 0) => (budget ? budget.available(endpoint, Date.now(), reserve) : Number.POSITIVE_INFINITY),
  };
}

/** X's x-rate-limit-* headers, as the library parsed them. */
function rateLimitState(rate: TwitterRateLimit | undefined): RateLimitState | null {
  if (!rate || !Number.isFinite(rate.limit) || !Number.isFinite(rate.remaining) || !Number.isFinite(rate.reset)) return null;
  return { limit: rate.limit, remaining: rate.remaining, resetAt: new Date(rate.reset * 1000).toISOString() };
}

export function report(options: ChannelClientOptions, event: Parameters<NonNullable<ChannelClientOptions['onCall']>>[0]): void {
  try {
    options.onCall?.(event);
  } catch {
    // Counting calls must never turn a delivered message into a failed one (it would be sent twice).
  }
}

function parseBaseUrl(apiUrl: string): URL {
  let url: URL;
  try {
    url = new URL(apiUrl || DEFAULT_X_API_URL);
  } catch {
    throw new Error(`The X API address "${apiUrl}" is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`The X API address must be http(s), not ${url.protocol}`);
  if (url.search || url.hash) throw new Error('The X API address must not have a query or fragment.');
  return url;
}

function requireCredentials(given: Record<string, string>): Record<(typeof CREDENTIAL_FIELDS)[number], string> {
  const missing = CREDENTIAL_FIELDS.filter((name) => !given[name]);
  if (missing.length) {
    throw new ChannelError('auth', `The profile has no ${missing.join(', ')}; enter the X credentials in the profile.`);
  }
  return {
    consumerKey: given['consumerKey'] ?? '',
    consumerSecret: given['consumerSecret'] ?? '',
    accessToken: given['accessToken'] ?? '',
    accessTokenSecret: given['accessTokenSecret'] ?? '',
  };
}

/** Pacing: a call the limit has no room for waits for the window, and X never sees it. */
export function refuseWhenSpent(budget: RateBudget | undefined, endpoint: string): void {
  if (!budget || budget.available(endpoint, Date.now()) >= 1) return;
  const retryAt = budget.resetAt(endpoint) ?? new Date(Date.now() + 60_000);
  throw new ChannelError('rate_limit', `X's limit for ${endpoint} is used up until ${retryAt.toISOString()}; Parley waits for it.`, { retryAt });
}
