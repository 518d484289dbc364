// The `/` page body: pick an account group, find a voice test, open its dashboard.
import { useQuery } from '@tanstack/react-query';
import { useId, useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import { useHomeUrlState } from '../../hooks/use-home-url-state.ts';
import { useAccountGroups } from '../../api/account-groups.ts';
import { useEarshotConfig } from '../../api/earshot-config.ts';
import { describeApiError } from '../../api/fetch-client.ts';
import { describeTarget } from '../../api/adapters/agents.ts';
import { useAgents } from '../../api/agents.ts';
import type { AccountGroup, AgentInfo, VoiceTest } from '../../lib/model.ts';
import type { ApiVersion } from '../../../common/earshot-config.ts';
import { describeUnreadableTests, voiceTestsQueryOptions } from '../../api/voice-tests.ts';
import { formatClock, formatHeadroom, formatMetric } from '../../lib/format.ts';
import { formatWindow } from '../../../common/window-text.ts';
import { HealthBadge } from '../health-badge/health-badge.tsx';
import { describeAgentsByHealth, filterTests, selectedAid, testHref } from './test-list-model.ts';
import { testHealthQueryOptions } from './test-health-query.ts';
import styles from './test-list.module.css';

/** Rows of placeholder while tests load: about what a small account group shows. */
const SKELETON_ROWS = 6;

function ErrorMessage({ error, what }: { error: unknown; what: string }) {
  const { title, action } = describeApiError(error);
  return (
    <div role="alert" className={styles.error}>
      <p className={styles.errorTitle}>
        {title} <span className="visually-hidden">({what})</span>
      </p>
      <p>{action}</p>
    </div>
  );
}

function AccountGroupPicker({
  groups,
  aid,
  onChange,
}: {
  groups: readonly AccountGroup[];
  aid: string | undefined;
  onChange(aid: string): void;
}) {
  const id = useId();
  const chosen = selectedAid(groups, aid);
  const known = groups.some((group) => group.aid === chosen);
  return (
    <div className={styles.field}>
      <label htmlFor={id}>Account group</label>
      <select id={id} value={chosen ?? ''} onChange={(event) => onChange(event.target.value)}>
        {!known && chosen !== undefined && (
          // An aid from a pasted link that this token does not list: show it rather than lie.
          <option value={chosen}>Account group {chosen} (not listed)</option>
        )}
        {groups.map((group) => (
          <option key={group.aid} value={group.aid}>
            {group.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function TableHead() {
  return (
    <thead>
      <tr>
        <th scope="col">Test</th>
        <th scope="col">Target</th>
        <th scope="col">Codec</th>
        <th scope="col">Interval</th>
        <th scope="col">Status</th>
        <th scope="col">Latest round</th>
        <th scope="col">Worst agent</th>
      </tr>
    </thead>
  );
}

function SkeletonTable() {
  return (
    <>
      <p className="visually-hidden">Loading voice tests…</p>
      <table className={styles.table} aria-hidden="true">
        <TableHead />
        <tbody>
          {Array.from({ length: SKELETON_ROWS }, (_, row) => (
            <tr key={row}>
              {Array.from({ length: 7 }, (_, cell) => (
                <td key={cell}>
                  <span className={styles.skeleton} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function NoValue() {
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">no value</span>
    </>
  );
}

/** Arrow Up/Down move between the tests' links, as Tab and Shift+Tab do. */
function moveBetweenLinks(event: KeyboardEvent<HTMLTableSectionElement>) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const links = Array.from(event.currentTarget.querySelectorAll<HTMLAnchorElement>('a[href]'));
  const index = links.indexOf(event.target as HTMLAnchorElement);
  if (index === -1) return;
  const next = links[event.key === 'ArrowDown' ? index + 1 : index - 1];
  if (next) {
    event.preventDefault();
    next.focus();
  }
}

/**
 * v6 names the target server (`host:port`); v7 names a target agent, which /agents names and
 * places, and a port. Until the agents arrive (or if they cannot), the agent's id stands in.
 */
function TargetCell({
  test,
  agents,
}: {
  test: VoiceTest;
  agents: ReadonlyMap<string, AgentInfo> | undefined;
}) {
  const target = describeTarget(test, agents);
  if (target.text === 'unknown') return <NoValue />;
  return <span className={target.named ? undefined : styles.unnamed}>{target.text}</span>;
}

/**
 * The latest round's agents by band and its worst agent: one small request per enabled test. A
 * count over one round, not the test's grade (the wall's needs 10 minutes; latest-round-health.ts).
 */
function HealthCells({
  test,
  apiVersion,
  aid,
}: {
  test: VoiceTest;
  apiVersion: ApiVersion;
  aid: string | undefined;
}) {
  const health = useQuery({
    ...testHealthQueryOptions({ apiVersion, aid, test }),
    enabled: test.enabled,
  });
  if (!test.enabled) {
    return (
      <>
        <td>
          <NoValue />
        </td>
        <td>
          <NoValue />
        </td>
      </>
    );
  }
  if (health.isError) {
    const { title } = describeApiError(health.error);
    return (
      <>
        <td className={styles.unnamed}>unavailable: {title}</td>
        <td>
          <NoValue />
        </td>
      </>
    );
  }
  if (!health.data) {
    return (
      <>
        <td aria-busy="true">
          <span className={styles.skeleton} />
        </td>
        <td aria-busy="true">
          <span className={styles.skeleton} />
        </td>
      </>
    );
  }
  const latest = health.data;
  if (!latest.graded) {
    return (
      <>
        <td className={styles.unnamed}>no MOS in the latest round</td>
        <td>
          <NoValue />
        </td>
      </>
    );
  }
  return (
    <>
      <td className={styles.wraps}>
        <HealthBadge health={latest.health} className={styles.health}>
          {describeAgentsByHealth(latest.agentsByHealth, latest.agentsReporting)}
        </HealthBadge>{' '}
        <span className={styles.unnamed}>{formatClock(latest.roundId * 1000, 'utc')}</span>
      </td>
      <td className={styles.worstAgent}>
        {latest.worst.agentName}{' '}
        <span className={`${styles.unnamed} ${styles.detail}`}>
          MOS {formatMetric('mos', latest.worst.mos)}, {formatHeadroom(latest.worst.headroom)}
        </span>
      </td>
    </>
  );
}

function TestsTable({
  tests,
  aid,
  agents,
  apiVersion,
}: {
  tests: readonly VoiceTest[];
  aid: string | undefined;
  agents: ReadonlyMap<string, AgentInfo> | undefined;
  apiVersion: ApiVersion;
}) {
  return (
    <table className={styles.table}>
      <caption className="visually-hidden">Voice tests</caption>
      <TableHead />
      <tbody onKeyDown={moveBetweenLinks}>
        {tests.map((test) => (
          <tr key={test.testId}>
            <th scope="row">
              <Link to={testHref(test.testId, aid)}>{test.testName}</Link>
            </th>
            <td className={styles.wraps}>
              <TargetCell test={test} agents={agents} />
            </td>
            <td>{test.codec === '' ? <NoValue /> : test.codec}</td>
            <td className={styles.numeric}>every {formatWindow(test.intervalSeconds)}</td>
            <td>
              <span className={test.enabled ? styles.enabled : styles.disabled}>
                {test.enabled ? 'Enabled' : 'Disabled'}
              </span>
            </td>
            <HealthCells test={test} apiVersion={apiVersion} aid={aid} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TestListPage() {
  const headingId = useId();
  const filterId = useId();
  const { aid, setAid, filter, setFilter, problems } = useHomeUrlState();
  // The box keeps what is typed; the URL keeps the filter (Back and links restore it).
  const [query, setQuery] = useState(filter);
  const [filterSeen, setFilterSeen] = useState(filter);
  if (filterSeen !== filter) {
    setFilterSeen(filter);
    if (query.trim() !== filter) setQuery(filter);
  }

  const config = useEarshotConfig();
  const apiVersion = config.data?.apiVersion;
  const groups = useAccountGroups(apiVersion);
  const tests = useQuery({
    ...voiceTestsQueryOptions({ apiVersion: apiVersion ?? 'v7', aid }),
    enabled: apiVersion !== undefined,
  });

  // One call per account group, shared with the dashboard and kept for an hour (api/agents.ts).
  const agents = useAgents(apiVersion === undefined ? undefined : { apiVersion, aid });

  const chooseGroup = (nextAid: string) => setAid(nextAid);

  const loading = config.isPending || (apiVersion !== undefined && tests.isPending);
  const visibleTests = tests.data
    ? filterTests(tests.data.tests, query, (test) => describeTarget(test, agents.data).text)
    : [];
  const unreadableNote = describeUnreadableTests(tests.data?.unreadable ?? 0);

  return (
    <section aria-labelledby={headingId} aria-busy={loading} className={styles.page}>
      <h2 id={headingId}>Voice tests</h2>
      {problems.length > 0 && (
        <div role="alert" className={styles.error}>
          {problems.map((problem) => (
            <p key={problem}>{problem}</p>
          ))}
        </div>
      )}
      {groups.isError && <ErrorMessage error={groups.error} what="account groups" />}
      <div className={styles.controls}>
        {groups.data && groups.data.length > 1 && (
          <AccountGroupPicker groups={groups.data} aid={aid} onChange={chooseGroup} />
        )}
        <div className={styles.field}>
          <label htmlFor={filterId}>Filter tests</label>
          <input
            id={filterId}
            type="search"
            value={query}
            placeholder="Name, id or target"
            onChange={(event) => {
              setQuery(event.target.value);
              setFilter(event.target.value.trim());
            }}
          />
        </div>
      </div>
      {config.isError ? (
        <ErrorMessage error={config.error} what="server settings" />
      ) : tests.isError ? (
        <ErrorMessage error={tests.error} what="voice tests" />
      ) : loading || !tests.data ? (
        <SkeletonTable />
      ) : tests.data.tests.length === 0 ? (
        <p className={styles.empty}>No voice tests in this account group</p>
      ) : visibleTests.length === 0 ? (
        <p className={styles.empty}>No voice tests match “{query.trim()}”</p>
      ) : (
        <div className={styles.scroller}>
          <TestsTable
            tests={visibleTests}
            aid={aid}
            agents={agents.data}
            apiVersion={apiVersion ?? 'v7'}
          />
        </div>
      )}
      {unreadableNote !== undefined && !tests.isError && (
        // Said beside the list, never instead of it: the readable tests are still listed.
        <p role="note" className={styles.empty}>
          {unreadableNote}. Check it in ThousandEyes: Earshot needs its id and interval.
        </p>
      )}
    </section>
  );
}
