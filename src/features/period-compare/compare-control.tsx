// The switch for compare=1d|1w: writes the URL, and says how much of the earlier window is here.
import { useId } from 'react';
import { describeApiError } from '../../api/fetch-client.ts';
import type { ComparePeriod } from '../../lib/period-comparison.ts';
import type { PreviousPeriod } from './use-previous-period.ts';
import styles from './compare-control.module.css';

export interface CompareControlProps {
  compare: ComparePeriod | undefined;
  previous: PreviousPeriod | undefined;
  onCompareChange: (compare: ComparePeriod | undefined) => void;
}

function progress(previous: PreviousPeriod | undefined): string {
  if (!previous) return '';
  if (previous.error && !previous.rounds) return describeApiError(previous.error).title;
  const coverage = previous.coverage;
  if (!previous.rounds || !coverage) return 'loading the earlier window…';
  if (coverage.loadedMs < coverage.windowMs) {
    return `earlier window ${Math.round((100 * coverage.loadedMs) / Math.max(1, coverage.windowMs))} % loaded`;
  }
  return '';
}

export function CompareControl({ compare, previous, onCompareChange }: CompareControlProps) {
  const id = useId();
  const status = progress(previous);
  return (
    <div className={styles.compare}>
      <label htmlFor={id}>Compare with</label>
      <select
        id={id}
        value={compare ?? ''}
        onChange={(event) =>
          onCompareChange(
            event.target.value === '' ? undefined : (event.target.value as ComparePeriod),
          )
        }
      >
        <option value="">nothing</option>
        <option value="1d">the same window a day earlier</option>
        <option value="1w">the same window a week earlier</option>
      </select>
      <span className={styles.status} aria-live="polite">
        {status}
      </span>
    </div>
  );
}
