// What a German page must not show: words only the English catalog uses (apart from names such as
// Ticket, Queue, X). Shared by the German checks of every GET page and of the forms' error states.
import { flatten, readCatalogs } from '../../src/i18n/catalog.ts';

const catalogs = readCatalogs();
const words = (text: string): string[] => text.replace(/\{[^{}]*\}/g, ' ').match(/[A-Za-zÄÖÜäöüß][A-Za-zÄÖÜäöüß'-]+/g) ?? [];

/** Names and loan words German shares with English; they may appear on a German page. */
const SHARED = new Set(
  'Parley Ticket Tickets Queue Queues X Twitter Mastodon Bluesky ACL ACLs API OTRS Znuny DM DMs Tweet Tweets Post Posts Token Tokens Admin Login Dashboard Name Status Start Filter Link Links Details Bulk Web Handle Follower Follow-up Follow-ups Template Templates Text Titel Info Lock Owner E-Mail PNG JPEG GIF MP4 YAML JSON OAuth UTC ID IDs URL App Apps Account Accounts Profil Profile Bot Email Online Offline Upload Reset Version Cursor Bearer Basic Cookie Cookies CSRF HTTP HTTPS Avatar Chat Chats Enter'.split(' ').map((w) => w.toLowerCase()),
);
const deWords = new Set(Object.values(flatten(catalogs.de!)).flatMap(words).map((w) => w.toLowerCase()));
/** Words of the English catalog that German never uses: on a German page they are English left over. */
const ENGLISH_ONLY = new Set(
  Object.values(flatten(catalogs.en!))
    .flatMap(words)
    .map((w) => w.toLowerCase())
    .filter((w) => w.length > 2 && !deWords.has(w) && !SHARED.has(w)),
);
// Common English words that may be hard-coded without being in any catalog.
for (const w of 'the and with your you this that are not has have been which will can here there when yet save cancel edit back next previous search none please select choose show hide open close closed new'.split(' ')) if (!deWords.has(w)) ENGLISH_ONLY.add(w);

/** What a person reads on a page: text and the attributes shown as tooltips, labels or hints. */
export function readable(html: string): string {
  // Content marked translate="no" (HTML's own marker: time-zone names, handles) is data, not text.
  html = html.replace(/<(select|span|code|option|datalist)\b[^>]*\btranslate="no"[^>]*>[\s\S]*?<\/\1>/g, ' ');
  const attrs = [...html.matchAll(/\s(?:title|aria-label|placeholder|alt|data-confirm)="([^"]*)"/g)].map((m) => m[1]).join(' ');
  const text = html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z#0-9]+;/gi, ' ');
  // Media types (image/png) are data, also inside a sentence ("… is not really image/png.").
  return `${text} ${attrs}`.replace(/\b(?:image|video|audio|application|text)\/[\w.+-]+/g, ' ');
}

/** The fixture's own data (ticket titles, names, notes) is not interface text. */
const DATA = new Set(['nobody', 'matrix', 'first', 'note', 'customer', 'nogroups', 'reader', 'writer', 'root', 'localhost', 'example', 'com', 'matrixhelp', 'matrixprofile', 'raw', 'junk', 'misc', 'postmaster', 'users', 'admin', 'stats', 'app', 'ticket']);

export function englishLeft(html: string): string[] {
  return [...new Set(words(readable(html)).map((w) => w.toLowerCase()).filter((w) => ENGLISH_ONLY.has(w) && !DATA.has(w)))].sort();
}
