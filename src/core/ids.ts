// Ids are PostgreSQL `integer`s (SQLite's are wider, but both databases must answer the same): a
// positive decimal number up to 2³¹−1. "0x1", "1e0", "1.0", " 1" and "+1" are not ids.

export const MAX_ID = 2_147_483_647;

const DECIMAL = /^(0|[1-9][0-9]{0,9})$/;

/** A non-negative integer written in decimal digits only, up to MAX_ID; otherwise null. */
export function parseCount(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !DECIMAL.test(text)) return null;
  const n = Number(text);
  return n <= MAX_ID ? n : null;
}

/** An id (1 … MAX_ID) from a path, query or form value; otherwise null. */
export function parseId(value: unknown): number | null {
  const n = parseCount(value);
  return n !== null && n > 0 ? n : null;
}

export function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= MAX_ID;
}
