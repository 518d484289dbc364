// Ids that may go into an upstream path: checked before any request, so a bad id in a URL never
// reaches ThousandEyes (and never counts against its rate limit).
import { isThousandEyesId } from '../lib/thousandeyes-id.ts';
import { ApiError } from './fetch-client.ts';

export function requireId(name: 'test id' | 'account group', value: string, path: string): string {
  if (!isThousandEyesId(value)) {
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
