// A wall runs for weeks: when the server announces a build other than the one this page was
// built from, reload at a quiet moment (no refresh in flight), so the screen picks up the new
// version without anyone walking to it. The config is asked again every few minutes.
import { useIsFetching, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { earshotConfigQueryOptions } from '../../api/earshot-config.ts';

export const CONFIG_POLL_MS = 5 * 60_000;
const QUIET_CHECK_MS = 5_000;

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

/** True when a new build is deployed and this page will reload itself. */
function reloadPage(): void {
  window.location.reload();
}

export function useBuildReload(reload: () => void = reloadPage): {
  reloadPending: boolean;
  serverBuildId: string | undefined;
} {
  const config = useQuery(wallConfigQueryOptions());
  const serverBuildId = config.data?.buildId;
  const ownBuildId = bundleBuildId();
  const reloadPending =
    serverBuildId !== undefined && ownBuildId !== undefined && serverBuildId !== ownBuildId;
  const fetching = useIsFetching();
  useEffect(() => {
    if (!reloadPending) return;
    if (fetching > 0) return; // wait until no refresh is in flight
    const timer = setTimeout(reload, QUIET_CHECK_MS);
    return () => clearTimeout(timer);
  }, [reloadPending, fetching, reload]);
  return { reloadPending, serverBuildId };
}
