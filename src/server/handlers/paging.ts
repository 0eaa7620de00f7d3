/**
 * One page of a key listing with `delimiter` grouping, shared by List Objects and List Multipart Uploads: keys
 * that contain the delimiter after the prefix collapse into one `CommonPrefixes` entry, which counts once
 * towards the page size (as S3/COS).
 */

/** An entry to list: its key and the item it stands for. */
export interface Listed<T> {
  key: string;
  item: T;
}

export interface Page<T> {
  items: T[];
  commonPrefixes: string[];
  truncated: boolean;
  /** The key (or common prefix) of the last entry of the page, for the next marker. */
  nextMarker: string;
  /** The last item of the page (undefined when the page ended on a common prefix). */
  lastItem: T | undefined;
}

/** The first `max` entries (items or common prefixes) of `sorted`, which is already filtered by prefix and marker. */
export function pageOf<T>(
  sorted: ReadonlyArray<Listed<T>>,
  prefix: string,
  delimiter: string,
  max: number,
): Page<T> {
  const items: T[] = [];
  const commonPrefixes: string[] = [];
  let count = 0;
  let nextMarker = '';
  let lastItem: T | undefined;
  let truncated = false;
  for (const entry of sorted) {
    const common = commonPrefixOf(entry.key, prefix, delimiter);
    if (common !== undefined && commonPrefixes.at(-1) === common) continue;
    if (count === max) {
      truncated = true;
      break;
    }
    count++;
    if (common !== undefined) {
      commonPrefixes.push(common);
      nextMarker = common;
      lastItem = undefined;
    } else {
      items.push(entry.item);
      nextMarker = entry.key;
      lastItem = entry.item;
    }
  }
  return { items, commonPrefixes, truncated, nextMarker, lastItem };
}

/** The common prefix `key` rolls up into, or undefined when it is listed itself. */
function commonPrefixOf(key: string, prefix: string, delimiter: string): string | undefined {
  if (delimiter === '') return undefined;
  const at = key.indexOf(delimiter, prefix.length);
  return at === -1 ? undefined : key.slice(0, at + delimiter.length);
}

/**
 * Whether `key` rolls up into a common prefix that a previous page already returned as its marker (a marker
 * ending with the delimiter): such keys are skipped.
 */
export function insideMarkerPrefix(key: string, marker: string, delimiter: string): boolean {
  return delimiter !== '' && marker.endsWith(delimiter) && key.startsWith(marker);
}
