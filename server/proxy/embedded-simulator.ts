// Starts the embedded ThousandEyes simulator in-process on 127.0.0.1 and a free port, for the
// proxy to forward to exactly as it forwards to the real API when no credentials are configured.
import { startSimulatorServer } from '../simulator/index.ts';
import { simulatorOptionsFromEnv } from '../simulator/options.ts';
import type { SimulatorHandle } from './earshot-mount.ts';

export async function startEmbeddedSimulator(
  env: NodeJS.ProcessEnv = process.env,
): Promise<SimulatorHandle> {
  const simulator = await startSimulatorServer({
    ...simulatorOptionsFromEnv(env),
    host: '127.0.0.1',
    port: 0,
  });
  return { url: simulator.url, token: simulator.token, close: () => simulator.close() };
}
