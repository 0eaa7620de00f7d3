/**
 * Conditional requests over an object's ETag and Last-Modified (RFC 9110 §13): `If-Match`, `If-None-Match`,
 * `If-Modified-Since`, `If-Unmodified-Since` on Get/Head Object, and the `x-cos-copy-source-if-*` /
 * `x-amz-copy-source-if-*` forms on Copy Object. Evaluated in the RFC's order (§13.2.2), which is also S3's:
 * If-Match, else If-Unmodified-Since (false → 412); then If-None-Match, else If-Modified-Since (false → 304 on
 * GET/HEAD, 412 on a copy). ETags compare without quotes or `W/`; `*` matches any object; an unparsable date is
 * ignored (RFC 9110 §13.1.3); dates compare to the second (HTTP dates carry no more).
 */
import { cosError } from '../http/cos-error.ts';
import type { ObjectRecord } from '../state/objects.ts';

/** Outcome of the conditions. */
export type ConditionVerdict = 'proceed' | 'not-modified' | 'precondition-failed';

/** Header names of the four conditions, plain (`if-match`) or with a copy-source prefix. */
function names(prefix: string): { match: string; noneMatch: string; modified: string; unmodified: string } {
  return {
    match: `${prefix}if-match`,
    noneMatch: `${prefix}if-none-match`,
    modified: `${prefix}if-modified-since`,
    unmodified: `${prefix}if-unmodified-since`,
  };
}

/** Evaluates the conditions of `headers` (with `prefix`: `''`, `x-cos-copy-source-`, …) against `object`. */
export function evaluateConditions(
  headers: Readonly<Record<string, string>>,
  object: Pick<ObjectRecord, 'etag' | 'lastModified'>,
  prefix = '',
): ConditionVerdict {
  const headerNames = names(prefix);
  const seconds = Math.floor(object.lastModified.getTime() / 1000);
  const ifMatch = headers[headerNames.match];
  if (ifMatch !== undefined) {
    if (!etagListMatches(ifMatch, object.etag)) return 'precondition-failed';
  } else {
    const since = httpDateSeconds(headers[headerNames.unmodified]);
    if (since !== undefined && seconds > since) return 'precondition-failed';
  }
  const ifNoneMatch = headers[headerNames.noneMatch];
  if (ifNoneMatch !== undefined) {
    if (etagListMatches(ifNoneMatch, object.etag)) return 'not-modified';
  } else {
    const since = httpDateSeconds(headers[headerNames.modified]);
    if (since !== undefined && seconds <= since) return 'not-modified';
  }
  return 'proceed';
}

/** The copy-source conditions of a Copy Object (either prefix): any unmet one is 412 PreconditionFailed. */
export function requireCopySourceConditions(
  headers: Readonly<Record<string, string>>,
  object: Pick<ObjectRecord, 'etag' | 'lastModified'>,
): void {
  for (const prefix of ['x-cos-copy-source-', 'x-amz-copy-source-']) {
    if (evaluateConditions(headers, object, prefix) !== 'proceed') throw cosError('PreconditionFailed');
  }
}

/** Whether a comma-separated list of entity tags (or `*`) names `etag`. */
export function etagListMatches(list: string, etag: string): boolean {
  const want = bare(etag);
  return list.split(',').some((entry) => {
    const tag = entry.trim();
    return tag === '*' || bare(tag) === want;
  });
}

function bare(tag: string): string {
  return tag.replace(/^W\//, '').replace(/^"|"$/g, '');
}

/** Seconds since the epoch of an HTTP date, or undefined when absent or unparsable. */
function httpDateSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}
