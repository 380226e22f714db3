import type { Hono } from 'hono';
import { Writable } from 'node:stream';
import { defaultChannels } from '../../src/channels/registry.ts';
import type { Config } from '../../src/config.ts';
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
    logLevel: 'info',
    secureCookies: false,
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
