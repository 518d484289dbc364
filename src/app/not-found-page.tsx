import { Link, useLocation } from 'react-router';

export function NotFoundPage() {
  const location = useLocation();
  return (
    <section aria-labelledby="not-found-heading" style={{ padding: '2rem' }}>
      <h2 id="not-found-heading">No page at {location.pathname}</h2>
      <p>
        Earshot has three kinds of page: the test list at <code>/</code>, a test at{' '}
        <code>/tests/&lt;testId&gt;</code> and the wall at <code>/wall</code>.
      </p>
      <p>
        <Link to="/">Go to the test list</Link>
      </p>
    </section>
  );
}
