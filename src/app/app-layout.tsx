// The frame of every page but the wall: the product's name, what data this is, the theme.
import { Link, Outlet, useMatch, useSearchParams } from 'react-router';
import { DataModeBadge } from '../features/data-status/data-mode-badge.tsx';
import { ThemeToggle } from '../features/theme/theme-toggle.tsx';
import styles from './app-layout.module.css';

export function AppLayout() {
  const [searchParams] = useSearchParams();
  const aid = searchParams.get('aid');
  // Pages with data carry the mode in their data status; the list page says it here.
  const isListPage = useMatch('/') !== null;
  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <h1 className={styles.title}>
          <Link to={aid ? `/?aid=${encodeURIComponent(aid)}` : '/'}>Earshot</Link>
        </h1>
        {isListPage && <DataModeBadge />}
        <nav aria-label="Views" className={styles.nav}>
          <Link to={aid ? `/wall?aid=${encodeURIComponent(aid)}` : '/wall'}>Wall mode</Link>
          <ThemeToggle />
        </nav>
      </header>
      <main className={styles.main}>
        <Outlet />
      </main>
    </div>
  );
}
