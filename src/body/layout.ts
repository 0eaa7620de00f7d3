/**
 * A sequence of generated bodies laid end to end — one part body, or the parts of a completed object in
 * part-number order — with random access to its expected bytes. Used to compare what came back.
 */
import {
  allocChunk,
  type BodySpec,
  CHUNK_SIZE,
  chunkLength,
  generateChunkInto,
  type PreparedBody,
  prepareBody,
} from './generate.ts';
import type { BodyOrigin } from './stamp.ts';

export class BodyLayout {
  readonly bodies: readonly PreparedBody[];
  /** Start offset of each body within the layout. */
  readonly starts: readonly number[];
  /** Total length. */
  readonly size: number;
  readonly #scratch = allocChunk(CHUNK_SIZE);
  #cached: { body: number; chunk: number; bytes: Uint8Array } | undefined;

  constructor(specs: BodySpec | readonly BodySpec[]) {
    const list: readonly BodySpec[] = Array.isArray(specs) ? specs : [specs as BodySpec];
    this.bodies = list.map(prepareBody);
    const starts: number[] = [];
    let total = 0;
    for (const body of this.bodies) {
      starts.push(total);
      total += body.size;
    }
    this.starts = starts;
    this.size = total;
  }

  /** Index of the body holding layout position `pos` (0 ≤ pos < size). */
  bodyAt(pos: number): number {
    let lo = 0;
    let hi = this.bodies.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    // Skip empty bodies that start at the same position.
    while (lo < this.bodies.length - 1 && this.starts[lo] + this.bodies[lo].size <= pos) lo++;
    return lo;
  }

  /** Where the expected byte at `pos` comes from. */
  originAt(pos: number): BodyOrigin {
    const index = this.bodyAt(pos);
    const body = this.bodies[index];
    const stamped = body.spec.stamp !== undefined;
    return {
      stamped,
      upload: body.spec.stamp?.upload ?? 0,
      part: body.spec.stamp?.part ?? 0,
      seedTag: body.seedTag >>> 0,
      offset: pos - this.starts[index],
    };
  }

  #chunk(bodyIndex: number, chunkIndex: number): Uint8Array {
    const c = this.#cached;
    if (c && c.body === bodyIndex && c.chunk === chunkIndex) return c.bytes;
    const bytes = generateChunkInto(this.bodies[bodyIndex], chunkIndex, this.#scratch);
    this.#cached = { body: bodyIndex, chunk: chunkIndex, bytes };
    return bytes;
  }

  /** Calls `visit(expected, at)` for consecutive expected pieces covering [pos, pos+length) ∩ [0, size). */
  #walk(pos: number, length: number, visit: (expected: Uint8Array, at: number) => boolean): void {
    const end = Math.min(this.size, pos + length);
    let p = Math.max(0, pos);
    while (p < end) {
      const index = this.bodyAt(p);
      const within = p - this.starts[index];
      const chunkIndex = Math.floor(within / CHUNK_SIZE);
      const from = within - chunkIndex * CHUNK_SIZE;
      const to = Math.min(chunkLength(this.bodies[index], chunkIndex), from + (end - p));
      if (!visit(this.#chunk(index, chunkIndex).subarray(from, to), p)) return;
      p += to - from;
    }
  }

  /** The expected bytes of [pos, pos+length), cut at the end of the layout. */
  read(pos: number, length: number): Buffer {
    const out = Buffer.allocUnsafe(Math.max(0, Math.min(this.size, pos + length) - Math.max(0, pos)));
    let written = 0;
    this.#walk(pos, length, (expected) => {
      out.set(expected, written);
      written += expected.length;
      return true;
    });
    return out;
  }

  /**
   * Index in `actual` of the first byte that differs from the layout at position `pos + index`, or -1.
   * Bytes of `actual` past the end of the layout count as differing.
   */
  firstDifference(pos: number, actual: Uint8Array): number {
    let found = -1;
    this.#walk(pos, actual.length, (expected, at) => {
      const offset = at - pos;
      const got = actual.subarray(offset, offset + expected.length);
      if (Buffer.compare(got, expected) === 0) return true;
      for (let position = 0; position < expected.length; position++) {
        if (got[position] !== expected[position]) {
          found = offset + position;
          break;
        }
      }
      return false;
    });
    if (found >= 0) return found;
    const covered = Math.max(0, Math.min(this.size - pos, actual.length));
    return covered < actual.length ? covered : -1;
  }
}
