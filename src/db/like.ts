import { sql, type RawBuilder } from 'kysely';

/** `LIKE '%term%'` with the term's own % and _ taken literally, in both databases. */
export function containing(term: string): RawBuilder<string> {
  return sql<string>`${`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`;
}
