// Hands a file built in the browser to the browser as a download: the one way every export (CSV,
// PNG) saves a file.
import { setTimer } from './clock.ts';

/** How long an object URL outlives its click: some browsers start reading it only afterwards. */
export const OBJECT_URL_LIFETIME_MS = 10_000;

/** Saves `blob` as `fileName` through a temporary object URL, freed once the download is under way. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  try {
    anchor.click();
  } finally {
    anchor.remove();
    setTimer(() => URL.revokeObjectURL(url), OBJECT_URL_LIFETIME_MS);
  }
}
