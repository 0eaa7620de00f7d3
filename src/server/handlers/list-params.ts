/** Validation of the paging parameters of listings (spec §2.4, §2.7: bad values are 400 InvalidArgument). */
import type { QueryParams } from '../http/query.ts';
import { cosError } from '../http/cos-error.ts';

/**
 * A non-negative integer parameter: absent → `fallback`; not `^\d+$` → InvalidArgument; above `max` → `max`
 * (S3/COS cap page sizes at 1000 rather than refusing larger ones).
 */
export function intParam(
  query: QueryParams,
  name: string,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = query.get(name);
  if (raw === undefined) return fallback;
  if (!/^\d{1,15}$/.test(raw)) throw cosError('InvalidArgument', `${name} must be a non-negative integer.`);
  return Math.min(Number(raw), max);
}

/** `encoding-type`: absent or `url` (spec §2.7 [D7736]: anything else is InvalidArgument). */
export function encodingTypeParam(query: QueryParams): 'url' | undefined {
  const raw = query.get('encoding-type');
  if (raw === undefined) return undefined;
  if (raw !== 'url') throw cosError('InvalidArgument', 'encoding-type must be "url".');
  return 'url';
}
