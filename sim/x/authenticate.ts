// Checks one request's OAuth 1.0a user context as X does. The reason for a refusal is only
// logged: X answers every refusal with the same bare 401.
import {
  baseUrl,
  formParams,
  hmacSha1Signature,
  parseOAuthHeader,
  signatureBaseString,
  signaturesMatch,
  type Param,
} from './oauth.ts';
import type { SimAccount, SimState } from './state.ts';

export const TIMESTAMP_TOLERANCE_S = 15 * 60;

export interface SignedRequest {
  method: string;
  /** The request URL as the server received it (its host may be wrong behind a proxy). */
  url: string;
  /** The Host header: the address the client signed. */
  host: string | undefined;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

export type AuthResult = { ok: true; account: SimAccount } | { ok: false; reason: string };

export function authenticate(req: SignedRequest, state: SimState): AuthResult {
  const header = parseOAuthHeader(req.authorization);
  if (!header) return { ok: false, reason: 'no well-formed OAuth Authorization header' };
  if (header.signatureMethod !== 'HMAC-SHA1') return { ok: false, reason: `unsupported signature method ${header.signatureMethod}` };
  if (header.version !== null && header.version !== '1.0') return { ok: false, reason: `unsupported OAuth version ${header.version}` };

  const account = state.accountByToken(header.token);
  if (!account) return { ok: false, reason: 'unknown access token' };
  if (account.consumerKey !== header.consumerKey) return { ok: false, reason: 'consumer key does not belong to the access token' };

  const url = new URL(req.url);
  const params: Param[] = [...header.params, ...formParams(url.search)];
  if (req.contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) params.push(...formParams(req.body));
  const base = signatureBaseString(req.method, baseUrl(url.protocol, req.host ?? url.host, url.pathname), params);
  const expected = hmacSha1Signature(base, account.consumerSecret, account.accessTokenSecret);
  if (!signaturesMatch(expected, header.signature)) return { ok: false, reason: 'signature does not match' };

  const nowS = Math.floor(state.now() / 1000);
  const timestamp = /^\d+$/.test(header.timestamp) ? Number(header.timestamp) : Number.NaN;
  if (!(Math.abs(nowS - timestamp) <= TIMESTAMP_TOLERANCE_S)) return { ok: false, reason: `timestamp ${header.timestamp} is more than 15 minutes off` };

  // A nonce is only remembered once the request is proven genuine, so nobody can burn another's.
  const nonceKey = `${header.consumerKey}\n${header.token}\n${header.nonce}`;
  forgetOldNonces(state);
  if (state.nonces.has(nonceKey)) return { ok: false, reason: 'nonce already used' };
  state.nonces.set(nonceKey, (timestamp + 2 * TIMESTAMP_TOLERANCE_S) * 1000);
  return { ok: true, account };
}

function forgetOldNonces(state: SimState): void {
  const now = state.now();
  for (const [key, expiresAt] of state.nonces) if (expiresAt < now) state.nonces.delete(key);
}
