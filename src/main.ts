import { serve } from '@hono/node-server';
import { loadConfig } from './config.ts';
import { startRuntime } from './runtime.ts';
import { createApp } from './web/app.tsx';
import { createWorker } from './worker/worker.ts';

// `npm start`: the web UI, the REST API and the worker in one process.

export async function runServer(opts: { web: boolean; worker: boolean }): Promise<void> {
  const config = loadConfig();
  const runtime = await startRuntime(config);
  const { deps } = runtime;
  const worker = opts.worker ? createWorker(deps, { pollSeconds: config.pollSeconds, leaseSeconds: config.leaseSeconds, concurrency: config.workerConcurrency }) : null;
  const server = opts.web
    ? serve({ fetch: createApp(deps).fetch, port: config.port }, (info) => {
        deps.logger.info({ port: info.port, database: deps.dialect }, `Parley is running on http://localhost:${info.port}`);
      })
    : null;
  worker?.start();

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    deps.logger.info({ signal }, 'stopping');
    await worker?.stop();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runServer({ web: true, worker: true }).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
