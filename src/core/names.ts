import { invalid } from './errors.ts';

/** A required, trimmed name of at most `max` characters. */
export function requiredName(field: string, value: unknown, label: string, max = 200): string {
  const v = typeof value === 'string' ? value.trim() : '';
  if (!v) throw invalid(field, `${label} is required.`);
  if ([...v].length > max) throw invalid(field, `${label} may be at most ${max} characters long.`);
  return v;
}

export function optionalText(field: string, value: unknown, label: string, max = 2000): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw invalid(field, `${label} must be text.`);
  const v = value.trim();
  if ([...v].length > max) throw invalid(field, `${label} may be at most ${max} characters long.`);
  return v === '' ? null : v;
}
