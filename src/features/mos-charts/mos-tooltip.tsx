// The tooltip body both MOS charts share: the round's time, then one line per series.
import { formatDateTime, formatMetric, type TimeZoneChoice } from '../../lib/format.ts';

export interface MosTooltipLine {
  label: string;
  value: number | null;
  color: string;
}

export function MosTooltip({
  t,
  rounds,
  timeZone,
  lines,
  note,
}: {
  t: number;
  rounds: number;
  timeZone: TimeZoneChoice;
  lines: MosTooltipLine[];
  note?: string;
}) {
  return (
    <div className="mos-tooltip">
      <p>
        <strong>{formatDateTime(t, timeZone)}</strong>
      </p>
      {rounds > 1 && <p>lowest of {rounds} rounds</p>}
      {lines.map((line) => (
        <p key={line.label}>
          <span aria-hidden="true" style={{ color: line.color }}>
            ■{' '}
          </span>
          {line.label}: {formatMetric('mos', line.value ?? undefined)}
        </p>
      ))}
      {note && <p>{note}</p>}
    </div>
  );
}
