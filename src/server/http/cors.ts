/**
 * CORS for browser clients of a local emulator: permissive by design. A request with `Origin` gets
 * `Access-Control-Allow-Origin` set to that origin (and `Vary: Origin`), and the headers a COS/S3 browser client
 * reads are exposed: ETag, the CRC-64, the request id, Content-Range, multipart part counts, version id, SSE.
 * A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is answered 200 before any signature
 * check (browsers never sign it), allowing the five methods of the API and whatever headers were asked for;
 * one without those headers is 400 InvalidRequest, one for another method 403 AccessDenied.
 */
import type { ServerResponse } from 'node:http';
import { cosError } from './cos-error.ts';

/** Methods a preflight may ask for. */
export const CORS_METHODS: readonly string[] = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'];

/** Response headers a browser script may read. */
export const CORS_EXPOSED_HEADERS: readonly string[] = [
  'ETag',
  'Content-Length',
  'Content-Range',
  'Content-Type',
  'Last-Modified',
  'x-cos-request-id',
  'x-cos-trace-id',
  'x-cos-hash-crc64ecma',
  'x-cos-mp-parts-count',
  'x-amz-mp-parts-count',
  'x-cos-version-id',
  'x-cos-server-side-encryption',
  'x-amz-server-side-encryption',
];

/** How long a browser may cache a preflight answer, in seconds. */
export const CORS_MAX_AGE_SEC = 600;

/** Adds the CORS headers of an actual (non-preflight) answer when the request came with an `Origin`. */
export function setCorsHeaders(res: ServerResponse, headers: Readonly<Record<string, string>>): void {
  const origin = headers.origin;
  if (origin === undefined) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Expose-Headers', CORS_EXPOSED_HEADERS.join(', '));
  res.setHeader('Vary', 'Origin');
}

/** Answers a preflight (the caller has set the actual-answer headers already). */
export function answerPreflight(res: ServerResponse, headers: Readonly<Record<string, string>>): void {
  const method = headers['access-control-request-method'];
  if (headers.origin === undefined || method === undefined) {
    throw cosError(
      'InvalidRequest',
      'Insufficient information. Origin and Access-Control-Request-Method request headers needed.',
    );
  }
  if (!CORS_METHODS.includes(method.trim().toUpperCase())) {
    throw cosError('AccessDenied', `CORSResponse: the method ${method} is not allowed.`);
  }
  res.statusCode = 200;
  res.setHeader('Access-Control-Allow-Methods', CORS_METHODS.join(', '));
  const asked = headers['access-control-request-headers'];
  if (asked !== undefined && asked.trim() !== '') res.setHeader('Access-Control-Allow-Headers', asked);
  res.setHeader('Access-Control-Max-Age', String(CORS_MAX_AGE_SEC));
  res.setHeader('Content-Length', 0);
  res.end();
}
