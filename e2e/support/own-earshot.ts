// A server of a spec's own, for the specs that drive the simulator's test-only control API
// (faults, clock, request log): started before the spec's first test, stopped after its last.
import { test } from '@playwright/test';
import { simulatorUrlFrom, startEarshot, type RunningEarshot } from './earshot-server.ts';

export interface OwnEarshot {
  readonly earshot: RunningEarshot;
  /** The embedded simulator's own address, for its control API. */
  readonly simulatorUrl: string;
}

/**
 * Starts a server on the simulator with its control API and no answer cache (so every refresh
 * reaches the simulator), plus `env`; and the simulator's URL.
 */
export async function startEarshotWithSimulatorControl(
  env: Record<string, string> = {},
): Promise<OwnEarshot> {
  const earshot = await startEarshot({
    EARSHOT_SIM_FAULTS: '1',
    EARSHOT_CACHE_SECONDS: '0',
    ...env,
  });
  return { earshot, simulatorUrl: simulatorUrlFrom(earshot.output()) };
}

/**
 * Call at the top of a spec: the spec's own server (startEarshotWithSimulatorControl), started in
 * its beforeAll and stopped in its afterAll. Read its fields inside tests.
 */
export function ownEarshotWithSimulatorControl(env: Record<string, string> = {}): OwnEarshot {
  let started: OwnEarshot | undefined;
  test.beforeAll(async () => {
    started = await startEarshotWithSimulatorControl(env);
  });
  test.afterAll(async () => {
    await started?.earshot.stop();
  });
  const running = (): OwnEarshot => {
    if (!started) throw new Error("the spec's own Earshot is not running: read it inside a test");
    return started;
  };
  return {
    get earshot() {
      return running().earshot;
    },
    get simulatorUrl() {
      return running().simulatorUrl;
    },
  };
}
