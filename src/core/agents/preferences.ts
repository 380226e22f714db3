import { LANGUAGES } from '../../i18n/catalog.ts';
import { invalid } from '../errors.ts';
import { PASSWORD_MAX, PASSWORD_MIN } from './service.ts';
import { NOTIFICATION_TYPES, type NotificationType, type NotifyPrefs, type Way } from '../notifications/types.ts';
import { t } from '../../i18n/index.ts';

// An agent's own settings: checked here, pure, so the preferences page and PATCH /api/v1/me
// refuse the same things with the same words.

export { LANGUAGES };
export type Language = string;
export const SIGNATURE_MAX = 500;

/** An IANA zone name as the runtime's time zone database knows it ("Europe/Berlin", "UTC"). */
export function isTimeZone(value: string): boolean {
  if (!value || value.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export function checkLanguage(value: unknown): Language | null {
  if (value === null || value === '') return null;
  if (typeof value === 'string' && LANGUAGES.includes(value)) return value;
  throw invalid('language', t('validation.language', { list: LANGUAGES.join(', ') }));
}

export function checkTimeZone(value: unknown): string | null {
  if (value === null || value === '') return null;
  if (typeof value === 'string' && isTimeZone(value)) return value;
  throw invalid('timeZone', t('validation.timeZone'));
}

export function checkSignature(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string') throw invalid('dmSignature', t('validation.signatureText'));
  const text = value.replace(/\r\n/g, '\n').trim();
  if (text.length > SIGNATURE_MAX) throw invalid('dmSignature', t('validation.signatureMax', { max: SIGNATURE_MAX }));
  return text || null;
}

export function checkQueueIds(value: unknown): number[] | null {
  if (value === null) return null;
  if (!Array.isArray(value) || value.length > 1000 || !value.every((v) => Number.isInteger(v) && v > 0)) {
    throw invalid('myQueueIds', t('validation.myQueues'));
  }
  return [...new Set(value as number[])].sort((a, b) => a - b);
}

/** Applies a partial `{ type: { web?, email? } }` to the current preferences. */
export function mergeNotify(current: NotifyPrefs, value: unknown): NotifyPrefs {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid('notifications', t('validation.notifications'));
  const next: NotifyPrefs = { ...current };
  for (const [type, way] of Object.entries(value as Record<string, unknown>)) {
    if (!(NOTIFICATION_TYPES as readonly string[]).includes(type)) throw invalid(`notifications.${type}`, t('validation.notificationType', { type, list: NOTIFICATION_TYPES.join(', ') }));
    if (!way || typeof way !== 'object' || Array.isArray(way)) throw invalid(`notifications.${type}`, t('validation.notificationWays'));
    const w = way as Partial<Record<keyof Way, unknown>>;
    const merged: Way = { ...next[type as NotificationType] };
    for (const key of Object.keys(w) as (keyof Way)[]) {
      if (key !== 'web' && key !== 'email') throw invalid(`notifications.${type}`, t('validation.notificationWay', { way: String(key) }));
      if (typeof w[key] !== 'boolean') throw invalid(`notifications.${type}.${key}`, t('validation.boolean'));
      merged[key] = w[key] as boolean;
    }
    next[type as NotificationType] = merged;
  }
  return next;
}

export function checkNewPassword(password: unknown, current: unknown): { password: string; current: string } {
  if (typeof current !== 'string' || !current) throw invalid('currentPassword', t('validation.currentPasswordNeeded'));
  if (typeof password !== 'string' || password.length < PASSWORD_MIN) throw invalid('password', t('validation.newPasswordMin', { min: PASSWORD_MIN }));
  if (password.length > PASSWORD_MAX) throw invalid('password', t('validation.newPasswordMax', { max: PASSWORD_MAX }));
  return { password, current };
}

/** The signature goes under a DM, after an empty line. */
export function withSignature(body: string, signature: string | null): string {
  return signature ? `${body}\n\n${signature}` : body;
}
