// Which Host headers Earshot answers, as Vite's `allowedHosts` does: loopback names, any IP
// address, and the names the operator lists (EARSHOT_ALLOWED_HOSTS). A web page on another name
// that resolves to this server (DNS rebinding) gets a 421 and reads nothing.
import { isIP } from 'node:net';

export function isAllowedHost(hostHeader: string | undefined, allowedHosts: string[]): boolean {
  // HTTP/1.0 clients send no Host; a browser always does, so its absence is no rebinding.
  if (hostHeader === undefined) return true;
  const name = hostName(hostHeader);
  if (name === undefined) return false;
  if (isIP(name) !== 0) return true;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  return allowedHosts.some((allowed) =>
    allowed.startsWith('.')
      ? name === allowed.slice(1) || name.endsWith(allowed)
      : name === allowed,
  );
}

/** The host name of a Host header (`name:port`, `[v6]:port`), lower-case; undefined if malformed. */
function hostName(header: string): string | undefined {
  const text = header.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) return bracketed[1];
  const plain = /^([a-z0-9.-]*[a-z0-9-])\.?(?::\d{1,5})?$/.exec(text);
  return plain?.[1];
}
