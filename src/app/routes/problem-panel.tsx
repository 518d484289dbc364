// What a page shows instead of data when something is wrong: what happened and what to do.
import type { ReactNode } from 'react';
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
