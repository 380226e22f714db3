/** Now as the ISO 8601 UTC text every table stores. */
export function nowIso(): string {
  return new Date().toISOString();
}

export function addMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

/** A wait that grows with each failed attempt (1, 2, 3 …): base, base × factor, … up to cap. */
export function growingMs(attempt: number, baseMs: number, capMs: number, factor = 2): number {
  return Math.min(baseMs * factor ** Math.max(0, attempt - 1), capMs);
}
