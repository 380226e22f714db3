/** A ticket title from a message: the first line, whitespace folded, cut at 80 characters. */
export function titleFromText(text: string, fallback = 'Social media message'): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (!line) return fallback;
  const chars = [...line];
  return chars.length <= 80 ? line : `${chars.slice(0, 79).join('')}…`;
}
