// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ShareControl } from './share-control.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const relativeUrl = 'http://127.0.0.1/tests/7001?window=6h';
const pinnedUrl = 'http://127.0.0.1/tests/7001?from=2026-11-29T06:00:00&to=2026-11-29T12:00:00';

function stubClipboard(writeText: (text: string) => Promise<void>) {
  vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
}

describe('ShareControl', () => {
  it('copies the relative link or the pinned one, and says which', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    stubClipboard(writeText);
    render(<ShareControl relativeUrl={relativeUrl} pinnedUrl={pinnedUrl} isRelative />);
    fireEvent.click(screen.getByRole('button', { name: 'Copy link with this range pinned' }));
    expect(await screen.findByText('Pinned link copied')).toBeTruthy();
    expect(writeText).toHaveBeenLastCalledWith(pinnedUrl);
    fireEvent.click(screen.getByRole('button', { name: 'Copy link to the latest window' }));
    expect(await screen.findByText('Link to the latest window copied')).toBeTruthy();
    expect(writeText).toHaveBeenLastCalledWith(relativeUrl);
  });

  it('offers only the pinned link when the range is pinned already', () => {
    render(<ShareControl relativeUrl={pinnedUrl} pinnedUrl={pinnedUrl} isRelative={false} />);
    expect(screen.queryByRole('button', { name: 'Copy link to the latest window' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Copy link with this range pinned' })).toBeTruthy();
  });

  it('shows the link to copy by hand when the clipboard refuses', async () => {
    stubClipboard(() => Promise.reject(new Error('denied')));
    render(<ShareControl relativeUrl={relativeUrl} pinnedUrl={pinnedUrl} isRelative />);
    fireEvent.click(screen.getByRole('button', { name: 'Copy link with this range pinned' }));
    const box = await screen.findByRole('textbox', { name: 'Copy this link' });
    expect((box as HTMLInputElement).value).toBe(pinnedUrl);
  });
});
