// The one shape of every error Earshot's server answers with: an RFC 9457 problem body
// `{status, title, detail}` that says what was wrong and, where it can, what to do instead.
import type { ServerResponse } from 'node:http';

export interface Problem {
  status: number;
  title: string;
  detail: string;
}

export function problem(status: number, title: string, detail: string): Problem {
  return { status, title, detail };
}

export function sendProblem(
  res: ServerResponse,
  body: Problem,
  headers: Record<string, string | number> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(body.status, {
    'Content-Type': 'application/problem+json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}
