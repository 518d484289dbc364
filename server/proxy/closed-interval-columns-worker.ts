// The thread that reads closed intervals into round columns (closed-interval-columns.ts): parsing
// an interval's ~10 MB of rows, off the thread that serves every request.
import { parentPort } from 'node:worker_threads';
import type { ApiVersion } from '../../common/earshot-config.ts';
import { intervalColumns, type ColumnsParts } from './closed-interval-columns.ts';

export interface ColumnsJob {
  id: number;
  joined: Uint8Array;
  apiVersion: ApiVersion;
  path: string;
}

export interface ColumnsDone {
  id: number;
  columns: ColumnsParts | undefined;
  error?: string;
}

parentPort?.on('message', (job: ColumnsJob) => {
  let done: ColumnsDone;
  try {
    const joined = Buffer.from(job.joined.buffer, job.joined.byteOffset, job.joined.byteLength);
    done = { id: job.id, columns: intervalColumns(joined, job.apiVersion, job.path) };
  } catch (error) {
    done = {
      id: job.id,
      columns: undefined,
      error: error instanceof Error ? error.message : 'unknown',
    };
  }
  // Handed over, not copied: this thread keeps nothing of them.
  const transfer = done.columns ? [done.columns.header.buffer, done.columns.numbers.buffer] : [];
  parentPort?.postMessage(done, transfer as ArrayBuffer[]);
});
