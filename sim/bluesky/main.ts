// `npm run sim:bluesky [-- --port 4300]`: runs the Bluesky (PDS + chat) simulator until stopped.
import { parseArgs } from 'node:util';
import { createBlueskySimulator } from './server.ts';

const log = (line: string) => console.log(`${new Date().toISOString()} sim:bluesky ${line}`);
const { values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' } }, strict: true });
const port = Number(values.port ?? process.env['SIM_BLUESKY_PORT'] ?? 4300);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be a port number');
const running = await createBlueskySimulator({ log }).listen(port, values.host ?? '127.0.0.1');
log(`Bluesky simulator on ${running.url} (control API under ${running.url}/_sim/); use it as the profile's service URL`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void running.close().then(() => process.exit(0)));
