// The names of round columns (round-columns.ts) as they travel: the media type, the form's
// version, and the bytes the fetch client hands over. Apart from the writer and reader, because
// the fetch client is in the app's entry, and those load with the pages that read results.
/** The media type a browser asks for, and the server's answer is sent as. */
export const ROUND_COLUMNS_MEDIA_TYPE = 'application/vnd.earshot.round-columns';
/** The form's name and version (also in the server's cache keys: another form is another key). */
export const ROUND_COLUMNS_FORMAT = 'earshot-round-columns/3';

/**
 * A columns body as the browser receives it: its bytes, which the fetch client hands over for the
 * columns media type instead of parsing JSON. Nothing JSON.parse makes is one of these, so no
 * upstream body can pass for columns.
 */
export class RoundColumnsBytes {
  constructor(readonly bytes: Uint8Array) {}
}
