/** Query strings as ordered pairs, so sub-resources without a value (`?uploads`) survive as written. */
import { encodeComponent } from '../target/addressing.ts';

/** One query parameter; `null` value means a bare name (`?uploads`), `''` means `name=`. */
export type QueryPair = readonly [name: string, value: string | null];

/** Builds `?a=1&uploads` (or `''` when empty); names and values RFC 3986 encoded. */
export function buildQueryString(pairs: readonly QueryPair[]): string {
  if (pairs.length === 0) return '';
  const parts = pairs.map(([key, value]) =>
    value === null ? encodeComponent(key) : `${encodeComponent(key)}=${encodeComponent(value)}`,
  );
  return `?${parts.join('&')}`;
}

/** The decoded view of a query, for records and signing (a bare name has value `''`, spec §6.1 step 3). */
export function queryRecord(pairs: readonly QueryPair[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of pairs) out[key] = value ?? '';
  return out;
}

/** Drops pairs whose value is `undefined`, turning optional options into wire pairs. */
export function compactQuery(
  pairs: ReadonlyArray<readonly [string, string | number | null | undefined]>,
): QueryPair[] {
  const out: QueryPair[] = [];
  for (const [key, value] of pairs) {
    if (value === undefined) continue;
    out.push([key, value === null ? null : String(value)]);
  }
  return out;
}
