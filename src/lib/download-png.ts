// Hands a canvas to the browser as a PNG download: the one way every picture export saves a file.
import { downloadBlob } from './download-file.ts';

/** Encodes a canvas with toBlob and hands it to the browser as a download named fileName. */
export function downloadCanvasPng(canvas: HTMLCanvasElement, fileName: string): Promise<void> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (!blob) {
        reject(new Error('The picture could not be encoded as PNG'));
        return;
      }
      downloadBlob(blob, fileName);
      resolve();
    }, 'image/png');
  });
}
