// Bluesky counts graphemes: a post holds at most 300 (and 3000 bytes), a chat message 1000.
import type { EntityKind, TextCheck } from '../types.ts';
import { t } from '../../i18n/index.ts';

export const POST_MAX = 300;
export const POST_MAX_BYTES = 3000;
export const CHAT_MAX = 1000;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
export const graphemeLength = (text: string) => [...graphemes.segment(text)].length;

export function checkText(kind: EntityKind, text: string): TextCheck {
  const max = kind === 'dm' ? CHAT_MAX : POST_MAX;
  const length = graphemeLength(text);
  if (text.trim().length === 0) return { ok: false, length, max, message: t('textCheck.empty') };
  if (length > max) return { ok: false, length, max, message: kind === 'dm' ? t('textCheck.bluesky.dmTooLong', { max, length }) : t('textCheck.bluesky.postTooLong', { max, length }) };
  if (kind === 'tweet' && Buffer.byteLength(text) > POST_MAX_BYTES) return { ok: false, length, max, message: t('textCheck.bluesky.postTooManyBytes', { max: POST_MAX_BYTES }) };
  return { ok: true, length, max, message: null };
}
