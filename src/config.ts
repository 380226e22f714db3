import { LANGUAGES } from './i18n/catalog.ts';
import { z } from 'zod';
import { parsePriceTable, type PriceTable } from './core/billing/prices.ts';
import { parseRequiredLock, type RequiredLockAction } from './core/tickets/ownership.ts';

// Environment → typed configuration, checked once at start. Every process (web, worker, CLI)
// reads the same variables, so one deployment is configured in one place.

export interface Config {
  databaseUrl: string;
  port: number;
  secretKey: string | null;
  secretKeyFile: string;
  adminPassword: string | null;
  xApiUrl: string;
  pollSeconds: number;
  /** How long a worker's claim on a job (a profile's poll, an outbox message) lasts without renewal. */
  leaseSeconds: number;
  /** How many profiles one worker process polls at the same time. */
  workerConcurrency: number;
  logLevel: string;
  /** Serve cookies with the Secure flag (set when Parley sits behind HTTPS). */
  secureCookies: boolean;
  /** What X charges, for the meter and the reply box (PARLEY_X_PRICES overrides X's prices). */
  xPrices: PriceTable;
  /** Bearer token that opens GET /metrics beyond localhost; null: localhost only. */
  metricsToken: string | null;
  /** Actions that take an unlocked ticket (OTRS RequiredLock); `PARLEY_REQUIRED_LOCK`. Unset: all. */
  requiredLock?: ReadonlySet<RequiredLockAction>;
  /** E-mail notifications go out through this SMTP server when set. */
  smtpUrl?: string | null;
  /** The sender of notification e-mails. */
  mailFrom?: string;
  /** The address agents reach Parley at, for links in e-mails. */
  publicUrl?: string;
  /** Store attachment content in this directory instead of the database (PARLEY_ATTACHMENTS_DIR). */
  attachmentsDir?: string | null;
  /** The largest file Parley downloads from a network or accepts from an agent, in bytes. */
  mediaMaxBytes?: number;
  /** The language when neither the agent's preference nor the browser decides (PARLEY_DEFAULT_LANGUAGE). */
  defaultLanguage?: string;
}

const portSchema = z.coerce.number().int().min(0).max(65535);

const envSchema = z.object({
  DATABASE_URL: z.string().min(1).default('sqlite:./data/parley.db'),
  PORT: portSchema.default(3000),
  PARLEY_SECRET_KEY: z.string().min(1).optional(),
  PARLEY_SECRET_KEY_FILE: z.string().min(1).optional(),
  PARLEY_ADMIN_PASSWORD: z.string().min(1).optional(),
  PARLEY_X_API_URL: z.url({ protocol: /^https?$/ }).default('https://api.x.com'),
  PARLEY_POLL_SECONDS: z.coerce.number().positive().default(60),
  PARLEY_LEASE_SECONDS: z.coerce.number().positive().default(60),
  PARLEY_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PARLEY_SECURE_COOKIES: z.enum(['true', 'false', '1', '0']).optional(),
  PARLEY_X_PRICES: z.string().optional(),
  PARLEY_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  PARLEY_REQUIRED_LOCK: z.string().optional(),
  PARLEY_SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  PARLEY_MAIL_FROM: z.string().min(3).default('Parley <parley@localhost>'),
  PARLEY_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  PARLEY_ATTACHMENTS_DIR: z.string().min(1).optional(),
  PARLEY_MEDIA_MAX_BYTES: z.coerce.number().int().positive().optional(),
  PARLEY_DEFAULT_LANGUAGE: z.enum(LANGUAGES as [string, ...string[]]).default('en'),
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  let xPrices: PriceTable;
  try {
    xPrices = parsePriceTable(e.PARLEY_X_PRICES);
  } catch (error) {
    throw new ConfigError(`Invalid configuration:\n  ${(error as Error).message}`);
  }
  let requiredLock: ReadonlySet<RequiredLockAction>;
  try {
    requiredLock = parseRequiredLock(e.PARLEY_REQUIRED_LOCK);
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  ${(err as Error).message}`);
  }
  const dataDir = sqliteDataDir(e.DATABASE_URL);
  return {
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    secretKey: e.PARLEY_SECRET_KEY ?? null,
    secretKeyFile: e.PARLEY_SECRET_KEY_FILE ?? `${dataDir}/secret.key`,
    adminPassword: e.PARLEY_ADMIN_PASSWORD ?? null,
    xApiUrl: e.PARLEY_X_API_URL.replace(/\/+$/, ''),
    pollSeconds: e.PARLEY_POLL_SECONDS,
    leaseSeconds: e.PARLEY_LEASE_SECONDS,
    workerConcurrency: e.PARLEY_WORKER_CONCURRENCY,
    logLevel: e.LOG_LEVEL,
    secureCookies: e.PARLEY_SECURE_COOKIES === 'true' || e.PARLEY_SECURE_COOKIES === '1',
    xPrices,
    metricsToken: e.PARLEY_METRICS_TOKEN ?? null,
    requiredLock,
    smtpUrl: e.PARLEY_SMTP_URL ?? null,
    mailFrom: e.PARLEY_MAIL_FROM,
    publicUrl: (e.PARLEY_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    attachmentsDir: e.PARLEY_ATTACHMENTS_DIR ?? null,
    ...(e.PARLEY_MEDIA_MAX_BYTES ? { mediaMaxBytes: e.PARLEY_MEDIA_MAX_BYTES } : {}),
    defaultLanguage: e.PARLEY_DEFAULT_LANGUAGE,
  };
}

/** The folder that holds the SQLite file (and the generated key file); ./data for PostgreSQL. */
function sqliteDataDir(url: string): string {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return './data';
  const path = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
  if (path === ':memory:') return './data';
  const slash = path.lastIndexOf('/');
  return slash > 0 ? path.slice(0, slash) : '.';
}
