// The /api proxy behind its own HTTP server on 127.0.0.1, for tests that ask it over the network.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiProxy, type ApiProxy, type ApiProxyOptions } from '../api-proxy.ts';

export interface ServedProxy {
  /** `http://127.0.0.1:<port>` */
  url: string;
  proxy: ApiProxy;
  /** Drops every connection and stops listening. */
  close: () => Promise<void>;
}

export async function serveProxy(options: ApiProxyOptions): Promise<ServedProxy> {
  const proxy = createApiProxy(options);
  const server: Server = createServer((req, res) => void proxy.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    proxy,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
