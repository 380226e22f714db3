// Not a benchmark of record: CPU time per request of the queue view and the zoom, in process,
// sequentially, for profiling (`node --cpu-prof --import tsx bench/probe.ts <sqlite file>`).
import { existsSync } from 'node:fs';
import { defaultChannels } from '../src/channels/registry.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import { createLogger } from '../src/lib/logger.ts';
import { SecretBox } from '../src/lib/secrets.ts';
import { createApp } from '../src/web/app.tsx';
import { SECRET, seed } from './agent-ui.ts';
import { sessionCookie } from './util.ts';

const file = process.argv[2] ?? '/tmp/probe/probe.db';
const fresh = !existsSync(file);
const database = openDatabase(`sqlite:${file}`);
await migrate(database.db, database.dialect);
const secrets = new SecretBox(SECRET);
if (fresh) await seed(database.db, secrets);
const zoom = Number((await database.db.selectFrom('tickets').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m) / 2;
const agent = await database.db.selectFrom('agents').select('id').where('login', 'like', 'agent%').orderBy('id').executeTakeFirstOrThrow();
const cookie = await sessionCookie(database.db, secrets, agent.id);
const app = createApp({
  db: database.db,
  dialect: database.dialect,
  config: loadConfig({ DATABASE_URL: `sqlite:${file}`, PARLEY_SECRET_KEY: SECRET, PARLEY_X_API_URL: 'http://127.0.0.1:9', LOG_LEVEL: 'silent' }),
  secrets,
  logger: createLogger('silent'),
  channels: defaultChannels(),
});
for (const [label, path, n] of (process.env.PROBE_ZOOM === "0" ? [["queue view", "/tickets", 800]] : [["queue view", "/tickets", 400], ["zoom", `/tickets/${zoom}`, 60]]) as [string, string, number][]) {
  for (let i = 0; i < 20; i++) await (await app.request(path, { headers: { cookie } })).text();
  const before = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const res = await app.request(path, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    await res.text();
  }
  const cpu = process.cpuUsage(before);
  console.log(`${label}: ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms CPU, ${((performance.now() - t0) / n).toFixed(2)} ms wall per request`);
}
await database.close();
