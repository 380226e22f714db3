// A running Mastodon simulator for tests, with a JSON helper for its control API.
import { controlClient } from '../common/control.ts';
import type { RunningSimulator } from '../common/serve.ts';
import { createMastodonSimulator, type MastodonSimulator, type MastodonSimulatorOptions } from './server.ts';

export interface MastodonFixture {
  sim: MastodonSimulator;
  running: RunningSimulator;
  url: string;
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function startMastodonSim(options: MastodonSimulatorOptions = {}): Promise<MastodonFixture> {
  const sim = createMastodonSimulator(options);
  const running = await sim.listen(0);
  const control = controlClient(running.url);
  return { sim, running, url: running.url, control, close: () => running.close() };
}
