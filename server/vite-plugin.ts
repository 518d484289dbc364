// Mounts the Earshot server's API side (/healthz, access key, /api/earshot/config, the /api proxy)
// on Vite's dev and preview servers, so `npm run dev` and `vite preview` run the very module
// `npm start` runs. Configuration comes from the server's environment and .env, never VITE_*.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import type { Connect, Logger, Plugin } from 'vite';
import { defaultStartSimulator } from './app.ts';
import { buildIdReader } from './build-info.ts';
import { loadDotEnv, readConfig } from './config.ts';
import { createEarshotMount, type EarshotMount } from './proxy/earshot-mount.ts';

export interface EarshotVitePluginOptions {
  /** The build id compiled into the bundle (what the dev server announces). */
  buildId: string;
}

export function earshotServerPlugin(options: EarshotVitePluginOptions): Plugin {
  const mounts: Promise<EarshotMount>[] = [];

  /** Starts the mount on the first request, so a server that is never asked starts nothing. */
  function middleware(
    root: string,
    buildId: () => string,
    logger: Logger,
  ): Connect.NextHandleFunction {
    let mount: Promise<EarshotMount> | undefined;
    return (req: IncomingMessage, res: ServerResponse, next: Connect.NextFunction) => {
      if (!mount) {
        loadDotEnv(root);
        mount = createEarshotMount(readConfig(process.env, root), {
          buildId,
          startSimulator: defaultStartSimulator,
        });
        mount.then(
          (ready) => {
            if (ready.simulatorUrl) logger.info(`simulator: ${ready.simulatorUrl}`);
          },
          (error: unknown) => logger.error(`earshot: the API could not start: ${String(error)}`),
        );
        mounts.push(mount);
      }
      mount.then(
        (ready) => {
          if (!ready.handle(req, res)) next();
        },
        (error: unknown) => next(error),
      );
    };
  }

  async function closeAll(): Promise<void> {
    const started = mounts.splice(0);
    await Promise.allSettled(started.map(async (mount) => (await mount).close()));
  }

  return {
    name: 'earshot-server',
    configureServer(server) {
      // Vitest runs its own Vite server in mode "test"; it has no use for the API.
      if (server.config.mode === 'test') return;
      server.middlewares.use(
        middleware(server.config.root, () => options.buildId, server.config.logger),
      );
      server.httpServer?.once('close', () => void closeAll());
    },
    configurePreviewServer(server) {
      const distDir = resolve(server.config.root, server.config.build.outDir);
      server.middlewares.use(
        middleware(server.config.root, buildIdReader(distDir), server.config.logger),
      );
      server.httpServer.once('close', () => void closeAll());
    },
  };
}
