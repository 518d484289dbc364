// A closed interval's rows read once here and written as round columns
// (common/result-rows/round-columns.ts), the form Earshot's browser asks for: about 10 times fewer
// bytes than upstream's rows, and no object per row to parse. The rows are read by the very
// readers the browser uses on upstream's pages (common/result-rows/v7.ts, v6.ts); rows those
// readers refuse, or columns that would not give a row back exactly, leave the interval without
// columns, and the browser gets upstream's rows and says what was wrong with them, as before.
//
// Reading a 3-hour interval at 500 agents (~10 MB) takes about as long as the simulator takes to
// make it, so it runs on a thread of its own (closed-interval-columns-worker.ts): the thread that
// serves every request, and the embedded simulator with it, is not held up by it, and on a cold
// load it runs beside them. Should that thread fail to start or die, intervals are read on this
// thread instead.
import { Worker } from 'node:worker_threads';
import type { ApiVersion } from '../../common/earshot-config.ts';
import { encodeRoundColumns } from '../../common/result-rows/round-columns.ts';
import type { RoundResult } from '../../common/result-rows/round-result.ts';
import { RowsRefused } from '../../common/result-rows/row-fields.ts';
import { noSkippedRows } from '../../common/result-rows/skipped-rows.ts';
import { readV6MetricRows } from '../../common/result-rows/v6.ts';
import { readV7ResultRows } from '../../common/result-rows/v7.ts';
import type { ColumnsDone } from './closed-interval-columns-worker.ts';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The joined body of an interval (upstream's shape, links rewritten, credentials scrubbed) as round
 * columns; undefined when its rows cannot be columns.
 */
export function intervalColumns(
  joined: Buffer,
  apiVersion: ApiVersion,
  path: string,
): Buffer | undefined {
  let body: unknown;
  try {
    body = JSON.parse(joined.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(body)) return undefined;
  const skipped = noSkippedRows();
  let rows: RoundResult[];
  let envelope: Record<string, unknown>;
  try {
    if (apiVersion === 'v7') {
      if (!Array.isArray(body.results)) return undefined;
      rows = readV7ResultRows(body.results, path, skipped);
      envelope = { ...body, results: [] };
    } else {
      const voice = body.voice;
      if (!isRecord(voice) || !Array.isArray(voice.metrics)) return undefined;
      rows = readV6MetricRows(voice.metrics, path, skipped);
      envelope = { ...body, voice: { ...voice, metrics: [] } };
    }
  } catch (error) {
    if (error instanceof RowsRefused) return undefined;
    throw error;
  }
  const columns = encodeRoundColumns(rows, envelope, skipped);
  return columns && Buffer.from(JSON.stringify(columns));
}

/** The columns thread, started on first use, shared by every proxy of the process. */
let columnsThread:
  { worker: Worker; pending: Map<number, (done: ColumnsDone | undefined) => void> } | undefined;
let columnsThreadFailed = false;
let nextJob = 0;

function startColumnsThread(): NonNullable<typeof columnsThread> {
  const pending = new Map<number, (done: ColumnsDone | undefined) => void>();
  // The worker's module is TypeScript: the thread registers tsx, as the server itself runs, then
  // imports it (Node 20 does not pass `--import tsx` on to a worker's module loading).
  const entry = new URL('./closed-interval-columns-worker.ts', import.meta.url).href;
  const worker = new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true, execArgv: [] },
  );
  const fail = () => {
    columnsThreadFailed = true;
    columnsThread = undefined;
    for (const settle of pending.values()) settle(undefined);
    pending.clear();
  };
  worker.on('message', (done: ColumnsDone) => {
    pending.get(done.id)?.(done);
    pending.delete(done.id);
    if (pending.size === 0) worker.unref();
  });
  worker.on('error', fail);
  worker.on('exit', fail);
  // A process may end with it idle, not while it reads (see readIntervalColumns). After the
  // listeners: adding a 'message' listener refs it again.
  worker.unref();
  return { worker, pending };
}

/** Whether the columns thread runs (for the server's tests: a fallback must not hide a failure). */
export function columnsThreadStatus(): 'not started' | 'running' | 'failed' {
  if (columnsThreadFailed) return 'failed';
  return columnsThread ? 'running' : 'not started';
}

/**
 * intervalColumns on the columns thread, scrubbed as written (the scrub holds the credentials,
 * which never leave this thread); on this thread when the columns thread is not there.
 */
export async function readIntervalColumns(
  joined: Buffer,
  apiVersion: ApiVersion,
  path: string,
  scrub: (bytes: Buffer) => Buffer,
): Promise<Buffer | undefined> {
  let done: ColumnsDone | undefined;
  if (!columnsThreadFailed) {
    const thread = (columnsThread ??= startColumnsThread());
    const id = nextJob++;
    done = await new Promise<ColumnsDone | undefined>((settle) => {
      thread.pending.set(id, settle);
      thread.worker.ref();
      // A joined body of several pages is in shared memory (closed-interval-join.ts): not copied.
      thread.worker.postMessage({ id, joined, apiVersion, path });
    });
  }
  const columns = done
    ? done.columns &&
      Buffer.from(done.columns.buffer, done.columns.byteOffset, done.columns.byteLength)
    : intervalColumns(joined, apiVersion, path);
  return columns && scrub(columns);
}
