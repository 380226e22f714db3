// Turns what twitter-api-v2 throws into a ChannelError the worker can act on, with a message an
// agent can read. The library's own error is not kept as `cause`: it holds the signed request,
// whose Authorization header names the access token.
import { t } from '../../i18n/index.ts';
import { ApiPartialResponseError, ApiRequestError, ApiResponseError } from 'twitter-api-v2';
import { ChannelError, type CallKind, type ChannelErrorReason } from '../types.ts';

export interface CallContext {
  kind: CallKind;
  /** e.g. "POST /2/tweets". */
  endpoint: string;
  timeoutMs: number;
  /** The API's origin, for "could not reach" messages. */
  origin: string;
  /** What the write was, for "X refused the post: …". */
  subject: string;
}

/** X's problem types that mean "these credentials may not do this", as opposed to "not this content". */
const AUTH_PROBLEM = /client-forbidden|client-not-enrolled|oauth1-permissions|unsupported-authentication|not-authorized-for-(resource|field)/;
/** X's 15-minute window, for the rare 429 that comes without x-rate-limit-reset. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 15 * 60 * 1000;

/**
 * `requestError` is the network error as the library's debug handler reported it: twitter-api-v2
 * 1.29 builds ApiRequestError with `error` but reads it back as `requestError`, so its getter is empty.
 */
export function toChannelError(error: unknown, ctx: CallContext, requestError?: Error, now = Date.now()): ChannelError | null {
  if (error instanceof ApiResponseError) return fromResponse(error, ctx, now);
  if (error instanceof ApiPartialResponseError) {
    return new ChannelError('transient', `${t('channel.errors.xPartial', { endpoint: ctx.endpoint })}${t('channel.errors.retry')}`, {
      status: error.response.statusCode ?? null,
    });
  }
  if (error instanceof ApiRequestError) {
    const cause = (requestError ?? error.requestError) as NodeJS.ErrnoException | undefined;
    if (cause?.message === 'Request timeout.') {
      return new ChannelError('transient', `${t('channel.errors.xTimeout', { endpoint: ctx.endpoint, ms: String(ctx.timeoutMs) })}${t('channel.errors.retry')}`);
    }
    const reason = cause?.code ?? cause?.message ?? 'connection failed';
    return new ChannelError('transient', `${t('channel.errors.xUnreachable', { origin: ctx.origin, reason })}${t('channel.errors.retry')}`);
  }
  return null;
}

function fromResponse(error: ApiResponseError, ctx: CallContext, now: number): ChannelError {
  const status = error.code;
  const data: unknown = error.data;
  const detail = describe(data) ?? `HTTP ${status}`;
  if (status === 401) {
    return new ChannelError(
      'auth',
      t('channel.errors.xRejected', { detail }),
      { status },
    );
  }
  if (status === 403 && (ctx.kind === 'read' || AUTH_PROBLEM.test(problemType(data)))) {
    return new ChannelError('auth', t('channel.errors.xForbidden', { endpoint: ctx.endpoint, detail }), { status });
  }
  if (status === 429) {
    const resetS = error.rateLimit?.reset ?? Number(error.headers?.['x-rate-limit-reset']);
    const retryAt = Number.isFinite(resetS) && resetS > 0 ? new Date(resetS * 1000) : new Date(now + DEFAULT_RATE_LIMIT_WAIT_MS);
    return new ChannelError('rate_limit', t('channel.errors.xRateLimit', { endpoint: ctx.endpoint, until: retryAt.toISOString() }), {
      status,
      retryAt,
    });
  }
  if (status >= 500) {
    return new ChannelError('transient', `${t('channel.errors.xFailed', { endpoint: ctx.endpoint, status: String(status), detail })}${t('channel.errors.retry')}`, { status });
  }
  const message = ctx.kind === 'write' ? t('channel.errors.xRefused', { what: ctx.subject, detail }) : t('channel.errors.xRefusedRequest', { endpoint: ctx.endpoint, detail });
  return new ChannelError('permanent', message, { status, reason: ctx.kind === 'write' ? refusalReason(detail) : null });
}

/** X's words for the refusals the outbox acts on (x-api/posts/manage-tweets). */
export function refusalReason(detail: string): ChannelErrorReason | null {
  if (/duplicate content/i.test(detail)) return 'duplicate';
  if (/not been mentioned or otherwise engaged/i.test(detail)) return 'not_summoned';
  return null;
}

function problemType(data: unknown): string {
  if (!isRecord(data)) return '';
  const own = typeof data['type'] === 'string' ? data['type'] : '';
  const reason = typeof data['reason'] === 'string' ? data['reason'] : '';
  return `${own} ${reason}`;
}

/**
 * X's words for an error: the messages of an Invalid Request's `errors`, else the problem's
 * `detail`, else its `title`.
 */
export function describe(data: unknown): string | null {
  if (!isRecord(data)) return typeof data === 'string' && data.trim() ? data.trim().slice(0, 300) : null;
  const errors = Array.isArray(data['errors']) ? data['errors'] : [];
  const messages = errors
    .map((e: unknown) => (isRecord(e) ? (e['message'] ?? e['detail']) : null))
    .filter((m): m is string => typeof m === 'string' && m.length > 0);
  if (messages.length) return messages.join('; ');
  for (const key of ['detail', 'title', 'error']) {
    const value = data[key];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return null;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
