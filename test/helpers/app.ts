import type { Hono } from 'hono';
import { Writable } from 'node:stream';
import { defaultChannels } from '../../src/channels/registry.ts';
import type { Config } from '../../src/config.ts';
import { X_PRICES } from '../../src/core/billing/prices.ts';
import type { Dialect } from '../../src/db/dialect.ts';
import type { Db } from '../../src/db/schema.ts';
import type { Deps } from '../../src/deps.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { SecretBox } from '../../src/lib/secrets.ts';
import { createApp } from '../../src/web/app.tsx';
import type { AppEnv } from '../../src/web/context.ts';
import { ADMIN_PASSWORD } from './db.ts';

export const TEST_SECRET_KEY = 'test-secret-key-0123456789abcdef';

/** Everything logged during a test, for assertions such as "no secret in the logs". */
export class LogCapture extends Writable {
  lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.lines.push(chunk.toString('utf8'));
    cb();
  }
  get text(): string {
    return this.lines.join('');
  }
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    databaseUrl: 'sqlite::memory:',
    port: 0,
    secretKey: TEST_SECRET_KEY,
    secretKeyFile: '/nonexistent',
    adminPassword: ADMIN_PASSWORD,
    xApiUrl: 'http://127.0.0.1:9',
    pollSeconds: 60,
    leaseSeconds: 60,
    workerConcurrency: 4,
    logLevel: 'info',
    secureCookies: false,
    xPrices: X_PRICES,
    metricsToken: null,
    ...overrides,
  };
}

export function testDeps(db: Db, dialect: Dialect, overrides: Partial<Config> = {}, logs = new LogCapture()): Deps & { logs: LogCapture } {
  return {
    db,
    dialect,
    config: testConfig(overrides),
    secrets: new SecretBox(TEST_SECRET_KEY),
    logger: createLogger('debug', logs),
    channels: defaultChannels(),
    loginDelayMs: () => 0,
    logs,
  };
}

export const basic = (login: string, password: string): string => `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;
export const ROOT_AUTH = basic('root@localhost', ADMIN_PASSWORD);

/** A small JSON client over app.request (no socket). */
export function apiClient(app: Hono<AppEnv>, auth: string = ROOT_AUTH) {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await app.request(path, {
      method,
      headers: { authorization: auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, body: json, headers: res.headers };
  };
  return {
    get: (p: string) => call('GET', p),
    post: (p: string, b?: unknown, h?: Record<string, string>) => call('POST', p, b, h),
    patch: (p: string, b?: unknown, h?: Record<string, string>) => call('PATCH', p, b, h),
    delete: (p: string) => call('DELETE', p),
    call,
    /** The Response itself (binary downloads), or a request with a body of its own (multipart). */
    raw: (p: string, init: RequestInit = {}) => app.request(p, { ...init, headers: { authorization: auth, ...(init.headers as Record<string, string> | undefined) } }),
  };
}

export function makeApp(deps: Deps): Hono<AppEnv> {
  return createApp(deps);
}

/**
 * Logs in through the login form, as a browser does, and answers the headers that carry the
 * session: the cookie and the session's CSRF token. Pages take no Basic or Bearer credentials.
 */
export async function sessionHeaders(app: Hono<AppEnv>, login: string, password: string): Promise<Record<string, string>> {
  const form = await app.request('/login');
  const loginCookie = /parley_login_csrf=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')?.[1];
  const token = /name="_login_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!loginCookie || !token) throw new Error('the login page has no CSRF token');
  const res = await app.request('/login', {
    method: 'POST',
    headers: { cookie: `parley_login_csrf=${loginCookie}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _login_csrf: token, login, password, next: '/dashboard' }).toString(),
  });
  const session = /parley_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (res.status !== 303 || !session) throw new Error(`login as ${login} failed: ${res.status}`);
  const cookie = `parley_session=${session}`;
  const page = await (await app.request('/dashboard', { headers: { cookie } })).text();
  const csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(page)?.[1];
  if (!csrf) throw new Error('the dashboard has no CSRF token');
  return { cookie, 'x-csrf-token': csrf };
}

/** The session headers for the login and password in a Basic authorization value. */
export function sessionHeadersFor(app: Hono<AppEnv>, basicAuth: string): Promise<Record<string, string>> {
  const decoded = Buffer.from(basicAuth.replace(/^Basic /, ''), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return sessionHeaders(app, decoded.slice(0, colon), decoded.slice(colon + 1));
}
