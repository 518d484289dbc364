// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RoundResult } from '../../lib/model.ts';
import { resultRow } from '../../lib/fixture-round-results.ts';
import { buildRoundsMatrix } from '../../lib/rounds-matrix.ts';
import { dscpText, RoundDetailsDialog } from './round-details-dialog.tsx';

afterEach(cleanup);

beforeAll(() => {
  // jsdom has <dialog> but not its modal methods: open it as the browser would.
  HTMLDialogElement.prototype.showModal ??= function showModal(this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close ??= function close(this: HTMLDialogElement) {
    this.open = false;
  };
});

const ROUND = 1_764_158_400; // 2025-11-26 12:00 UTC, a multiple of 300

function round(overrides: Partial<RoundResult>): RoundResult {
  return resultRow({
    agentId: '58',
    agentName: 'sjc-office-01',
    roundId: ROUND,
    dateMs: ROUND * 1000,
    mos: 4.2,
    ...overrides,
  });
}

function renderDialog(
  rows: RoundResult[],
  agentLocationOf?: (agentId: string) => string,
  windowStartS = ROUND - 600,
) {
  const matrix = buildRoundsMatrix(rows, {
    startMs: windowStartS * 1000,
    endMs: (windowStartS + 1200) * 1000,
    intervalSeconds: 300,
  });
  render(
    <RoundDetailsDialog
      matrix={matrix}
      rows={rows}
      agentId="58"
      roundId={ROUND}
      timeZone="utc"
      onClose={() => {}}
      onNavigate={() => {}}
      shareUrl="http://127.0.0.1/tests/1"
      agentLocationOf={agentLocationOf}
    />,
  );
  return screen.getByRole('dialog', { name: 'Round details' });
}

function field(dialog: HTMLElement, term: string): string | null | undefined {
  const terms = within(dialog).getAllByRole('term');
  return terms.find((element) => element.textContent === term)?.nextElementSibling?.textContent;
}

describe('dscpText', () => {
  it("says the value once when the name already ends with it, as ThousandEyes' names do", () => {
    expect(dscpText('8', 'CS 1 (8)')).toBe('CS 1 (8)');
    expect(dscpText('46', 'EF (DSCP 46)')).toBe('EF (DSCP 46)');
    expect(dscpText('0', 'Best Effort')).toBe('0 (Best Effort)');
    // A name that says another value is not taken for this one.
    expect(dscpText('1', 'CS 1 (8)')).toBe('1 (CS 1 (8))');
    expect(dscpText('', 'CS 1 (8)')).toBe('CS 1 (8)');
    expect(dscpText('', '')).toBe('not given');
    expect(dscpText('46', '')).toBe('46');
  });
});

describe('RoundDetailsDialog', () => {
  it("names the agent with the row's location, under the title and in its fields", () => {
    const dialog = renderDialog([round({ agentLocation: 'San Jose, CA' })], () => 'elsewhere');
    expect(within(dialog).getByText(/^sjc-office-01 \(San Jose, CA\) · /)).toBeTruthy();
    expect(field(dialog, 'Location')).toBe('San Jose, CA');
  });

  it('takes the location from /agents when the row does not say', () => {
    const dialog = renderDialog([round({ agentLocation: undefined })], (agentId) =>
      agentId === '58' ? 'Santa Clara, CA' : 'elsewhere',
    );
    expect(within(dialog).getByText(/^sjc-office-01 \(Santa Clara, CA\) · /)).toBeTruthy();
    expect(field(dialog, 'Location')).toBe('Santa Clara, CA');
  });

  it('shows the DSCP once when its name already says it', () => {
    const dialog = renderDialog([round({ dscp: '46', dscpName: 'EF (DSCP 46)' })]);
    expect(field(dialog, 'DSCP')).toBe('EF (DSCP 46)');
  });

  it('says when no location is known', () => {
    const dialog = renderDialog([round({ agentLocation: undefined })]);
    expect(within(dialog).getByText(/^sjc-office-01 · /)).toBeTruthy();
    expect(field(dialog, 'Location')).toBe('not given');
  });

  it('splits the headroom by the E-model, the unexplained rest shown', () => {
    // 5 % loss at 40 ms: the model gives 3.87 for G.711.
    const dialog = renderDialog([round({ mos: 3.87, loss: 5, latency: 40 })]);
    expect(field(dialog, 'Where the MOS went')).toMatch(
      /^0\.54 below the codec's maximum: loss 0\.\d\d, delay 0\.\d\d, discards 0\.00; not explained by the model -?0\.\d\d$/,
    );
  });

  it('says "no attribution" and why for a failed round, never a guess', () => {
    const dialog = renderDialog([
      round({ errorDetail: 'Connection timed out', mos: undefined, loss: undefined }),
    ]);
    expect(field(dialog, 'Where the MOS went')).toBe(
      'No attribution: the round has an error: Connection timed out',
    );
  });

  it("writes the round's time under the title, not its epoch id", () => {
    const dialog = renderDialog([round({})]);
    const subtitle = within(dialog).getByText(/^sjc-office-01 · /);
    expect(subtitle.textContent).toBe('sjc-office-01 · 2025-11-26 12:00 UTC');
    expect(field(dialog, 'Round id')).toBe(String(ROUND));
  });

  it('shows the agent across the window when the round is in it', () => {
    const dialog = renderDialog([round({}), round({ roundId: ROUND - 300, mos: 3.1 })]);
    expect(
      within(dialog).getByRole('region', { name: 'This agent across the window' }),
    ).toBeTruthy();
  });

  it('shows no unrelated sparklines when the round is outside the window', () => {
    // The window is a day later; the agent reported there, the round asked for is not in it.
    const later = ROUND + 86_400;
    const dialog = renderDialog(
      [round({ roundId: later, dateMs: later * 1000 })],
      undefined,
      later - 600,
    );
    expect(within(dialog).getByRole('alert').textContent).toMatch(/is outside this window/);
    expect(
      within(dialog).queryByRole('region', { name: 'This agent across the window' }),
    ).toBeNull();
  });
});
