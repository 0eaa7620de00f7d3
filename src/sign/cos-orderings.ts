import { type CanonicalPair, compareAscii, joinCanonicalPairs } from './cos-algorithm.ts';
import { cosUrlEncode } from './url-encode.ts';

/**
 * The orders in which COS clients write HttpParameters / HttpHeaders (spec §6.3), which the verifier tolerates:
 * the doc's, cos-nodejs-sdk-v5's and cos-go-sdk-v5's.
 */

/** A signed header or parameter as received: canonical name, wire key, decoded value. */
export interface SignedItem {
  name: string;
  key: string;
  value: string;
}

/**
 * The candidate HttpParameters / HttpHeaders strings, in the orders clients produce: by canonical (encoded) name
 * with repeated names in wire order (the doc; a stable sort); by lower-cased raw key (cos-nodejs-sdk-v5, whose
 * HttpString order differs from its own lists for keys such as `a/` vs `a-` or non-ASCII keys); by canonical name
 * and then value (cos-go-sdk-v5, for repeated names).
 *
 * When the items are already in strictly ascending order of both canonical name and lower-cased key (the usual
 * case: distinct names, listed or sent sorted), the three orders are the items' own order and one string is
 * returned without sorting ({@link allOrdersCoincide}).
 */
export function orderings(items: readonly SignedItem[]): string[] {
  return allOrdersCoincide(items) ? [joinItems(items)] : allOrderings(items);
}

/** The candidate strings of {@link orderings}, each order computed by sorting (duplicates removed). */
export function allOrderings(items: readonly SignedItem[]): string[] {
  // Each item is encoded once (and its lower-cased key made once), whatever the number of orders.
  const entries = items.map((item) => ({
    item,
    pair: canonicalPair(item),
    lowerKey: item.key.toLowerCase(),
  }));
  const docOrder = formatEntries([...entries].sort((a, b) => compareAscii(a.item.name, b.item.name)));
  const nodeOrder = formatEntries([...entries].sort((a, b) => compareAscii(a.lowerKey, b.lowerKey)));
  const goOrder = formatEntries(
    [...entries].sort(
      (a, b) =>
        compareAscii(a.item.name, b.item.name) ||
        Buffer.compare(Buffer.from(a.item.value), Buffer.from(b.item.value)),
    ),
  );
  return unique([docOrder, nodeOrder, goOrder]);
}

/**
 * Whether every pair of neighbours is strictly ascending by canonical name and by lower-cased key. Then the doc's
 * stable sort by name and the Node SDK's stable sort by lower-cased key leave the items as they are, and the Go
 * SDK's sort by name then value does too (names are distinct, so values are never compared).
 */
function allOrdersCoincide(items: readonly SignedItem[]): boolean {
  let previous: SignedItem | undefined;
  let previousLowerKey = '';
  for (const item of items) {
    const lowerKey = item.key.toLowerCase();
    if (previous !== undefined && !(previous.name < item.name && previousLowerKey < lowerKey)) return false;
    previous = item;
    previousLowerKey = lowerKey;
  }
  return true;
}

/** `name=value&…` of items in their order (values COS-encoded). */
function joinItems(items: readonly SignedItem[]): string {
  let text = '';
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as SignedItem;
    text += `${i === 0 ? '' : '&'}${item.name}=${cosUrlEncode(item.value)}`;
  }
  return text;
}

function formatEntries(entries: ReadonlyArray<{ pair: CanonicalPair }>): string {
  return joinCanonicalPairs(entries.map((entry) => entry.pair));
}

function canonicalPair(item: SignedItem): CanonicalPair {
  return { name: item.name, value: cosUrlEncode(item.value) };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
