// The "Time window" group: presets, a custom UTC range with messages a person can act on, "pin this
// range" for incident links, and the UTC/local switch. It only proposes ranges; the URL holds them.
import { useId, useState, type FormEvent } from 'react';
import type { TimeZoneChoice } from '../../lib/format.ts';
import {
  describeWindow,
  formatUtcDateTime,
  parseTimeRange,
  resolveTimeRange,
  type TimeRange,
} from '../../../common/time-window.ts';
import styles from './time-window-control.module.css';

export const WINDOW_PRESETS = [
  { label: '15m', seconds: 900 },
  { label: '1h', seconds: 3600 },
  { label: '6h', seconds: 21_600 },
  { label: '24h', seconds: 86_400 },
  { label: '7d', seconds: 604_800 },
] as const;

export interface TimeWindowControlProps {
  range: TimeRange;
  timeZone: TimeZoneChoice;
  onRangeChange: (range: TimeRange) => void;
  onTimeZoneChange: (timeZone: TimeZoneChoice) => void;
  /** The clock "pin this range" reads; injectable for tests. */
  now?: () => number;
}

/** datetime-local drops ":00" seconds; the URL and the parser want them. */
function withSeconds(value: string): string {
  return /T\d{2}:\d{2}$/.test(value) ? `${value}:00` : value;
}

export function TimeWindowControl({
  range,
  timeZone,
  onRangeChange,
  onTimeZoneChange,
  now = Date.now,
}: TimeWindowControlProps) {
  const idBase = useId();
  const [from, setFrom] = useState(
    range.kind === 'absolute' ? formatUtcDateTime(range.fromMs) : '',
  );
  const [to, setTo] = useState(
    range.kind === 'absolute' && range.toMs !== undefined ? formatUtcDateTime(range.toMs) : '',
  );
  const [message, setMessage] = useState<string | undefined>();

  function applyCustom(event: FormEvent) {
    event.preventDefault();
    if (from === '') {
      setMessage('Choose a start (from) in UTC, such as 2026-01-31T14:00:00');
      return;
    }
    const parsed = parseTimeRange({
      from: withSeconds(from),
      to: to === '' ? undefined : withSeconds(to),
    });
    if (!parsed.ok) {
      setMessage(parsed.message);
      return;
    }
    if (parsed.value && parsed.value.kind === 'absolute' && parsed.value.fromMs > now()) {
      setMessage(`from '${from}' is in the future: pick a start before now`);
      return;
    }
    setMessage(undefined);
    if (parsed.value) onRangeChange(parsed.value);
  }

  function pin() {
    const { startMs, endMs } = resolveTimeRange(range, now());
    const fromMs = Math.floor(startMs / 1000) * 1000;
    const toMs = Math.floor(endMs / 1000) * 1000;
    setFrom(formatUtcDateTime(fromMs));
    setTo(formatUtcDateTime(toMs));
    onRangeChange({ kind: 'absolute', fromMs, toMs });
  }

  const messageId = `${idBase}-message`;
  return (
    <div role="group" aria-label="Time window" className={styles.group}>
      <div className={styles.presets}>
        {WINDOW_PRESETS.map((preset) => {
          const active = range.kind === 'relative' && range.windowSeconds === preset.seconds;
          return (
            <button
              key={preset.label}
              type="button"
              aria-pressed={active}
              title={describeWindow(preset.seconds)}
              onClick={() => onRangeChange({ kind: 'relative', windowSeconds: preset.seconds })}
            >
              {preset.label}
            </button>
          );
        })}
      </div>

      <form className={styles.custom} onSubmit={applyCustom} noValidate>
        <label>
          From (UTC)
          <input
            type="datetime-local"
            step={1}
            value={from}
            aria-describedby={message ? messageId : undefined}
            aria-invalid={message ? true : undefined}
            onChange={(event) => setFrom(event.target.value)}
          />
        </label>
        <label>
          To (UTC)
          <input
            type="datetime-local"
            step={1}
            value={to}
            aria-describedby={message ? messageId : undefined}
            onChange={(event) => setTo(event.target.value)}
          />
        </label>
        <button type="submit">Apply range</button>
      </form>

      {range.kind === 'relative' ? (
        <button
          type="button"
          onClick={pin}
          title="Turn this relative window into a fixed range for an incident link"
        >
          Pin this range
        </button>
      ) : (
        <span className={styles.pinned}>Fixed range</span>
      )}

      <div className={styles.zone} role="group" aria-label="Time zone">
        <button
          type="button"
          aria-pressed={timeZone === 'utc'}
          onClick={() => onTimeZoneChange('utc')}
        >
          UTC
        </button>
        <button
          type="button"
          aria-pressed={timeZone === 'local'}
          onClick={() => onTimeZoneChange('local')}
        >
          Local
        </button>
      </div>

      {message && (
        <p id={messageId} role="alert" className={styles.message}>
          {message}
        </p>
      )}
    </div>
  );
}
