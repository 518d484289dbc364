// Compression for text answers (pages, scripts, styles, JSON): brotli when the browser takes it,
// else gzip, else as they are. Small bodies are not worth it.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const MIN_COMPRESS_BYTES = 1024;

export type ContentEncoding = 'br' | 'gzip' | 'identity';

/** The encoding to use for a request's Accept-Encoding (q=0 means "not this one"). */
export function chooseEncoding(acceptEncoding: string | string[] | undefined): ContentEncoding {
  const text = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : (acceptEncoding ?? '');
  const accepted = new Set<string>();
  for (const part of text.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const refused = params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param));
    if (name && !refused) accepted.add(name.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return 'identity';
}

export function isCompressibleType(contentType: string): boolean {
  return /^(text\/|application\/(json|[a-z.+-]+\+json|javascript|manifest\+json)|image\/svg\+xml)/i.test(
    contentType,
  );
}

export function compress(body: Buffer, encoding: ContentEncoding): Buffer {
  if (encoding === 'br') {
    return brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 5,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    });
  }
  if (encoding === 'gzip') return gzipSync(body, { level: 6 });
  return body;
}

/**
 * Sends a complete body, compressed when the type is text-like, the body is big enough and the
 * browser accepts it. `precompressed` lets a caller reuse an encoding it keeps in memory.
 */
export function sendBody(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  body: Buffer,
  precompressed?: (encoding: ContentEncoding) => Buffer,
): void {
  const contentType = String(headers['Content-Type'] ?? '');
  let encoded = body;
  let encoding: ContentEncoding = 'identity';
  if (isCompressibleType(contentType)) {
    headers = { ...headers, Vary: 'Accept-Encoding' };
    if (body.length >= MIN_COMPRESS_BYTES) {
      encoding = chooseEncoding(req.headers['accept-encoding']);
      encoded = precompressed ? precompressed(encoding) : compress(body, encoding);
    }
  }
  res.writeHead(status, {
    ...headers,
    ...(encoding === 'identity' ? {} : { 'Content-Encoding': encoding }),
    'Content-Length': encoded.length,
  });
  res.end(req.method === 'HEAD' ? undefined : encoded);
}
