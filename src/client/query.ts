/** Query strings as ordered pairs, so sub-resources without a value (`?uploads`) survive as written. */
import { encodeComponent } from '../target/addressing.ts';

/** One query parameter; `null` value means a bare name (`?uploads`), `''` means `name=`. */
export type QueryPair = readonly [name: string, value: string | null];

/** Builds `?a=1&uploads` (or `''` when empty); names and values RFC 3986 encoded. */
export function buildQueryString(pairs: readonly QueryPair[]): string {
  if (pairs.length === 0) return '';
  const parts = pairs.map(([k, v]) =>
    v === null ? encodeComponent(k) : `${encodeComponent(k)}=${encodeComponent(v)}`,
  );
  return `?${parts.join('&')}`;
}

/** The decoded view of a query, for records and signing (a bare name has value `''`, spec §6.1 step 3). */
export function queryRecord(pairs: readonly QueryPair[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of pairs) out[k] = v ?? '';
  return out;
}

/** Drops pairs whose value is `undefined`, turning optional options into wire pairs. */
export function compactQuery(
  pairs: ReadonlyArray<readonly [string, string | number | null | undefined]>,
): QueryPair[] {
  const out: QueryPair[] = [];
  for (const [k, v] of pairs) {
    if (v === undefined) continue;
    out.push([k, v === null ? null : String(v)]);
  }
  return out;
}
