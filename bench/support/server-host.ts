// A child process for the proxy figures, so the load generator, the proxy and the fake upstream
// do not share one event loop: `upstream` serves a fixed JSON body (after DELAY_MS),
// `proxy` forwards /api/* to UPSTREAM_URL with the cache off. Prints `listening <url>`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiProxy } from '../../server/proxy/api-proxy.ts';
import { json } from '../../server/proxy/testing/fake-upstream.ts';

const role = process.argv[2];
let delayMs = 0;
let upstreamCalls = 0;

const results = Array.from({ length: 360 }, (_, i) => ({
  testId: '7001',
  agent: { agentId: String(1000 + (i % 30) * 13), agentName: `Agent ${i % 30}` },
  roundId: 1_767_000_000 + Math.floor(i / 30) * 300,
  mos: 4.2,
  loss: 0.1,
  latency: 40,
  pdv: 2,
  discards: 0,
}));

const server =
  role === 'upstream'
    ? createServer((req, res) => {
        // Control: /_delay/<ms> sets the delay; /_calls answers and resets the call count.
        const control = /^\/_delay\/(\d+)$/.exec(req.url ?? '');
        if (control) {
          delayMs = Number(control[1]);
          return json(res, 200, { delayMs });
        }
        if (req.url === '/_calls') {
          json(res, 200, { calls: upstreamCalls });
          upstreamCalls = 0;
          return;
        }
        upstreamCalls += 1;
        const answer = () =>
          json(res, 200, { results }, { 'X-Organization-Rate-Limit-Remaining': '100000' });
        if (delayMs > 0) setTimeout(answer, delayMs);
        else answer();
      })
    : (() => {
        const proxy = createApiProxy({
          apiVersion: 'v7',
          upstreamBase: process.env.UPSTREAM_URL ?? '',
          credentials: { kind: 'bearer', token: 'bench-token' },
          cacheTtlMs: 0,
          log: () => {},
        });
        return createServer((req, res) => void proxy.handle(req, res));
      })();

server.listen(0, '127.0.0.1', () => {
  console.log(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => process.exit(0));
