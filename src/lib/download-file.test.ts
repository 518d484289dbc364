// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OBJECT_URL_LIFETIME_MS, downloadBlob } from './download-file.ts';
import { downloadCanvasPng } from './download-png.ts';

const { createObjectURL, revokeObjectURL } = URL;
let clicked: { href: string; download: string; inDocument: boolean }[];
let revoke: ReturnType<typeof vi.fn>;

beforeEach(() => {
  // The clock seam (src/lib/clock.ts) reads the platform's timers at call time: fake ones here.
  vi.useFakeTimers();
  clicked = [];
  revoke = vi.fn();
  // jsdom has no object URLs: stand-ins record what is done with them.
  Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:earshot/1'), revokeObjectURL: revoke });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    clicked.push({ href: this.href, download: this.download, inDocument: this.isConnected });
  });
});

afterEach(() => {
  Object.assign(URL, { createObjectURL, revokeObjectURL });
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('downloadBlob', () => {
  it('clicks a link to the file, leaves no link behind, and frees the URL once the download began', () => {
    downloadBlob(new Blob(['a,b']), 'rounds.csv');
    expect(clicked).toEqual([{ href: 'blob:earshot/1', download: 'rounds.csv', inDocument: true }]);
    expect(document.querySelector('a[download]')).toBeNull();
    vi.advanceTimersByTime(OBJECT_URL_LIFETIME_MS - 1);
    expect(revoke).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(revoke).toHaveBeenCalledWith('blob:earshot/1');
  });
});

describe('downloadCanvasPng', () => {
  it('saves the canvas as a PNG through the same download', async () => {
    const canvas = document.createElement('canvas');
    vi.spyOn(canvas, 'toBlob').mockImplementation((callback, type) =>
      callback(new Blob(['png'], { type })),
    );
    await downloadCanvasPng(canvas, 'earshot-loss-heatmap-7001.png');
    expect(clicked.map((click) => click.download)).toEqual(['earshot-loss-heatmap-7001.png']);
    vi.advanceTimersByTime(OBJECT_URL_LIFETIME_MS);
    expect(revoke).toHaveBeenCalledWith('blob:earshot/1');
  });

  it('says so when the picture cannot be encoded', async () => {
    const canvas = document.createElement('canvas');
    vi.spyOn(canvas, 'toBlob').mockImplementation((callback) => callback(null));
    await expect(downloadCanvasPng(canvas, 'x.png')).rejects.toThrow(
      'The picture could not be encoded as PNG',
    );
    expect(clicked).toEqual([]);
  });
});
