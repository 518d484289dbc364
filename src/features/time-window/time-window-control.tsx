// The "Time window" group: presets, a custom range written in the chosen zone (24-hour ISO form,
// prefilled with the window on screen), "pin this range" for incident links, zoom out and steps
// of half a window (Grafana's way, with keys), and the UTC/local switch. It only proposes ranges;
// the URL holds them.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { now as clockNow } from '../../lib/clock.ts';
import { zoneName, type TimeZoneChoice } from '../../lib/format.ts';
import {
  describeWindow,
  formatZonedDateTime,
  parseZonedDateTime,
  resolveTimeRange,
  type TimeRange,
} from '../../../common/time-window.ts';
import { stepRange, zoomOut, type StepDirection } from './time-navigation.ts';
import styles from './time-window-control.module.css';

export const WINDOW_PRESETS = [
  { label: '15m', seconds: 900 },
  { label: '1h', seconds: 3600 },
  { label: '6h', seconds: 21_600 },
  { label: '24h', seconds: 86_400 },
  { label: '7d', seconds: 604_800 },
] as const;

/** The page-wide keys for moving through time (documented in the README). */
export const TIME_KEYS = { zoomOut: 'z', earlier: '[', later: ']' } as const;

export interface TimeWindowControlProps {
  range: TimeRange;
  timeZone: TimeZoneChoice;
  onRangeChange: (range: TimeRange) => void;
  onTimeZoneChange: (timeZone: TimeZoneChoice) => void;
  /** The clock "pin this range", the prefill and the steps read; injectable for tests. */
  now?: () => number;
}

type Field = 'from' | 'to';

/** The range on screen as the fields show it, in the zone chosen. */
function fieldsFor(range: TimeRange, zone: string, nowMs: number) {
  const { startMs, endMs } = resolveTimeRange(range, nowMs);
  return { from: formatZonedDateTime(startMs, zone), to: formatZonedDateTime(endMs, zone) };
}

/** Keys typed into a field or a control are not commands. */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.closest('input, textarea, select, dialog, [contenteditable="true"]') !== null
  );
}

export function TimeWindowControl({
  range,
  timeZone,
  onRangeChange,
  onTimeZoneChange,
  now = clockNow,
}: TimeWindowControlProps) {
  const idBase = useId();
  const zone = zoneName(timeZone);
  const [fields, setFields] = useState(() => fieldsFor(range, zone, now()));
  const [problem, setProblem] = useState<{ field: Field | undefined; message: string }>();

  // A new zone rewrites the fields in it; what does not parse is kept as typed.
  const [seenZone, setSeenZone] = useState(zone);
  if (seenZone !== zone) {
    setSeenZone(zone);
    const rewrite = (text: string) => {
      const parsed = parseZonedDateTime('', text, seenZone);
      return parsed.ok ? formatZonedDateTime(parsed.value, zone) : text;
    };
    setFields({ from: rewrite(fields.from), to: rewrite(fields.to) });
  }

  function applyCustom(event: FormEvent) {
    event.preventDefault();
    const nowMs = now();
    if (fields.from.trim() === '') {
      setProblem({
        field: 'from',
        message: `Choose a start (from) in ${zone}, such as ${formatZonedDateTime(nowMs - 3_600_000, zone)}`,
      });
      return;
    }
    const from = parseZonedDateTime('from', fields.from, zone);
    if (!from.ok) {
      setProblem({ field: 'from', message: from.message });
      return;
    }
    let toMs: number | undefined;
    if (fields.to.trim() !== '') {
      const to = parseZonedDateTime('to', fields.to, zone);
      if (!to.ok) {
        setProblem({ field: 'to', message: to.message });
        return;
      }
      toMs = to.value;
    }
    if (from.value > nowMs) {
      setProblem({
        field: 'from',
        message: `from '${fields.from}' is in the future: pick a start before now`,
      });
      return;
    }
    if (toMs !== undefined && toMs <= from.value) {
      setProblem({
        field: 'to',
        message: `to '${fields.to}' is not after from '${fields.from}': pick a later end, or leave it empty for "until now"`,
      });
      return;
    }
    setProblem(undefined);
    onRangeChange({ kind: 'absolute', fromMs: from.value, toMs });
  }

  function pin() {
    const { startMs, endMs } = resolveTimeRange(range, now());
    const fromMs = Math.floor(startMs / 1000) * 1000;
    const toMs = Math.floor(endMs / 1000) * 1000;
    onRangeChange({ kind: 'absolute', fromMs, toMs });
  }

  const zoomOutTo = zoomOut(range, now());
  const step = (direction: StepDirection) => stepRange(range, direction, now());
  const earlier = step('earlier');
  const later = step('later');

  // The keys work anywhere on the page but in a field, a list or the round dialog.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (isTypingTarget(event.target)) return;
      let next: TimeRange | undefined;
      if (event.key === TIME_KEYS.zoomOut) next = zoomOut(range, now());
      else if (event.key === TIME_KEYS.earlier) next = stepRange(range, 'earlier', now());
      else if (event.key === TIME_KEYS.later) next = stepRange(range, 'later', now());
      else return;
      event.preventDefault();
      if (next) onRangeChange(next);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [range, now, onRangeChange]);

  const messageId = `${idBase}-message`;
  const fieldProps = (field: Field) => ({
    type: 'text',
    value: fields[field],
    size: 19,
    spellCheck: false,
    autoComplete: 'off',
    placeholder: 'YYYY-MM-DD HH:MM:SS',
    'aria-describedby': problem ? messageId : undefined,
    'aria-invalid': problem?.field === field ? true : undefined,
    onChange: (event: { target: { value: string } }) =>
      setFields((previous) => ({ ...previous, [field]: event.target.value })),
  });

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

      <div className={styles.moves}>
        <button
          type="button"
          disabled={!earlier}
          aria-keyshortcuts={TIME_KEYS.earlier}
          title={`Half a window earlier (key ${TIME_KEYS.earlier})`}
          onClick={() => earlier && onRangeChange(earlier)}
        >
          <span aria-hidden="true">◀ </span>Earlier
        </button>
        <button
          type="button"
          disabled={!zoomOutTo}
          aria-keyshortcuts={TIME_KEYS.zoomOut}
          title={`Twice as long, same middle (key ${TIME_KEYS.zoomOut}, or double-click a time axis)`}
          onClick={() => zoomOutTo && onRangeChange(zoomOutTo)}
        >
          Zoom out
        </button>
        <button
          type="button"
          disabled={!later}
          aria-keyshortcuts={TIME_KEYS.later}
          title={`Half a window later (key ${TIME_KEYS.later}); reaching now, the window follows now again`}
          onClick={() => later && onRangeChange(later)}
        >
          Later<span aria-hidden="true"> ▶</span>
        </button>
      </div>

      <form className={styles.custom} onSubmit={applyCustom} noValidate>
        <label>
          From ({zone})
          <input {...fieldProps('from')} />
        </label>
        <label>
          To ({zone})
          <input {...fieldProps('to')} />
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

      {problem && (
        <p id={messageId} role="alert" className={styles.message}>
          {problem.message}
        </p>
      )}
    </div>
  );
}
