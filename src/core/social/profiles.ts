import type { ChannelAdapter } from '../channel.ts';
import type { ProfileRow } from '../../db/schema.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import { invalid } from '../errors.ts';
import { isValidity, type Validity } from '../validity.ts';

// A social media profile and its guided setup (MISSION P3–P6). The steps are numbered as in the
// OTRS manual: 1 instructions, 2 app name, 3 consumer key and secret, 4 access token and secret,
// 5 verify credentials, 6 incoming settings.

export const STEPS = [1, 2, 3, 4, 5, 6] as const;
export type Step = (typeof STEPS)[number];
export const MASK = '********';

export interface ProfileInput {
  name?: unknown;
  description?: unknown;
  appName?: unknown;
  consumerKey?: unknown;
  consumerSecret?: unknown;
  accessToken?: unknown;
  accessTokenSecret?: unknown;
  targetQueueId?: unknown;
  autoResponseEnabled?: unknown;
  autoResponseText?: unknown;
  validity?: unknown;
}

export type Credentials = Record<string, string>;

export function parseCredentials(row: Pick<ProfileRow, 'credentials'>): Credentials {
  const parsed: unknown = JSON.parse(row.credentials || '{}');
  return typeof parsed === 'object' && parsed !== null ? (parsed as Credentials) : {};
}

/** Decrypted credentials for the adapter. Never log or present the result. */
export function openCredentials(adapter: ChannelAdapter, row: Pick<ProfileRow, 'credentials'>, secrets: SecretBox): Credentials {
  const stored = parseCredentials(row);
  const out: Credentials = {};
  for (const f of adapter.credentialFields) {
    const v = stored[f.name];
    if (v) out[f.name] = f.secret ? secrets.decrypt(v) : v;
  }
  return out;
}

/** Credentials as the API and the pages show them: secret fields masked, never decrypted. */
export function maskedCredentials(adapter: ChannelAdapter, row: Pick<ProfileRow, 'credentials'>): Record<string, string | null> {
  const stored = parseCredentials(row);
  return Object.fromEntries(adapter.credentialFields.map((f) => [f.name, stored[f.name] ? (f.secret ? MASK : stored[f.name]!) : null]));
}

/** A secret field left blank, or sent back masked, keeps the stored value. */
export function keepsStored(value: unknown): boolean {
  return value === undefined || value === null || value === '' || value === MASK;
}

export function checkName(value: unknown): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (!name) throw invalid('name', 'Name is required.');
  if (!/^[\p{L}\p{N}]+$/u.test(name)) throw invalid('name', 'Name may contain only letters and digits.');
  if ([...name].length > 100) throw invalid('name', 'Name may be at most 100 characters long.');
  return name;
}

export function checkValidity(value: unknown): Validity {
  if (!isValidity(value)) throw invalid('validity', 'Validity must be valid, invalid or invalid-temporarily.');
  return value;
}

/** The first step that still lacks data, or null when the profile is complete. */
export function missingStep(adapter: ChannelAdapter, row: ProfileRow): Step | null {
  const creds = parseCredentials(row);
  if (!row.app_name) return 2;
  if (!creds['consumerKey'] || !creds['consumerSecret']) return 3;
  if (!creds['accessToken'] || !creds['accessTokenSecret']) return 4;
  if (adapter.credentialFields.some((f) => !creds[f.name])) return 3;
  if (!row.verified_at || !row.account_id) return 5;
  if (!row.target_queue_id || (row.auto_response_enabled === 1 && !row.auto_response_text)) return 6;
  return null;
}

/** Only complete, verified and valid profiles are polled and offered to agents. */
export function isActive(adapter: ChannelAdapter, row: ProfileRow): boolean {
  return row.validity === 'valid' && missingStep(adapter, row) === null;
}
