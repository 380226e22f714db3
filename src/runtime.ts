import { setDefaultLanguage } from './i18n/index.ts';
import type { Config } from './config.ts';
import { defaultChannels } from './channels/registry.ts';
import { openDatabase, type Database } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import { connectionLossReporter } from './db/retry.ts';
import { seedDefaults, ROOT_LOGIN } from './db/seed.ts';
import type { Deps } from './deps.ts';
import { createLogger, type Logger } from './lib/logger.ts';
import { loadSecretKey, SecretBox } from './lib/secrets.ts';

export interface Runtime {
  deps: Deps;
  database: Database;
  close(): Promise<void>;
}

/**
 * Opens the database, applies migrations, creates the default data on first start and prints the
 * generated admin password once. Every entry point (server, web, worker, CLI) starts here.
 */
export async function startRuntime(config: Config, opts: { logger?: Logger; quiet?: boolean } = {}): Promise<Runtime> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  setDefaultLanguage(config.defaultLanguage ?? 'en');
  const database = openDatabase(config.databaseUrl, { onIdleError: connectionLossReporter(logger) });
  try {
    await migrate(database.db, database.dialect);
    const seeded = await seedDefaults(database.db, config.adminPassword);
    if (seeded.generatedPassword) {
      // Printed once, to the terminal only: it is never stored in clear or logged.
      process.stdout.write(
        `\n  Parley created the admin agent ${ROOT_LOGIN}.\n  Its password (shown only this once): ${seeded.generatedPassword}\n  Set PARLEY_ADMIN_PASSWORD before the first start to choose it yourself.\n\n`,
      );
    } else if (seeded.created && !opts.quiet) {
      logger.info({ login: ROOT_LOGIN }, 'created the admin agent with PARLEY_ADMIN_PASSWORD');
    }
  } catch (err) {
    await database.close();
    throw err;
  }
  const secrets = new SecretBox(loadSecretKey(config.secretKey, config.secretKeyFile));
  const deps: Deps = { db: database.db, dialect: database.dialect, config, secrets, logger, channels: defaultChannels() };
  return { deps, database, close: () => database.close() };
}
