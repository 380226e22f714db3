// `npm run sim:x [-- --port 4100] [--seed accounts.json]`: runs the X API simulator until stopped.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createXSimulator } from './server.ts';

const DEFAULT_PORT = 4100;

function log(line: string): void {
  console.log(`${new Date().toISOString()} sim:x ${line}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, seed: { type: 'string' }, host: { type: 'string' } },
    strict: true,
  });
  const rawPort = values.port ?? process.env['SIM_X_PORT'] ?? String(DEFAULT_PORT);
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port / SIM_X_PORT must be a port number, not "${rawPort}"`);

  const rawWindow = process.env['SIM_X_RATE_WINDOW_SECONDS'];
  const windowSeconds = rawWindow === undefined ? undefined : Number(rawWindow);
  if (windowSeconds !== undefined && !(windowSeconds > 0)) throw new Error(`SIM_X_RATE_WINDOW_SECONDS must be a positive number, not "${rawWindow}"`);
  const simulator = createXSimulator({ log, ...(windowSeconds ? { rateWindowMs: windowSeconds * 1000 } : {}) });
  if (values.seed) {
    log(`seeding from ${values.seed}`);
    simulator.seed(JSON.parse(readFileSync(values.seed, 'utf8')));
  }
  const running = await simulator.listen(port, values.host ?? '127.0.0.1');
  log(`X API simulator listening on ${running.url} (control API under ${running.url}/_sim/)`);
  log(`point Parley at it with PARLEY_X_API_URL=${running.url}`);

  const stop = (signal: string) => {
    log(`${signal}: stopping`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`sim:x: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
