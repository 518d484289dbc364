// Security headers for every answer of the production server: a Content-Security-Policy that
// allows only Earshot's own origin (no inline script, no inline style), framing refused unless
// EARSHOT_FRAME_ANCESTORS allows it, no referrer leaks, no MIME sniffing.
import type { ServerResponse } from 'node:http';

export function contentSecurityPolicy(frameAncestors: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

export function securityHeaders(frameAncestors: string): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(frameAncestors),
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    ...(frameAncestors === "'none'" ? { 'X-Frame-Options': 'DENY' } : {}),
  };
}

export function applySecurityHeaders(res: ServerResponse, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}
