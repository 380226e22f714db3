import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { findAgent } from '../../db/repos/agents.ts';
import type { AppEnv } from '../context.ts';
import { errorBody } from '../errors.ts';
import { t } from '../../i18n/index.ts';
import { actorOf, agentByToken, checkLogin, type LoginResult } from './agents.ts';
import { findSession, SESSION_COOKIE } from './sessions.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// A verified Basic credential is remembered for a minute: scrypt on every API call would make
// the API slow by design. Keyed by a hash, so no password sits in memory in clear; each entry
// keeps the password hash it was checked against, so a changed password ends it at once (in every
// process: the hash is read with the agent on every request). Bounded: the oldest entries go first.
const BASIC_CACHE_MS = 60_000;
const BASIC_CACHE_MAX = 1000;
const basicCache = new Map<string, { agentId: number; passwordHash: string; until: number }>();

function rememberBasic(key: string, entry: { agentId: number; passwordHash: string; until: number }): void {
  basicCache.delete(key);
  basicCache.set(key, entry);
  while (basicCache.size > BASIC_CACHE_MAX) basicCache.delete(basicCache.keys().next().value!);
}

// Parallel requests with the same credentials while none is cached (a script starting 20 workers)
// share one check: each would otherwise count as an attempt in flight, wait longer and longer, and
// from the eleventh on find the login locked (throttle.ts), refusing the real agent. The same
// login and password sent twice at once is one guess, so the lock-out still counts every
// different password.
const basicInFlight = new Map<string, Promise<LoginResult>>();

function checkBasicOnce(key: string, check: () => Promise<LoginResult>): Promise<LoginResult> {
  let pending = basicInFlight.get(key);
  if (!pending) {
    pending = check().finally(() => basicInFlight.delete(key));
    basicInFlight.set(key, pending);
  }
  return pending;
}

function basicKey(login: string, password: string): string {
  return createHash('sha256').update(`${login}\0${password}`).digest('hex');
}

export function cookieSecret(c: { get(k: 'deps'): AppEnv['Variables']['deps'] }): string {
  return c.get('deps').secrets.derive('session-cookie');
}

/**
 * The value of a cookie set with Hono's setSignedCookie ("value.base64(HMAC-SHA256)"), or null
 * when it is missing or its signature is wrong: what getSignedCookie answers, checked with
 * node:crypto in one synchronous call instead of importing a WebCrypto key on every request.
 */
export function readSignedCookie(raw: string | undefined, secret: string): string | null {
  if (!raw) return null;
  const dot = raw.lastIndexOf('.');
  if (dot < 0) return null;
  const value = raw.slice(0, dot);
  const signature = raw.slice(dot + 1);
  if (signature.length !== 44 || !signature.endsWith('=')) return null;
  const sent = Buffer.from(signature, 'base64');
  const expected = createHmac('sha256', secret).update(value).digest();
  return sent.length === expected.length && timingSafeEqual(sent, expected) ? value : null;
}

/** Finds who is calling: Basic, Bearer, or the session cookie. Never rejects by itself. */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { db, loginDelayMs } = c.get('deps');
    c.set('actor', null);
    c.set('session', null);
    c.set('authVia', null);
    // Basic and Bearer reach only the JSON API: a browser replays cached Basic credentials on any
    // cross-site form post, so on pages the Authorization header is not a credential.
    const header = c.req.path.startsWith('/api/') ? c.req.header('authorization') : undefined;
    if (header) {
      const [scheme, value = ''] = header.split(' ', 2);
      if (scheme?.toLowerCase() === 'basic') {
        const decoded = Buffer.from(value, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        const login = colon >= 0 ? decoded.slice(0, colon) : decoded;
        const password = colon >= 0 ? decoded.slice(colon + 1) : '';
        const key = basicKey(login, password);
        const cached = basicCache.get(key);
        let agent = cached && cached.until > Date.now() ? await findAgent(db, cached.agentId) : undefined;
        if (agent && (agent.password_hash !== cached!.passwordHash || agent.validity !== 'valid')) {
          basicCache.delete(key);
          agent = undefined;
        }
        if (!agent) {
          const result = await checkBasicOnce(key, () => checkLogin(db, login, password, loginDelayMs));
          if (result.ok) {
            agent = result.agent;
            rememberBasic(key, { agentId: agent.id, passwordHash: agent.password_hash, until: Date.now() + BASIC_CACHE_MS });
          }
        }
        const actor = agent ? await actorOf(db, agent) : null;
        if (actor) {
          c.set('actor', actor);
          c.set('authVia', 'basic');
        }
      } else if (scheme?.toLowerCase() === 'bearer') {
        const agent = await agentByToken(db, value.trim());
        if (agent) {
          c.set('actor', await actorOf(db, agent));
          c.set('authVia', 'bearer');
        }
      }
      return next();
    }
    const cookie = readSignedCookie(getCookie(c, SESSION_COOKIE), cookieSecret(c));
    if (cookie) {
      const session = await findSession(db, cookie);
      const agent = session ? await findAgent(db, session.agentId) : undefined;
      if (session && agent && agent.validity === 'valid') {
        c.set('session', session);
        c.set('actor', await actorOf(db, agent));
        c.set('authVia', 'session');
      }
    }
    return next();
  };
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The CSRF token sent with an unsafe request: header X-CSRF-Token, or the form field _csrf. */
export async function sentCsrfToken(c: Parameters<MiddlewareHandler<AppEnv>>[0]): Promise<string | null> {
  const header = c.req.header('x-csrf-token');
  if (header) return header;
  const type = c.req.header('content-type') ?? '';
  if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
    const body = await c.req.parseBody();
    const v = body['_csrf'];
    return typeof v === 'string' ? v : null;
  }
  return null;
}

/**
 * Whether a browser says the request comes from another site: `Sec-Fetch-Site` (every current
 * browser sends it), else an `Origin` that is not this host. Scripts and CLIs send neither.
 */
export function isCrossSite(headers: { header(name: string): string | undefined }, url: string): boolean {
  const site = headers.header('sec-fetch-site');
  if (site) return site !== 'same-origin' && site !== 'none';
  const origin = headers.header('origin');
  if (!origin) return false;
  try {
    return new URL(origin).host !== (headers.header('host') ?? new URL(url).host);
  } catch {
    return true;
  }
}

/**
 * Cookie sessions must prove every unsafe request with the session's CSRF token. Basic and Bearer
 * carry no token, and a browser adds cached Basic credentials by itself: an unsafe request with
 * them that a browser marks as cross-site is refused.
 */
export function csrfProtection(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const session = c.get('session');
    const via = c.get('authVia');
    if (SAFE_METHODS.has(c.req.method)) return next();
    if ((via === 'basic' || via === 'bearer') && isCrossSite(c.req, c.req.url)) {
      return c.json(errorBody('forbidden', t('api.crossSite')), 403);
    }
    if (via !== 'session' || !session) return next();
    const sent = await sentCsrfToken(c);
    if (!sent || !sameToken(sent, session.csrfToken)) {
      if (c.req.path.startsWith('/api/')) {
        return c.json(errorBody('forbidden', t('api.csrf')), 403);
      }
      return c.text(t('api.formExpired'), 403);
    }
    return next();
  };
}

/** API routes: 401 without a valid agent. */
export function requireAgentApi(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.get('actor')) {
      c.header('WWW-Authenticate', 'Basic realm="Parley", charset="UTF-8"');
      return c.json(errorBody('unauthorized', t('api.unauthorized')), 401);
    }
    return next();
  };
}

/** Test hook: forget cached Basic credentials (a changed password takes effect at once). */
export function clearBasicCache(): void {
  basicCache.clear();
}
