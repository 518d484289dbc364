// What a page shows instead of data when something is wrong: what happened and what to do.
import type { ReactNode } from 'react';
import { describeApiError } from '../../api/fetch-client.ts';
import styles from './problem-panel.module.css';

export function ProblemPanel({
  title,
  messages,
  children,
}: {
  title: string;
  messages: readonly string[];
  children?: ReactNode;
}) {
  return (
    <section role="alert" className={styles.panel} aria-label={title}>
      <h2>{title}</h2>
      <ul>
        {messages.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
      {children && <p>{children}</p>}
    </section>
  );
}

/** A failed API call as a panel: what went wrong and what to do (describeApiError). */
export function ApiProblemPanel({ error }: { error: unknown }) {
  const problem = describeApiError(error);
  return <ProblemPanel title={problem.title} messages={[problem.action]} />;
}
