import type { ChannelAdapter } from './channels/types.ts';
import type { Config } from './config.ts';
import type { Dialect } from './db/dialect.ts';
import type { Db } from './db/schema.ts';
import type { Logger } from './lib/logger.ts';
import type { SecretBox } from './lib/secrets.ts';

/** What the web app and the worker are built from; main.ts and the tests assemble it. */
export interface Deps {
  db: Db;
  dialect: Dialect;
  config: Config;
  secrets: SecretBox;
  logger: Logger;
  /** Channel adapters by profile type ("twitter"). */
  channels: ReadonlyMap<string, ChannelAdapter>;
  /** Milliseconds to wait before answering a login after `failures` failed attempts. */
  loginDelayMs?: (failures: number) => number;
  /** The clock for the X meter and budgets (UTC day and month); tests move it across a month. */
  clock?: () => Date;
}

export function clockOf(deps: Pick<Deps, 'clock'>): Date {
  return deps.clock ? deps.clock() : new Date();
}
