import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { storeInterval, type CompressedBody } from './closed-interval-cache.ts';
import { sendStoredInterval } from './closed-interval-send.ts';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
});

async function serve(entry: CompressedBody): Promise<string> {
  const server = createServer((req, res) =>
    sendStoredInterval(req, res, { 'Content-Type': 'application/json' }, 200, entry),
  );
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

/** The bytes as sent, or the error that cut them off. */
function getRaw(
  url: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<{ headers: IncomingHttpHeaders; body: Buffer } | { error: string }> {
  return new Promise((resolve) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', (error) => resolve({ error: error.message }));
      res.on('aborted', () => resolve({ error: 'aborted' }));
    });
    req.on('error', (error) => resolve({ error: error.message }));
    req.end();
  });
}

/** An interval's upstream shape as the cache keeps it (its rows not read as columns). */
async function upstreamShapeOf(text: string): Promise<CompressedBody> {
  const entry = await storeInterval({ status: 200, headers: {}, body: Buffer.from(text) });
  return entry.upstreamShape!;
}

const BODY = JSON.stringify({ results: Array.from({ length: 3000 }, (_, i) => ({ roundId: i })) });

describe('sendStoredInterval', () => {
  it('sends the kept form a client accepts, and inflates gzip for one that accepts neither', async () => {
    const entry = await upstreamShapeOf(BODY);
    const url = await serve(entry);
    const br = await getRaw(url, { 'Accept-Encoding': 'gzip, br' });
    expect('body' in br && br.headers['content-encoding']).toBe('br');
    expect('body' in br && br.body).toEqual(entry.brotli);
    const gzip = await getRaw(url, { 'Accept-Encoding': 'gzip' });
    expect('body' in gzip && gzip.body).toEqual(entry.gzip);
    const plain = await getRaw(url, {});
    expect('body' in plain && plain.headers['content-encoding']).toBeUndefined();
    expect('body' in plain && plain.headers['content-length']).toBe(`${BODY.length}`);
    expect('body' in plain && plain.body.toString()).toBe(BODY);
    expect('body' in plain && plain.headers.vary).toBe('Accept-Encoding, Accept');
    const head = await getRaw(url, {}, 'HEAD');
    expect('body' in head && head.body.length).toBe(0);
    expect('body' in head && head.headers['content-length']).toBe(`${BODY.length}`);
  });

  it('cuts off a damaged form that inflates to more than the entry says, never sending it whole', async () => {
    const entry = await upstreamShapeOf(BODY);
    const damaged = { ...entry, gzip: gzipSync(Buffer.from(BODY + ' '.repeat(100_000))) };
    const answer = await getRaw(await serve(damaged), {});
    if ('body' in answer) expect(answer.body.length).toBeLessThan(BODY.length);
    else expect(answer.error).toMatch(/aborted|socket hang up|ECONNRESET/);
  });
});
