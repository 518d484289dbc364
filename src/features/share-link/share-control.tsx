// "Share": the link to this view two ways, Grafana's "lock time range" way. The relative link
// keeps following the window ("the last hour"); the pinned one holds these rounds for a ticket.
import { useId, useState } from 'react';
import styles from './share-control.module.css';

export interface ShareControlProps {
  /** This view as it is addressed now (a relative window stays relative). */
  relativeUrl: string;
  /** This view with the window on screen pinned as `from`/`to`. */
  pinnedUrl: string;
  /** False when the range is already pinned: the two links are one. */
  isRelative: boolean;
}

type Copied = { which: 'relative' | 'pinned'; how: 'copied' | 'manual' } | undefined;

export function ShareControl({ relativeUrl, pinnedUrl, isRelative }: ShareControlProps) {
  const manualId = useId();
  const [copied, setCopied] = useState<Copied>(undefined);

  async function copy(which: 'relative' | 'pinned') {
    try {
      await navigator.clipboard.writeText(which === 'relative' ? relativeUrl : pinnedUrl);
      setCopied({ which, how: 'copied' });
    } catch {
      // No clipboard (plain http, a denied permission): the link to copy by hand.
      setCopied({ which, how: 'manual' });
    }
  }

  return (
    <details className={styles.share}>
      <summary>Share</summary>
      <div className={styles.panel} role="group" aria-label="Share this view">
        {isRelative && (
          <p className={styles.choice}>
            <button type="button" onClick={() => void copy('relative')}>
              Copy link to the latest window
            </button>
            <span className={styles.hint}>moves on with time, as the page does</span>
          </p>
        )}
        <p className={styles.choice}>
          <button type="button" onClick={() => void copy('pinned')}>
            Copy link with this range pinned
          </button>
          <span className={styles.hint}>
            {isRelative ? 'shows these rounds whenever it is opened' : 'this range is pinned'}
          </span>
        </p>
        <p role="status" className={styles.hint}>
          {copied?.how === 'copied' &&
            (copied.which === 'pinned' ? 'Pinned link copied' : 'Link to the latest window copied')}
        </p>
        {copied?.how === 'manual' && (
          <label htmlFor={manualId} className={styles.manual}>
            Copy this link
            <input
              id={manualId}
              readOnly
              value={copied.which === 'pinned' ? pinnedUrl : relativeUrl}
              onFocus={(event) => event.currentTarget.select()}
            />
          </label>
        )}
      </div>
    </details>
  );
}
