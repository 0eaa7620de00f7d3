/**
 * Explains wrong bytes: finds the first byte that differs from the expected body (or object layout) and
 * reads the stamps around it to say where the bytes that are there actually came from. This is what the
 * suite prints when a part or a completed object reads back wrong.
 */
import type { BodySpec } from './generate.ts';
import { BodyLayout } from './layout.ts';
import {
  BLOCK_SIZE,
  type BodyOrigin,
  describeOrigin,
  locate,
  MIN_LOCATE_WINDOW,
  STAMP_SIZE,
} from './stamp.ts';

/** The first wrong byte and what the stamps say about it. */
export interface Mismatch {
  /**
   * Position of the first wrong byte in the expected body or layout; for a misplaced block, the start of
   * that block (its first stamp bytes may coincide with the expected ones).
   */
  position: number;
  /** Where the right byte comes from; undefined when `actual` runs past the end of the expected bytes. */
  expected?: BodyOrigin;
  expectedByte?: number;
  /** Where the byte that is there came from, if a stamp says so. */
  found?: BodyOrigin;
  foundByte: number;
  /** One line, e.g. `byte 1048576: expected upload 3 part 2 offset 0, found upload 3 part 1 offset 1048576`. */
  message: string;
}

function hex(byte: number): string {
  return '0x' + byte.toString(16).padStart(2, '0');
}

/** `0x12 instead of 0x34` for the first wrong byte. */
function bytesNote(layout: BodyLayout, actual: Uint8Array, offset: number, index: number): string {
  const want = layout.read(offset + index, 1);
  return want.length === 1 ? `${hex(actual[index])} instead of ${hex(want[0])}` : hex(actual[index]);
}

function sameOrigin(first: BodyOrigin, second: BodyOrigin): boolean {
  return (
    first.stamped === second.stamped &&
    first.upload === second.upload &&
    first.part === second.part &&
    first.seedTag === second.seedTag &&
    first.offset === second.offset
  );
}

/** Origin of `actual[index]`, trusting stamps at or after it first (bytes before it were right). */
function foundOrigin(actual: Uint8Array, index: number): BodyOrigin | undefined {
  const ahead = actual.subarray(index, index + MIN_LOCATE_WINDOW + BLOCK_SIZE);
  const fromAhead = locate(ahead, 0);
  if (fromAhead) return fromAhead;
  const start = Math.max(0, index - BLOCK_SIZE);
  return locate(actual.subarray(start, index + MIN_LOCATE_WINDOW + BLOCK_SIZE), index - start);
}

function explain(
  position: number,
  expected: BodyOrigin | undefined,
  found: BodyOrigin | undefined,
  bytes: string,
): string {
  const head = `byte ${position}: `;
  if (!expected) {
    return found
      ? `${head}expected end of body, found extra bytes from ${describeOrigin(found)}`
      : `${head}expected end of body, found extra bytes that carry no stamp`;
  }
  const want = describeOrigin(expected);
  if (!found)
    return `${head}expected ${want}, found bytes that carry no stamp (${bytes}; zeros or foreign data?)`;
  if (sameOrigin(expected, found)) {
    return `${head}expected ${want}, found ${bytes}; the stamps around it are right, so bytes were altered in place`;
  }
  const sameSlot =
    found.stamped && expected.stamped && found.upload === expected.upload && found.part === expected.part;
  if (sameSlot && found.seedTag !== expected.seedTag) {
    const tag = (t: number): string => t.toString(16).padStart(8, '0');
    return (
      `${head}expected ${want}, found ${describeOrigin(found)} of another body ` +
      `(seed tag ${tag(found.seedTag)}, expected ${tag(expected.seedTag)}: an older or newer upload of this part?)`
    );
  }
  return `${head}expected ${want}, found ${describeOrigin(found)}`;
}

/**
 * Compares `actual` with the expected bytes starting at position `offset` of `expected` (one body, or the
 * bodies of an object's parts in order) and explains the first difference; undefined when they agree.
 * `actual` may be shorter than what remains of the expected bytes (only its bytes are compared); bytes
 * past the end of the expected bytes are reported as a mismatch.
 */
export function describeMismatch(
  expected: BodySpec | readonly BodySpec[],
  actual: Uint8Array,
  offset = 0,
): Mismatch | undefined {
  const layout = new BodyLayout(expected);
  const index = layout.firstDifference(offset, actual);
  if (index < 0) return undefined;
  return mismatchAt(layout, actual, offset, index);
}

/**
 * Builds the {@link Mismatch} for a known first difference at `actual[index]` (`actual[0]` is at layout
 * position `offset`, and the bytes before `index` are right).
 */
export function mismatchAt(layout: BodyLayout, actual: Uint8Array, offset: number, index: number): Mismatch {
  let at = index;
  let found = foundOrigin(actual, index);
  let expected = offset + at < layout.size ? layout.originAt(offset + at) : undefined;
  // Misplaced blocks share their first stamp bytes (00 FF 0D 0A, magic, often the upload number) with the
  // expected ones, so the first *different* byte may lie inside the stamp. Report the block's start instead:
  // the bytes in between matched both, and blocks are what get misplaced.
  if (found && expected && !sameOrigin(expected, found)) {
    const intoBlock = found.offset % BLOCK_SIZE;
    if (intoBlock > 0 && intoBlock < STAMP_SIZE && intoBlock <= index) {
      at = index - intoBlock;
      found = { ...found, offset: found.offset - intoBlock };
      expected = layout.originAt(offset + at);
    }
  }
  const position = offset + at;
  return {
    position,
    expected,
    expectedByte: expected ? layout.read(position, 1)[0] : undefined,
    found,
    foundByte: actual[at],
    message: explain(position, expected, found, bytesNote(layout, actual, offset, at)),
  };
}
