/** Shown for the moment a page's code is still arriving on a cold start. */
export function RouteLoading() {
  return (
    <p role="status" style={{ padding: '1.25rem' }}>
      Loading Earshot…
    </p>
  );
}
