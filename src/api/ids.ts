// Ids that may go into an upstream path: checked before any request, so a bad id in a URL never
// reaches ThousandEyes (and never counts against its rate limit).
import { ApiError } from './fetch-client.ts';

const ID_PATTERN = /^\d{1,19}$/;

/** A ThousandEyes test id or account-group id: digits only (v7 sends them as strings). */
export function isValidId(value: string): boolean {
  return ID_PATTERN.test(value);
}

export function requireId(name: 'test id' | 'account group', value: string, path: string): string {
  if (!isValidId(value)) {
    throw new ApiError({
      kind: 'bad-request',
      path,
      detail: `${name} '${value.slice(0, 40)}' is not a ThousandEyes id: use digits only, such as 6627`,
    });
  }
  return value;
}

/** `?aid=…` when an account group is chosen, else nothing (the token's default group). */
export function aidQuery(aid: string | undefined, path: string): string {
  return aid === undefined
    ? ''
    : `aid=${encodeURIComponent(requireId('account group', aid, path))}`;
}
