// `npm run simulator -- --port N [--host H]`: the simulator standalone, for curl and for anyone
// without a ThousandEyes token. Knobs come from EARSHOT_SIM_* (see README.md).
import { parseArgs } from 'node:util';
import { startSimulatorServer } from './index.ts';
import { SimulatorOptionsError, simulatorOptionsFromEnv } from './options.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4180' },
      host: { type: 'string', default: '127.0.0.1' },
    },
  });
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65_535) {
    throw new SimulatorOptionsError(`--port '${values.port}': use a whole number from 0 to 65535`);
  }
  const options = simulatorOptionsFromEnv(process.env);
  const running = await startSimulatorServer({ ...options, host: values.host, port });
  console.log(`ThousandEyes API simulator listening at ${running.url}`);
  console.log(`token: ${running.token}`);
  console.log(
    `try:   curl -i -H 'Authorization: Bearer ${running.token}' '${running.url}/v7/tests/voice'`,
  );
  if (options.faultsEnabled) console.log(`fault control enabled at ${running.url}/_simulator/`);
  const stop = () => {
    void running.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`simulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
