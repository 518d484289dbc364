// Test support: waits for something the code under test does on its own (a server noticing a lost
// or a regained connection, a process getting ready), looking again every `everyMs`, and fails
// with what it waited for once `timeoutMs` has passed: a bounded wait on a condition, never a
// fixed sleep.
export async function waitUntil(
  condition: () => Promise<boolean>,
  what: string,
  { timeoutMs = 10_000, everyMs = 25 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await condition()) return;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  const cause = lastError instanceof Error ? ` (last try: ${lastError.message})` : '';
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${cause}`);
}
