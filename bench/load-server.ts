// The server half of bench/load.ts: Parley's web app on an existing SQLite file, in its own process
// so that its resident memory is measured alone. Prints the port once listening.
import { serve } from '@hono/node-server';
import { defaultChannels } from '../src/channels/registry.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connect.ts';
import { createLogger } from '../src/lib/logger.ts';
import { SecretBox } from '../src/lib/secrets.ts';
import { createApp } from '../src/web/app.tsx';
import { SECRET } from './agent-ui.ts';

const file = process.argv[2]!;
const database = openDatabase(`sqlite:${file}`);
const app = createApp({
  db: database.db,
  dialect: database.dialect,
  config: loadConfig({ DATABASE_URL: `sqlite:${file}`, PARLEY_SECRET_KEY: SECRET, PARLEY_X_API_URL: 'http://127.0.0.1:9', LOG_LEVEL: 'silent' }),
  secrets: new SecretBox(SECRET),
  logger: createLogger('silent'),
  channels: defaultChannels(),
});
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => process.stdout.write(`PORT ${info.port}\n`));
