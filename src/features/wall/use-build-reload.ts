// A wall runs for weeks: when the server announces a build other than the one this page was
// built from, reload at a quiet moment (no refresh in flight), so the screen picks up the new
// version without anyone walking to it. The config is asked again every few minutes.
// A reload that did not bring the announced build (a server announcing an id its files do not
// carry, or a deploy half done) must not loop: the id reloaded for is remembered for this tab,
// and the wall never reloads twice for the same id; it waits for the next one.
import { useIsFetching, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { earshotConfigQueryOptions } from '../../api/earshot-config.ts';
import { clearTimer, setTimer } from '../../lib/clock.ts';

export const CONFIG_POLL_MS = 5 * 60_000;
export const QUIET_CHECK_MS = 5_000;
/** sessionStorage key: the server build id this tab last reloaded for. */
export const RELOADED_FOR_KEY = 'earshot:reloaded-for-build';

export function bundleBuildId(): string | undefined {
  return typeof __EARSHOT_BUILD_ID__ === 'string' ? __EARSHOT_BUILD_ID__ : undefined;
}

export function wallConfigQueryOptions() {
  return {
    ...earshotConfigQueryOptions(),
    refetchInterval: CONFIG_POLL_MS,
    refetchIntervalInBackground: true,
  };
}

function reloadPage(): void {
  window.location.reload();
}

type ReloadMemory = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function tabStorage(): ReloadMemory | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined; // storage refused (privacy settings): reload without the memory
  }
}

export interface BuildReloadSeams {
  reload?: () => void;
  /** Where the id reloaded for is remembered (this tab's sessionStorage by default). */
  storage?: ReloadMemory | undefined;
  /** The build id compiled into this bundle. */
  ownBuildId?: string | undefined;
}

export function useBuildReload(seams: BuildReloadSeams = {}): {
  /** True when a new build is deployed and this page will reload itself. */
  reloadPending: boolean;
  /** True when the server announces a build this tab already reloaded for, in vain. */
  reloadHeldBack: boolean;
  serverBuildId: string | undefined;
} {
  const { reload = reloadPage, storage = tabStorage(), ownBuildId = bundleBuildId() } = seams;
  const config = useQuery(wallConfigQueryOptions());
  const serverBuildId = config.data?.buildId;
  const differs =
    serverBuildId !== undefined && ownBuildId !== undefined && serverBuildId !== ownBuildId;
  const reloadHeldBack = differs && readMemory(storage) === serverBuildId;
  const reloadPending = differs && !reloadHeldBack;
  const fetching = useIsFetching();
  useEffect(() => {
    if (serverBuildId !== undefined && serverBuildId === ownBuildId) forget(storage);
  }, [serverBuildId, ownBuildId, storage]);
  useEffect(() => {
    if (!reloadPending || serverBuildId === undefined) return;
    if (fetching > 0) return; // wait until no refresh is in flight
    const timer = setTimer(() => {
      remember(storage, serverBuildId);
      reload();
    }, QUIET_CHECK_MS);
    return () => clearTimer(timer);
  }, [reloadPending, serverBuildId, fetching, reload, storage]);
  return { reloadPending, reloadHeldBack, serverBuildId };
}

function readMemory(storage: ReloadMemory | undefined): string | null {
  try {
    return storage?.getItem(RELOADED_FOR_KEY) ?? null;
  } catch {
    return null;
  }
}

function remember(storage: ReloadMemory | undefined, buildId: string): void {
  try {
    storage?.setItem(RELOADED_FOR_KEY, buildId);
  } catch {
    // full or refused: the reload still happens, only the memory is lost
  }
}

function forget(storage: ReloadMemory | undefined): void {
  try {
    storage?.removeItem(RELOADED_FOR_KEY);
  } catch {
    // nothing to forget
  }
}
