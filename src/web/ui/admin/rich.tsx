import type { Child } from 'hono/jsx';

// Messages with markup inside (a link, a bold word): the catalog holds the sentence with a
// placeholder where the element goes, t() fills the placeholder with a marker, and rich() puts the
// element in the marker's place, so translators see whole sentences and no HTML.

const MARK = '\u0001';

/** The marker a placeholder is filled with: t(key, { link: mark('link') }). */
export const mark = (name: string): string => `${MARK}${name}${MARK}`;

/** The message with each marker replaced by its element (text stays text: the page escapes it). */
export function rich(message: string, parts: Record<string, Child>): Child[] {
  return message.split(MARK).map((piece, i) => (i % 2 === 1 ? (parts[piece] ?? piece) : piece));
}
