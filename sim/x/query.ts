// Reading and checking query parameters the way X does: unknown names, out-of-range numbers and
// unknown field names are refused with 400 Invalid Request, so a client mistake shows up here
// rather than in production.
import { compareIds } from './ids.ts';
import { invalid } from './errors.ts';

export type Query = URLSearchParams;

export function checkKnownParams(query: Query, allowed: readonly string[]): void {
  for (const name of new Set(query.keys())) {
    if (!allowed.includes(name)) {
      throw invalid(name, query.get(name) ?? '', `The query parameter [${name}] is not one of [${allowed.join(',')}]`);
    }
  }
}

export function maxResults(query: Query, min: number, max: number, fallback: number): number {
  const raw = query.get('max_results');
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw invalid('max_results', raw, `The \`max_results\` query parameter value [${raw}] is not between ${min} and ${max}`);
  }
  return value;
}

export function idParam(query: Query, name: string): string | null {
  const raw = query.get(name);
  if (raw === null) return null;
  if (!/^[0-9]{1,19}$/.test(raw)) throw invalid(name, raw, `The \`${name}\` query parameter value [${raw}] does not match ^[0-9]{1,19}$`);
  return raw;
}

export function timeParam(query: Query, name: string): number | null {
  const raw = query.get(name);
  if (raw === null) return null;
  const ms = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(raw) || Number.isNaN(ms)) {
    throw invalid(name, raw, `The \`${name}\` query parameter value [${raw}] is not a valid RFC 3339 date-time`);
  }
  return ms;
}

/** A comma-separated list whose every item must be one of `allowed`. */
export function listParam(query: Query, name: string, allowed: readonly string[]): Set<string> {
  const raw = query.get(name);
  if (raw === null) return new Set();
  const items = raw.split(',');
  for (const item of items) {
    if (!allowed.includes(item)) {
      throw invalid(name, item, `The \`${name}\` query parameter value [${item}] is not one of [${allowed.join(',')}]`);
    }
  }
  return new Set(items);
}

// Tokens are opaque to clients; inside they hold the id the next page starts below.
export function encodePageToken(belowId: string): string {
  return 'p' + BigInt(belowId).toString(36);
}

function decodePageToken(token: string): string | null {
  if (!/^p[0-9a-z]{1,13}$/.test(token)) return null;
  let value = 0n;
  for (const c of token.slice(1)) value = value * 36n + BigInt(parseInt(c, 36));
  return value.toString();
}

export function pageTokenParam(query: Query): string | null {
  const raw = query.get('pagination_token');
  if (raw === null) return null;
  const below = decodePageToken(raw);
  if (below === null) throw invalid('pagination_token', raw, `The \`pagination_token\` query parameter value [${raw}] is not valid`);
  return below;
}

export interface PageWindow {
  sinceId?: string | null;
  untilId?: string | null;
  startMs?: number | null;
  endMs?: number | null;
  /** From the pagination token: only items below this id. */
  belowId?: string | null;
  max: number;
}

/** One page of a newest-first list, and the token for the next one when more remain. */
export function pageOf<T extends { id: string; createdAt: string }>(newestFirst: readonly T[], w: PageWindow): { page: T[]; nextToken: string | null } {
  const matching = newestFirst.filter((item) => {
    if (w.sinceId && compareIds(item.id, w.sinceId) <= 0) return false;
    if (w.untilId && compareIds(item.id, w.untilId) >= 0) return false;
    if (w.belowId && compareIds(item.id, w.belowId) >= 0) return false;
    const created = Date.parse(item.createdAt);
    if (w.startMs != null && created < w.startMs) return false;
    if (w.endMs != null && created > w.endMs) return false;
    return true;
  });
  const page = matching.slice(0, w.max);
  const last = page.at(-1);
  return { page, nextToken: matching.length > page.length && last ? encodePageToken(last.id) : null };
}
