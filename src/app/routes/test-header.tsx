// The test page's header: what the test is (codec and its ceiling, target, interval, DSCP, jitter
// buffer), the share links, and how fresh the data on screen is.
import type { ComponentProps } from 'react';
import { describeTarget } from '../../api/adapters/agents.ts';
import type { AgentInfo, VoiceTest } from '../../lib/model.ts';
import { formatInterval } from '../../lib/format.ts';
import { DataStatus } from '../../features/data-status/data-status.tsx';
import { ShareControl } from '../../features/share-link/share-control.tsx';
import styles from './test-dashboard.module.css';

export function TestHeader({
  test,
  agents,
  codecMaxMos,
  shaped,
  share,
  status,
}: {
  test: VoiceTest;
  agents: ReadonlyMap<string, AgentInfo> | undefined;
  /** The codec's ceiling over the window; undefined while no window is shaped yet. */
  codecMaxMos: number | undefined;
  shaped: boolean;
  share: ComponentProps<typeof ShareControl>;
  status: Omit<ComponentProps<typeof DataStatus>, 'className'>;
}) {
  return (
    <header className={styles.testHeader}>
      <div>
        <h2 className={styles.testName}>{test.testName}</h2>
        <dl className={styles.facts}>
          <div>
            <dt>Codec</dt>
            <dd>
              {test.codec || 'unknown'}
              {!shaped ? (
                // Keeps the room the ceiling will take, so the facts after it do not move.
                <span className={styles.pendingFact} aria-hidden="true">
                  {' (max MOS 0.00)'}
                </span>
              ) : (
                codecMaxMos !== undefined && ` (max MOS ${codecMaxMos.toFixed(2)})`
              )}
            </dd>
          </div>
          <div>
            <dt>Target</dt>
            <dd>{describeTarget(test, agents).text}</dd>
          </div>
          <div>
            <dt>Interval</dt>
            <dd>{formatInterval(test.intervalSeconds)}</dd>
          </div>
          <div>
            <dt>DSCP</dt>
            <dd>{test.dscp || 'unknown'}</dd>
          </div>
          <div>
            <dt>Jitter buffer</dt>
            <dd>{test.jitterBufferMs === undefined ? 'unknown' : `${test.jitterBufferMs} ms`}</dd>
          </div>
          {!test.enabled && (
            <div>
              <dt>State</dt>
              <dd>disabled: no new rounds</dd>
            </div>
          )}
        </dl>
      </div>
      <ShareControl {...share} />
      <DataStatus className={styles.headerStatus} {...status} />
    </header>
  );
}
