// The benchmark's figures: one row per measurement, with its target beside it, or the reason it
// could not be measured. The table on stdout and in docs/performance.md is printed from these.

export interface Figure {
  section: string;
  name: string;
  /** Undefined: not measured; `reason` says why. */
  value: number | undefined;
  unit: string;
  /** The target as a person reads it, e.g. "≤ 110 KB". */
  target?: string;
  /** Whether the target was met; undefined when there is no target or no value. */
  met?: boolean;
  /** How it was measured, or why it was not. */
  note?: string;
}

export class FigureLog {
  readonly figures: Figure[] = [];

  add(figure: Figure): void {
    this.figures.push(figure);
    console.log(`  ${figure.section} · ${figure.name}: ${formatValue(figure)}`);
  }

  /** A figure with an upper bound as its target. */
  atMost(
    section: string,
    name: string,
    value: number | undefined,
    unit: string,
    limit: number | undefined,
    note?: string,
  ): void {
    this.add({
      section,
      name,
      value,
      unit,
      ...(limit !== undefined ? { target: `≤ ${limit} ${unit}` } : {}),
      ...(limit !== undefined && value !== undefined ? { met: value <= limit } : {}),
      ...(note ? { note } : {}),
    });
  }

  notMeasured(section: string, name: string, unit: string, reason: string, target?: string): void {
    this.add({
      section,
      name,
      value: undefined,
      unit,
      note: reason,
      ...(target ? { target } : {}),
    });
  }
}

/** The q-quantile (0–1) of unsorted samples, linear between neighbours; undefined when empty. */
export function quantile(samples: readonly number[], q: number): number | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] as number;
  const high = sorted[above] as number;
  return low + (high - low) * (position - below);
}

export function median(samples: readonly number[]): number | undefined {
  return quantile(samples, 0.5);
}

export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function formatValue(figure: Figure): string {
  if (figure.value === undefined) return `not measured (${figure.note ?? 'no reason given'})`;
  const verdict = figure.met === undefined ? '' : figure.met ? '  ✓' : '  ✗ over target';
  const target = figure.target ? `  (target ${figure.target})` : '';
  return `${formatNumber(figure.value)} ${figure.unit}${target}${verdict}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A Markdown table, one section after another. */
export function markdownTable(figures: readonly Figure[]): string {
  const lines = [
    '| section | figure | value | target | met | how / why not |',
    '| --- | --- | ---: | --- | --- | --- |',
  ];
  for (const figure of figures) {
    const value =
      figure.value === undefined ? 'not measured' : `${formatNumber(figure.value)} ${figure.unit}`;
    const met = figure.met === undefined ? '' : figure.met ? 'yes' : '**no**';
    lines.push(
      `| ${cell(figure.section)} | ${cell(figure.name)} | ${cell(value)} | ${cell(figure.target ?? '')} | ${met} | ${cell(figure.note ?? '')} |`,
    );
  }
  return lines.join('\n');
}

/** A plain-text table for stdout. */
export function textTable(figures: readonly Figure[]): string {
  const rows = figures.map((figure) => [
    figure.section,
    figure.name,
    figure.value === undefined ? 'not measured' : `${formatNumber(figure.value)} ${figure.unit}`,
    figure.target ?? '',
    figure.met === undefined ? '' : figure.met ? 'ok' : 'MISSED',
  ]);
  const header = ['section', 'figure', 'value', 'target', ''];
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (row: string[]) =>
    row
      .map((text, i) => (i === 2 ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0)))
      .join('  ');
  return [
    line(header),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...rows.map(line),
  ].join('\n');
}
