import { t } from '../i18n/index.ts';
import { invalid } from './errors.ts';

// `label` is what the person sees for the field, already translated (t('validation.label.comment')).

/** A required, trimmed name of at most `max` characters. */
export function requiredName(field: string, value: unknown, label: string, max = 200): string {
  const v = typeof value === 'string' ? value.trim() : '';
  if (!v) throw invalid(field, t('validation.required', { label }));
  if ([...v].length > max) throw invalid(field, t('validation.maxLength', { label, max }));
  return v;
}

export function optionalText(field: string, value: unknown, label: string, max = 2000): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw invalid(field, t('validation.text', { label }));
  const v = value.trim();
  if ([...v].length > max) throw invalid(field, t('validation.maxLength', { label, max }));
  return v === '' ? null : v;
}
