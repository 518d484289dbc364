export function App() {
  return (
    <main>
      <h1>Earshot</h1>
      <p>Voice quality for ThousandEyes RTP stream tests.</p>
    </main>
  );
}
