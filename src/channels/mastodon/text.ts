// Mastodon's own count (StatusLengthValidator): graphemes, every URL as 23 characters, a remote
// mention "@user@domain" as "@user". The limit is the instance's `max_characters` (500 by default).
import type { EntityKind, TextCheck } from '../types.ts';
import { t } from '../../i18n/index.ts';

export const DEFAULT_MAX_CHARACTERS = 500;
const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;
const REMOTE_MENTION = /(^|[^\w/])@([a-z0-9_]+)@[a-z0-9.-]+[a-z0-9]/gi;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

export function statusLength(text: string): number {
  const countable = text.replace(URL_PATTERN, 'x'.repeat(23)).replace(REMOTE_MENTION, '$1@$2');
  return [...graphemes.segment(countable)].length;
}

export function checkText(_kind: EntityKind, text: string, max = DEFAULT_MAX_CHARACTERS): TextCheck {
  const length = statusLength(text);
  if (text.trim().length === 0) return { ok: false, length, max, message: t('textCheck.empty') };
  if (length > max) return { ok: false, length, max, message: t('textCheck.mastodon.tooLong', { max, length }) };
  return { ok: true, length, max, message: null };
}
