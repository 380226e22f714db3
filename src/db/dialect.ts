export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseTarget {
  dialect: Dialect;
  /** sqlite: a file path or ":memory:"; postgres: the connection string. */
  location: string;
}

/** `sqlite:./data/parley.db`, a bare file path, or `postgres://…` (also `postgresql://…`). */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', location: url };
  const location = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
  if (location === '') throw new Error('DATABASE_URL: the SQLite path is empty.');
  return { dialect: 'sqlite', location };
}
