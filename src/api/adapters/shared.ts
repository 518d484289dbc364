// What both adapters share: the permalink rule and the date fallback.

const PERMALINK_HOST = 'app.thousandeyes.com';

/**
 * A permalink comes from upstream data, so it is untrusted: only an https: URL on the
 * ThousandEyes web app becomes a link; anything else (javascript:, another host) is kept as text.
 */
export function safePermalink(raw: string | undefined): {
  permalink: string | undefined;
  permalinkText: string | undefined;
} {
  if (raw === undefined || raw.trim() === '')
    return { permalink: undefined, permalinkText: undefined };
  let url: URL | undefined;
  try {
    url = new URL(raw.trim());
  } catch {
    url = undefined;
  }
  if (
    url !== undefined &&
    url.protocol === 'https:' &&
    url.hostname === PERMALINK_HOST &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  ) {
    return { permalink: url.href, permalinkText: undefined };
  }
  return { permalink: undefined, permalinkText: raw };
}

/** The row's date when upstream sent a readable one, else the start of its round. */
export function dateOrRoundStart(parsedMs: number | undefined, roundId: number): number {
  return parsedMs ?? roundId * 1000;
}
