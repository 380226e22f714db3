// A running Bluesky simulator for tests, with a JSON helper for its control API.
import { controlClient } from '../common/control.ts';
import type { RunningSimulator } from '../common/serve.ts';
import { createBlueskySimulator, type BlueskySimulator, type BlueskySimulatorOptions } from './server.ts';

export interface BlueskyFixture {
  sim: BlueskySimulator;
  running: RunningSimulator;
  url: string;
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function startBlueskySim(options: BlueskySimulatorOptions = {}): Promise<BlueskyFixture> {
  const sim = createBlueskySimulator(options);
  const running = await sim.listen(0);
  const control = controlClient(running.url);
  return { sim, running, url: running.url, control, close: () => running.close() };
}
