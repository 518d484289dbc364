// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AgentFilterBar } from './agent-filter-bar.tsx';

afterEach(cleanup);

describe('the agent filter bar', () => {
  it('sends only the part a person changed, so a stale render never writes the rest back', () => {
    const onChange = vi.fn();
    render(
      <AgentFilterBar
        filter={{ text: 'a', kind: 'cloud', country: 'US' }}
        onChange={onChange}
        countries={['DE', 'US']}
        shown={3}
        total={30}
      />,
    );
    fireEvent.change(screen.getByRole('combobox', { name: 'Country' }), {
      target: { value: '' },
    });
    fireEvent.change(screen.getByRole('combobox', { name: 'Agent type' }), {
      target: { value: 'all' },
    });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter agents' }), {
      target: { value: '' },
    });
    expect(onChange.mock.calls).toEqual([
      [{ country: undefined }],
      [{ kind: 'all' }],
      [{ text: '' }],
    ]);
  });
});
