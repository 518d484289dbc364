// The production server (server/app.ts, as `npm start` runs it, its start-up warm-up included) on
// a build in BENCH_DIST_DIR, so the benchmark never touches dist/. Prints `simulator <url>`
// (simulated mode) and `listening <url>`.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEarshotServer } from '../../server/app.ts';
import { readConfig } from '../../server/config.ts';
import { warmUpClosedIntervals } from '../../server/proxy/closed-interval-warm-up.ts';

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const config = readConfig({ ...process.env, HOST: '127.0.0.1', PORT: '0' }, rootDir);
const distDir = process.env.BENCH_DIST_DIR;
const { server, url, app } = await startEarshotServer(
  { ...config, ...(distDir ? { distDir } : {}) },
  { log: () => {}, warmUp: () => warmUpClosedIntervals(config) },
);
// The simulator line first: startApp reads it once it sees `listening`.
if (app.simulatorUrl) console.log(`simulator ${app.simulatorUrl}`);
console.log(`listening ${url}`);
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => void app.close().then(() => process.exit(0)));
});
