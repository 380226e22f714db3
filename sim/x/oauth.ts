// OAuth 1.0a (RFC 5849) as X checks it: HMAC-SHA1 over the method, the base URL the client
// addressed and every signed parameter. Kept free of HTTP framework types so it can be tested
// against the worked example on X's "Creating a signature" page.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** RFC 3986 percent-encoding: everything but ALPHA / DIGIT / "-" / "." / "_" / "~". */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

export type Param = readonly [name: string, value: string];

export interface OAuthHeader {
  /** oauth_* parameters from the header, decoded, without oauth_signature and realm. */
  params: Param[];
  signature: string;
  consumerKey: string;
  token: string;
  nonce: string;
  timestamp: string;
  signatureMethod: string;
  version: string | null;
}

/** Parses `Authorization: OAuth k="v", ...`; null when it is not a well-formed OAuth header. */
export function parseOAuthHeader(header: string | undefined): OAuthHeader | null {
  if (!header) return null;
  const match = /^OAuth\s+(.*)$/is.exec(header.trim());
  if (!match?.[1]) return null;
  const params: Param[] = [];
  const seen = new Set<string>();
  let signature: string | null = null;
  for (const part of match[1].split(',')) {
    const pair = /^\s*([^=\s]+)\s*=\s*"([^"]*)"\s*$/.exec(part);
    if (!pair?.[1] || pair[2] === undefined) return null;
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(pair[1]);
      value = decodeURIComponent(pair[2]);
    } catch {
      return null;
    }
    if (name === 'realm') continue;
    if (seen.has(name)) return null;
    seen.add(name);
    if (name === 'oauth_signature') signature = value;
    else params.push([name, value]);
  }
  const get = (name: string) => params.find(([n]) => n === name)?.[1];
  const consumerKey = get('oauth_consumer_key');
  const token = get('oauth_token');
  const nonce = get('oauth_nonce');
  const timestamp = get('oauth_timestamp');
  const signatureMethod = get('oauth_signature_method');
  if (!signature || !consumerKey || !token || !nonce || !timestamp || !signatureMethod) return null;
  return { params, signature, consumerKey, token, nonce, timestamp, signatureMethod, version: get('oauth_version') ?? null };
}

/** Name/value pairs of an `application/x-www-form-urlencoded` string (a query or a form body). */
export function formParams(encoded: string): Param[] {
  return [...new URLSearchParams(encoded)].map(([n, v]) => [n, v] as const);
}

/** RFC 5849 3.4.1.2: lowercase scheme and host, the port only when it is not the scheme's default. */
export function baseUrl(scheme: string, host: string, path: string): string {
  const s = scheme.toLowerCase().replace(/:$/, '');
  let h = host.toLowerCase();
  if ((s === 'http' && h.endsWith(':80')) || (s === 'https' && h.endsWith(':443'))) h = h.replace(/:\d+$/, '');
  return `${s}://${h}${path}`;
}

export function signatureBaseString(method: string, url: string, params: readonly Param[]): string {
  const normalized = params
    .map(([n, v]) => [percentEncode(n), percentEncode(v)] as const)
    .sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([n, v]) => `${n}=${v}`)
    .join('&');
  return [method.toUpperCase(), percentEncode(url), percentEncode(normalized)].join('&');
}

export function hmacSha1Signature(baseString: string, consumerSecret: string, tokenSecret: string): string {
  const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
  return createHmac('sha1', key).update(baseString).digest('base64');
}

/** Compares in constant time, so a caller cannot find a valid signature byte by byte. */
export function signaturesMatch(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
