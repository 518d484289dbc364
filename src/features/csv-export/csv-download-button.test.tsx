// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OBJECT_URL_LIFETIME_MS } from '../../lib/download-file.ts';
import type { RoundResult } from '../../lib/model.ts';
import { CsvDownloadButton } from './csv-download-button.tsx';

const { createObjectURL, revokeObjectURL } = URL;
afterEach(() => {
  cleanup();
  Object.assign(URL, { createObjectURL, revokeObjectURL });
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function round(agentId: string): RoundResult {
  return {
    agentId,
    agentName: `Agent ${agentId}`,
    countryId: 'DE',
    roundId: 1_795_651_200,
    dateMs: 1_795_651_200_000,
    permalink: undefined,
    permalinkText: undefined,
    dscp: '46',
    dscpName: 'EF (DSCP 46)',
    mos: undefined,
    codecName: 'G.722 @ 32 Kbps',
    codecMaxMos: 4.03,
    loss: 1.5,
    discards: 0,
    latency: 80,
    pdv: 4,
    errorDetail: '',
    serverIp: undefined,
  };
}

describe('CsvDownloadButton', () => {
  it('waits while older parts of the window are still arriving', () => {
    render(<CsvDownloadButton rows={[round('1')]} fileName="x.csv" complete={false} />);
    const button = screen.getByRole('button', { name: 'Download CSV (loading…)' });
    expect((button as HTMLButtonElement).disabled).toBe(true);
  });

  it('says how many rows it will save', () => {
    render(<CsvDownloadButton rows={[round('1'), round('2')]} fileName="x.csv" />);
    expect(screen.getByRole('button', { name: 'Download CSV (2 rows)' })).toBeTruthy();
  });

  it('is disabled with nothing to save', () => {
    render(<CsvDownloadButton rows={[]} fileName="x.csv" />);
    const button = screen.getByRole('button', { name: 'Download CSV (0 rows)' });
    expect((button as HTMLButtonElement).disabled).toBe(true);
  });

  it('downloads the CSV through an object URL, then revokes it', async () => {
    vi.useFakeTimers();
    let saved: Blob | undefined;
    const create = vi.fn((blob: Blob) => {
      saved = blob;
      return 'blob:earshot/1';
    });
    const revoke = vi.fn();
    // jsdom has no object URLs: stand-ins record what the component does with them.
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: revoke });
    const clicked: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push({ href: this.href, download: this.download });
    });

    render(<CsvDownloadButton rows={[round('1'), round('2'), round('3')]} fileName="rounds" />);
    fireEvent.click(screen.getByRole('button', { name: 'Download CSV (3 rows)' }));

    expect(clicked).toEqual([{ href: 'blob:earshot/1', download: 'rounds.csv' }]);
    expect(saved?.type).toBe('text/csv;charset=utf-8');
    const text = await saved!.text();
    const lines = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toMatch(/^agentId,agentName,/);
    expect(lines.slice(1, -1)).toHaveLength(3);
    expect(document.querySelector('a[download]')).toBeNull();
    // Freed through the clock seam once the download is under way, not while it starts.
    expect(revoke).not.toHaveBeenCalled();
    vi.advanceTimersByTime(OBJECT_URL_LIFETIME_MS);
    expect(revoke).toHaveBeenCalledWith('blob:earshot/1');
  });
});
