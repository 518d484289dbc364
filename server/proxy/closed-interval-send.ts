// Sends a kept closed interval: its brotli or gzip form as it is kept, or, for the rare client
// that accepts neither, the gzip form inflated as it streams out (the plain body is not kept:
// it is ~8 times the compressed forms). The inflated stream is capped at the length the entry
// says, so a damaged form (one kept by another server, in Redis) can never send more than that.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { createGunzip } from 'node:zlib';
import { chooseEncoding } from '../static/compression.ts';
import { storedForm, type CompressedBody } from './closed-interval-cache.ts';

/** Resolves once the answer is sent, or cut off. */
export function sendStoredInterval(
  req: IncomingMessage,
  res: ServerResponse,
  headers: OutgoingHttpHeaders,
  status: number,
  entry: CompressedBody,
): Promise<void> {
  const encoding = chooseEncoding(req.headers['accept-encoding']);
  // Accept chooses between upstream's shape and round columns (proxy-send.ts).
  const vary = { ...headers, Vary: 'Accept-Encoding, Accept' };
  if (encoding !== 'identity') {
    const form = storedForm(entry, encoding);
    res.writeHead(status, {
      ...vary,
      'Content-Encoding': encoding,
      'Content-Length': form.length,
    });
    res.end(req.method === 'HEAD' ? undefined : form);
    return Promise.resolve();
  }
  res.writeHead(status, { ...vary, 'Content-Length': entry.plainBytes });
  if (req.method === 'HEAD') {
    res.end();
    return Promise.resolve();
  }
  return new Promise((done) => {
    const inflate = createGunzip();
    let sent = 0;
    // A form that does not decode, or decodes to more or less than it says, is cut off: the
    // client sees a body short of its Content-Length, an error, never a wrong body taken as whole.
    const cutOff = () => {
      inflate.destroy();
      res.destroy();
      done();
    };
    inflate.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      if (sent > entry.plainBytes) {
        cutOff();
      } else if (!res.write(chunk)) {
        inflate.pause();
        res.once('drain', () => inflate.resume());
      }
    });
    inflate.on('end', () => {
      if (sent !== entry.plainBytes) {
        cutOff();
        return;
      }
      res.end();
      done();
    });
    inflate.on('error', cutOff);
    res.on('close', () => {
      if (!res.writableFinished) cutOff();
    });
    inflate.end(entry.gzip);
  });
}
