// Whether X will take a text, counted as X counts it: posts by twitter-text's weighted length
// (most CJK and emoji count 2, every URL 23), direct messages by characters (code points).
import twitterText from 'twitter-text';
import type { EntityKind, TextCheck } from '../types.ts';
import { t } from '../../i18n/index.ts';

export const MAX_TWEET_LENGTH = 280;
export const MAX_DM_LENGTH = 10_000;

export function checkText(kind: EntityKind, text: string): TextCheck {
  if (kind === 'tweet') {
    const parsed = twitterText.parseTweet(text);
    const length = parsed.weightedLength;
    const base = { length, max: MAX_TWEET_LENGTH };
    if (text.trim().length === 0) return { ...base, ok: false, message: t('textCheck.x.postEmpty') };
    if (length > MAX_TWEET_LENGTH) return { ...base, ok: false, message: t('textCheck.x.postTooLong', { length, max: MAX_TWEET_LENGTH }) };
    if (!parsed.valid) return { ...base, ok: false, message: t('textCheck.x.postInvalid') };
    return { ...base, ok: true, message: null };
  }
  const length = [...text].length;
  const base = { length, max: MAX_DM_LENGTH };
  if (text.trim().length === 0) return { ...base, ok: false, message: t('textCheck.x.dmEmpty') };
  if (length > MAX_DM_LENGTH) return { ...base, ok: false, message: t('textCheck.x.dmTooLong', { length, max: MAX_DM_LENGTH }) };
  return { ...base, ok: true, message: null };
}
