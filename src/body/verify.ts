/**
 * Streaming comparison of a downloaded body with what it should be, for objects too big to hold: bytes are
 * checked against the generated layout as they arrive, and only a small window around the first wrong
 * byte is kept to explain it (see `mismatch.ts`).
 */
import { Writable } from 'node:stream';
import type { BodySpec } from './generate.ts';
import { BodyLayout } from './layout.ts';
import { type Mismatch, mismatchAt } from './mismatch.ts';
import { BLOCK_SIZE, MIN_LOCATE_WINDOW } from './stamp.ts';

/** The verdict of a {@link BodyVerifier}. */
export interface VerifyResult {
  /** Bytes received. */
  received: number;
  /** Bytes expected (sum of the specs' sizes). */
  expectedSize: number;
  /** The first wrong byte, if any byte was wrong or extra. */
  mismatch?: Mismatch;
  /** True when every expected byte arrived, no more, and all were right. */
  ok: boolean;
  /** One line for reports. */
  message: string;
}

export type BodyVerifier = Writable & {
  /** The verdict for the bytes written so far (final once the stream has finished). */
  result(): VerifyResult;
};

/** Bytes kept before and after the first wrong byte to read its stamps. */
const KEEP_BEFORE = BLOCK_SIZE;
const KEEP_AFTER = MIN_LOCATE_WINDOW + 2 * BLOCK_SIZE;

/** A writable that checks the bytes written to it against `expected` (one body or an object's parts). */
export function createBodyVerifier(expected: BodySpec | readonly BodySpec[]): BodyVerifier {
  const layout = new BodyLayout(expected);
  let received = 0;
  /** Last bytes before the current chunk (for context once a mismatch is found). */
  let tail: Uint8Array = new Uint8Array(0);
  let window: { start: number; index: number; parts: Uint8Array[]; length: number } | undefined;
  let mismatch: Mismatch | undefined;

  const settle = (): void => {
    if (!window || mismatch) return;
    const bytes = Buffer.concat(window.parts);
    mismatch = mismatchAt(layout, bytes, window.start, window.index);
  };

  const take = (chunk: Uint8Array): void => {
    if (mismatch) return;
    if (window) {
      const more = Buffer.from(chunk.subarray(0, KEEP_AFTER));
      window.parts.push(more);
      window.length += more.length;
      if (window.length - window.index >= KEEP_AFTER) settle();
      return;
    }
    const index = layout.firstDifference(received, chunk);
    if (index < 0) {
      // Copies: the writer may reuse its buffers.
      const joined = chunk.length >= KEEP_BEFORE ? chunk : Buffer.concat([tail, chunk]);
      tail = Buffer.from(joined.subarray(Math.max(0, joined.length - KEEP_BEFORE)));
      return;
    }
    const from = Math.max(0, index - KEEP_BEFORE);
    const before = tail.subarray(Math.max(0, tail.length - (KEEP_BEFORE - (index - from))));
    const own = Buffer.from(chunk.subarray(from, index + KEEP_AFTER));
    window = {
      start: received + from - before.length,
      index: before.length + (index - from),
      parts: [Buffer.from(before), own],
      length: before.length + own.length,
    };
    if (window.length - window.index >= KEEP_AFTER) settle();
  };

  const writable = new Writable({
    write(chunk: Buffer, _encoding, callback): void {
      take(chunk);
      received += chunk.length;
      callback();
    },
    final(callback): void {
      settle();
      callback();
    },
  });

  const result = (): VerifyResult => {
    settle();
    const short = !mismatch && received < layout.size;
    const message = mismatch
      ? mismatch.message
      : short
        ? `body ended at byte ${received}, expected ${layout.size} bytes`
        : `all ${received} bytes as expected`;
    return { received, expectedSize: layout.size, mismatch, ok: !mismatch && !short, message };
  };
  return Object.assign(writable, { result });
}
