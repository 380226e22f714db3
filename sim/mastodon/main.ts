// `npm run sim:mastodon [-- --port 4200]`: runs the Mastodon simulator until stopped.
import { parseArgs } from 'node:util';
import { createMastodonSimulator } from './server.ts';

const log = (line: string) => console.log(`${new Date().toISOString()} sim:mastodon ${line}`);
const { values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' }, 'max-characters': { type: 'string' } }, strict: true });
const port = Number(values.port ?? process.env['SIM_MASTODON_PORT'] ?? 4200);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be a port number');
const sim = createMastodonSimulator({ log, ...(values['max-characters'] ? { maxCharacters: Number(values['max-characters']) } : {}) });
const running = await sim.listen(port, values.host ?? '127.0.0.1');
log(`Mastodon simulator on ${running.url} (control API under ${running.url}/_sim/); use it as the profile's instance URL`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void running.close().then(() => process.exit(0)));
