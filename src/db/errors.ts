/** Whether a driver error is a unique-constraint violation (SQLite or PostgreSQL). */
export function isUniqueViolation(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const code = (e as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/**
 * Whether a driver error says the input could not be stored as given: PostgreSQL refuses a NUL in
 * text (22021), an integer beyond its column (22003) and text where a number belongs (22P02).
 * Input checks stop these first; this is the backstop that keeps them a 400, never a 500.
 */
export function isBadInputError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const code = (e as { code?: unknown }).code;
  return code === '22021' || code === '22003' || code === '22P02' || code === '22P05' || code === '22001';
}
