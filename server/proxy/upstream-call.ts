// One HTTP call to the upstream API with a connect timeout and a total timeout, the body read in
// full (and decompressed). Failures come back as an UpstreamFailure saying what went wrong, so the
// proxy can answer 504 or 502 and keep serving.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

export interface UpstreamAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type UpstreamFailureKind = 'timeout' | 'unreachable' | 'cut-short' | 'too-large';

export class UpstreamFailure extends Error {
  constructor(
    readonly kind: UpstreamFailureKind,
    message: string,
  ) {
    super(message);
  }
}

export interface UpstreamCallOptions {
  url: URL;
  method: 'GET' | 'HEAD';
  headers: Record<string, string>;
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  maxBodyBytes: number;
}

export function callUpstream(options: UpstreamCallOptions): Promise<UpstreamAnswer> {
  const { url, method, headers, connectTimeoutMs, totalTimeoutMs, maxBodyBytes } = options;
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<UpstreamAnswer>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(totalTimer);
      clearTimeout(connectTimer);
      outcome();
    };
    const fail = (kind: UpstreamFailureKind, message: string) => {
      finish(() => reject(new UpstreamFailure(kind, message)));
      req.destroy();
    };

    const req = request(url, { method, headers, agent: false });
    const totalTimer = setTimeout(
      () => fail('timeout', `no complete answer within ${totalTimeoutMs} ms`),
      totalTimeoutMs,
    );
    const connectTimer = setTimeout(
      () => fail('timeout', `could not connect within ${connectTimeoutMs} ms`),
      connectTimeoutMs,
    );
    req.on('socket', (socket) => {
      const connected = () => clearTimeout(connectTimer);
      if (!socket.connecting) connected();
      else socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', connected);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      fail('unreachable', `${error.code ?? 'error'}: ${error.message}`);
    });
    req.on('response', (res) => {
      // The bound counts the bytes Earshot would hold, so it applies after decompression; the
      // stream inflates chunk by chunk, never a whole answer in one synchronous call.
      const decoder = decoderFor(res.headers['content-encoding']);
      const body = decoder ?? res;
      const chunks: Buffer[] = [];
      let size = 0;
      const cutShort = () => fail('cut-short', 'the connection closed before the answer ended');
      body.on('data', (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        if (size > maxBodyBytes) {
          fail(
            'too-large',
            `answer larger than ${maxBodyBytes} bytes${decoder ? ' once decompressed' : ''}`,
          );
          decoder?.destroy();
          res.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('aborted', cutShort);
      res.on('error', cutShort);
      if (decoder) {
        decoder.on('error', () => fail('cut-short', 'the compressed answer could not be decoded'));
        res.on('end', () => {
          if (!res.complete) cutShort();
        });
        res.pipe(decoder);
      }
      body.on('end', () => {
        if (!res.complete) {
          cutShort();
          return;
        }
        const whole = Buffer.concat(chunks);
        finish(() => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: whole }));
      });
    });
    req.end();
  });
}

function decoderFor(encoding: string | undefined): Transform | undefined {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'br':
      return createBrotliDecompress();
    case 'deflate':
      return createInflate();
    default:
      return undefined;
  }
}
