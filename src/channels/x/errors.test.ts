import type { ClientRequest, IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ApiRequestError, ApiResponseError } from 'twitter-api-v2';
import { describe as describeX, toChannelError, type CallContext } from './errors.ts';

const write: CallContext = { kind: 'write', endpoint: 'POST /2/tweets', timeoutMs: 15000, origin: 'https://api.x.com', subject: 'the post' };
const read: CallContext = { ...write, kind: 'read', endpoint: 'GET /2/users/:id/mentions', subject: 'the request' };

function responseError(code: number, data: unknown, headers: Record<string, string> = {}) {
  return new ApiResponseError(`Request failed with code ${code}`, {
    code,
    data: data as never,
    headers,
    request: {} as ClientRequest,
    response: {} as IncomingMessage,
  });
}

describe('toChannelError', () => {
  it('makes a duplicate post permanent, in X words', () => {
    const error = toChannelError(
      responseError(403, { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'You are not allowed to create a Tweet with duplicate content.' }),
      write,
    );
    expect(error).toMatchObject({ kind: 'permanent', status: 403, message: 'X refused the post: You are not allowed to create a Tweet with duplicate content.' });
  });

  it('treats a 403 about app permissions as an auth problem, even on a write', () => {
    const error = toChannelError(
      responseError(403, {
        title: 'Forbidden',
        type: 'https://api.twitter.com/2/problems/oauth1-permissions',
        detail: 'Your client app is not configured with the appropriate oauth1 app permissions for this endpoint.',
      }),
      write,
    );
    expect(error?.kind).toBe('auth');
    expect(error?.message).toContain('oauth1 app permissions');
  });

  it('treats a 403 on a read as an auth problem', () => {
    expect(toChannelError(responseError(403, { title: 'Forbidden', detail: 'Forbidden' }), read)?.kind).toBe('auth');
  });

  it('takes retryAt from x-rate-limit-reset, and waits a window when X did not say', () => {
    const reset = 1_900_000_000;
    const limited = toChannelError(responseError(429, { title: 'Too Many Requests' }, { 'x-rate-limit-reset': String(reset) }), read);
    expect(limited).toMatchObject({ kind: 'rate_limit', status: 429 });
    expect(limited?.retryAt?.getTime()).toBe(reset * 1000);
    const unknown = toChannelError(responseError(429, {}), read, undefined, 1_000_000);
    expect(unknown?.retryAt?.getTime()).toBe(1_000_000 + 15 * 60 * 1000);
  });

  it('makes 5xx and request failures transient, and names a timeout', () => {
    expect(toChannelError(responseError(502, 'Bad Gateway'), read)).toMatchObject({ kind: 'transient', status: 502 });
    const request = {} as ClientRequest;
    const timeout = new ApiRequestError('Request failed.', { request, error: new Error('Request timeout.') });
    expect(toChannelError(timeout, read, new Error('Request timeout.'))?.message).toBe('X did not answer GET /2/users/:id/mentions within 15000 ms; it will be tried again.');
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const refused = new ApiRequestError('Request failed.', { request, error: cause });
    expect(toChannelError(refused, read, cause)).toMatchObject({ kind: 'transient', message: 'Could not reach X at https://api.x.com (ECONNREFUSED); it will be tried again.' });
  });

  it('leaves errors that are not the library own to the caller', () => {
    expect(toChannelError(new TypeError('bug'), read)).toBeNull();
  });
});

describe('describe', () => {
  it('prefers the messages of an Invalid Request over its generic detail', () => {
    expect(
      describeX({
        errors: [{ parameters: { text: ['x'] }, message: 'Your Tweet text is too long.' }],
        title: 'Invalid Request',
        detail: 'One or more parameters to your request was invalid.',
      }),
    ).toBe('Your Tweet text is too long.');
    expect(describeX({ title: 'Unauthorized', detail: 'Unauthorized' })).toBe('Unauthorized');
    expect(describeX(undefined)).toBeNull();
  });
});
