/**
 * What an answer that is no evidence means for a verdict (docs/architecture.md "Checks and outcomes"; the classification table of
 * src/faults/catalogue.ts). A step whose answer was lost (timeout, reset, cut) or is unreadable (a 2xx whose XML
 * does not parse) leaves the server state unknown when the operation may change it → `indeterminate`; when the
 * operation only reads, or nothing could be said about the endpoint (refused, DNS, TLS, a request the harness
 * could not build) → `error`.
 */
import type { Exchange } from '../../client/exchange.ts';
import { parseXml } from '../../xml/parse.ts';
import type { Outcome } from '../types.ts';

const INDETERMINATE = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'HEADERS_TIMEOUT',
  'BODY_TIMEOUT',
  'TIMEOUT',
  'SOCKET_CLOSED',
  'RESPONSE_LENGTH_MISMATCH',
  'ABORTED',
]);

/** Operations that only read: a lost answer puts nothing in doubt, the endpoint just failed to answer. */
const READ_ONLY_OPS = new Set(['listParts', 'listMultipartUploads', 'getObject', 'headObject', 'headBucket']);

/** Operations whose 2xx answer is an XML document the harness must read (spec §2.1, §2.4, §2.5, §2.7). */
const XML_ANSWER_OPS = new Set([
  'initiateMultipartUpload',
  'listParts',
  'completeMultipartUpload',
  'listMultipartUploads',
]);

/** The outcome of a step whose answer is lost or unreadable: `error` for a read, `indeterminate` otherwise. */
export function lostAnswerOutcome(ex: Exchange): Extract<Outcome, 'indeterminate' | 'error'> {
  return READ_ONLY_OPS.has(ex.op) ? 'error' : 'indeterminate';
}

/** A 2xx answer of an XML operation whose body is not one well-formed document (spec §2; an `<Error>` parses). */
function unreadableXml(ex: Exchange): boolean {
  const response = ex.response;
  if (!response || response.status < 200 || response.status >= 300 || !XML_ANSWER_OPS.has(ex.op))
    return false;
  if (response.bodyText === undefined || response.bodyText.trim() === '') return false;
  try {
    parseXml(response.bodyText);
    return false;
  } catch {
    return true;
  }
}

/**
 * The outcome a lost or unreadable answer forces, or undefined when the exchange got an HTTP answer the judge
 * can read.
 */
export function transportOutcome(
  ex: Exchange | undefined,
): Extract<Outcome, 'indeterminate' | 'error'> | undefined {
  if (!ex) return 'error';
  if (!ex.transportError) {
    if (!ex.response) return 'error';
    return unreadableXml(ex) ? lostAnswerOutcome(ex) : undefined;
  }
  return INDETERMINATE.has(ex.transportError.code) ? lostAnswerOutcome(ex) : 'error';
}

/** COS 503 codes that refuse a request before acting (spec §4.2: ServiceUnavailable, SlowDown). */
const REFUSAL_CODES = new Set(['ServiceUnavailable', 'SlowDown']);

/**
 * The outcome of a 5xx answer to a step that had to succeed: a 503 refusal with a COS error document → `error`
 * (nothing was done); any other 5xx (InternalError, or a bodiless 5xx from something in front of COS, spec §4.4)
 * → as a lost answer, since the back end may have acted.
 */
export function serverErrorOutcome(ex: Exchange): Extract<Outcome, 'indeterminate' | 'error'> {
  const response = ex.response;
  if (response?.status === 503 && REFUSAL_CODES.has(response.error?.code ?? '')) return 'error';
  return lostAnswerOutcome(ex);
}
