// The names of round columns (round-columns.ts) as they travel: the media type, the form's
// version, and the bytes the fetch client hands over. Apart from the writer and reader, because
// the fetch client is in the app's entry, and those load with the pages that read results.
const ROUND_COLUMNS_VERSION = 4;
/**
 * The media type a browser asks for, and the server's answer is sent as. It names the form's
 * version: a page loaded from an older build (a tab left open across a deployment) asks for its
 * own form, which a server that writes another does not match, and gets upstream's shape, which
 * every build reads, rather than columns it would refuse.
 */
export const ROUND_COLUMNS_MEDIA_TYPE = `application/vnd.earshot.round-columns.v${ROUND_COLUMNS_VERSION}`;
/** The form's name and version (also in the server's cache keys: another form is another key). */
export const ROUND_COLUMNS_FORMAT = `earshot-round-columns/${ROUND_COLUMNS_VERSION}`;

/**
 * A columns body as the browser receives it: its bytes, which the fetch client hands over for the
 * columns media type instead of parsing JSON. Nothing JSON.parse makes is one of these, so no
 * upstream body can pass for columns.
 */
export class RoundColumnsBytes {
  constructor(readonly bytes: Uint8Array) {}
}
