// Rich-text facets for a post: Bluesky shows "@handle" as a mention and a URL as a link only when
// the record says so, by UTF-8 byte ranges (app.bsky.richtext.facet).
export interface Facet {
  index: { byteStart: number; byteEnd: number };
  features: ({ $type: 'app.bsky.richtext.facet#mention'; did: string } | { $type: 'app.bsky.richtext.facet#link'; uri: string })[];
}

const MENTION = /(^|\s|\()@(([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,})/gi;
const LINK = /(^|\s|\()(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'])/gi;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** The facets of `text`; `resolve` names a handle's DID, or null for a handle that does not exist (left as plain text). */
export async function facetsOf(text: string, resolve: (handle: string) => Promise<string | null>): Promise<Facet[]> {
  const facets: Facet[] = [];
  for (const m of text.matchAll(MENTION)) {
    const did = await resolve(m[2]!.toLowerCase());
    if (!did) continue;
    const start = bytes(text.slice(0, m.index + m[1]!.length));
    facets.push({ index: { byteStart: start, byteEnd: start + bytes(`@${m[2]}`) }, features: [{ $type: 'app.bsky.richtext.facet#mention', did }] });
  }
  for (const m of text.matchAll(LINK)) {
    const start = bytes(text.slice(0, m.index + m[1]!.length));
    facets.push({ index: { byteStart: start, byteEnd: start + bytes(m[2]!) }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: m[2]! }] });
  }
  return facets.sort((a, b) => a.index.byteStart - b.index.byteStart);
}
