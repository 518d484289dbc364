// A grade (good, fair, poor) as a swatch in the health colours beside its words: the one badge
// of the test list and the agents table.
import type { ReactNode } from 'react';
import type { Health } from '../../lib/health-colours.ts';
import styles from './health-badge.module.css';

const SWATCH_CLASS: Record<Health, string | undefined> = {
  good: styles.good,
  fair: styles.fair,
  poor: styles.poor,
};

export function HealthBadge({
  health,
  className,
  children,
}: {
  /** Undefined: the words alone, no swatch (nothing to grade). */
  health: Health | undefined;
  /** The caller's type (weight, figures). */
  className?: string;
  children: ReactNode;
}) {
  return (
    <span className={className ? `${styles.badge} ${className}` : styles.badge}>
      {health && (
        <span
          className={`${styles.swatch} ${SWATCH_CLASS[health] ?? ''}`}
          data-health={health}
          aria-hidden="true"
        />
      )}
      {children}
    </span>
  );
}
