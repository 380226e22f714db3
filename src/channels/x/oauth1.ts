// OAuth 1.0a request signing (HMAC-SHA1) for the calls twitter-api-v2 cannot make: a download
// whose answer is binary (the library decodes every answer as text).
import { createHmac, randomBytes } from 'node:crypto';

function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface OAuth1Credentials {
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessTokenSecret: string;
}

/** The Authorization header for a request without a form body. */
export function oauth1Header(method: string, url: URL, c: OAuth1Credentials, now = Date.now(), nonce = randomBytes(16).toString('hex')): string {
  const oauth: [string, string][] = [
    ['oauth_consumer_key', c.consumerKey],
    ['oauth_nonce', nonce],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', String(Math.floor(now / 1000))],
    ['oauth_token', c.accessToken],
    ['oauth_version', '1.0'],
  ];
  const params = [...oauth, ...[...url.searchParams.entries()]]
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const base = [method.toUpperCase(), percentEncode(`${url.protocol}//${url.host}${url.pathname}`), percentEncode(params)].join('&');
  const signature = createHmac('sha1', `${percentEncode(c.consumerSecret)}&${percentEncode(c.accessTokenSecret)}`).update(base).digest('base64');
  const signed: [string, string][] = [...oauth, ['oauth_signature', signature]];
  return 'OAuth ' + signed.map(([k, v]) => `${percentEncode(k)}="${percentEncode(v)}"`).join(', ');
}
