// `npm start` lands here (after the production build): read the configuration, listen, say where.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadDotEnv, readConfig } from './config.ts';
import { startEarshotServer } from './app.ts';
import { warmUpClosedIntervals } from './proxy/closed-interval-warm-up.ts';

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  loadDotEnv(rootDir);
  const config = readConfig(process.env, rootDir);
  const { server, url, app } = await startEarshotServer(config, {
    warmUp: async () => {
      const warmed = await warmUpClosedIntervals(config);
      console.log(
        `earshot: warmed up on ${warmed.intervals} made-up closed intervals in ${warmed.ms} ms`,
      );
    },
  });
  const mode = config.credentials
    ? `live, ThousandEyes API ${config.apiVersion}`
    : 'simulated data (no TE_TOKEN set)';
  // The simulator line comes first: tests read it once they see the serving line.
  if (app.simulatorUrl) console.log(`simulator: ${app.simulatorUrl}`);
  console.log(`Earshot is serving at ${url} (${mode})`);

  const stop = (signal: string) => {
    console.log(`earshot: ${signal} received, closing`);
    // Stop taking connections, let answers in flight finish, then stop the simulator.
    server.close(() => {
      void app.close().then(() => process.exit(0));
    });
    server.closeIdleConnections();
    setTimeout(() => {
      console.error('earshot: requests still open after 5 s; exiting anyway');
      process.exit(0);
    }, 5000).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`earshot: configuration problem: ${error.message}`);
  } else if (error && typeof error === 'object' && 'code' in error && error.code === 'EADDRINUSE') {
    console.error(
      'earshot: that HOST:PORT is taken; set PORT to a free port, e.g. PORT=4174 npm start',
    );
  } else {
    console.error('earshot: could not start', error);
  }
  process.exit(1);
});
