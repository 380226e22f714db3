import type { ChannelAdapter } from '../channel.ts';
import type { ProfileRow } from '../../db/schema.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import { t } from '../../i18n/index.ts';
import { invalid } from '../errors.ts';
import { isValidity, type Validity } from '../validity.ts';

// A social media profile and its guided setup (MISSION P3–P6). The steps are the adapter's (X's
// are numbered as in the OTRS manual: 1 instructions, 2 app name, 3 consumer key and secret,
// 4 access token and secret, 5 verify credentials, 6 incoming settings).

export type Step = number;
export const MASK = '********';

export interface ProfileInput {
  name?: unknown;
  description?: unknown;
  appName?: unknown;
  consumerKey?: unknown;
  consumerSecret?: unknown;
  accessToken?: unknown;
  accessTokenSecret?: unknown;
  instanceUrl?: unknown;
  serviceUrl?: unknown;
  handle?: unknown;
  appPassword?: unknown;
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
  if (!name) throw invalid('name', t('admin.profiles.errors.nameRequired'));
  if (!/^[\p{L}\p{N}]+$/u.test(name)) throw invalid('name', t('admin.profiles.errors.nameChars'));
  if ([...name].length > 100) throw invalid('name', t('admin.profiles.errors.nameLength'));
  return name;
}

export function checkValidity(value: unknown): Validity {
  if (!isValidity(value)) throw invalid('validity', t('admin.profiles.errors.validity'));
  return value;
}

/** The first step that still lacks data, or null when the profile is complete. */
export function missingStep(adapter: ChannelAdapter, row: ProfileRow): Step | null {
  const creds = parseCredentials(row);
  const has = (field: string) => (field === 'appName' ? Boolean(row.app_name) : Boolean(creds[field]));
  const steps = adapter.setup?.steps ?? [];
  for (const [i, step] of steps.entries()) {
    if (step.kind === 'fields' && step.fields.some((f) => f.required && !has(f.name))) return i + 1;
    if (step.kind === 'verify') {
      // A credential no step asks for is still needed before anything can be verified.
      const lacking = adapter.credentialFields.find((f) => !creds[f.name]);
      if (lacking) return steps.findIndex((s) => s.fields.some((f) => f.name === lacking.name)) + 1 || i + 1;
      if (!row.verified_at || !row.account_id) return i + 1;
    }
    if (step.kind === 'incoming' && (!row.target_queue_id || (row.auto_response_enabled === 1 && !row.auto_response_text))) return i + 1;
  }
  if (steps.length === 0 && (adapter.credentialFields.some((f) => !creds[f.name]) || !row.verified_at || !row.account_id || !row.target_queue_id)) return 1;
  return null;
}

/** Only complete, verified and valid profiles are polled and offered to agents. */
export function isActive(adapter: ChannelAdapter, row: ProfileRow): boolean {
  return row.validity === 'valid' && missingStep(adapter, row) === null;
}
