/**
 * The stamp layout of generated bodies, and `locate`, which reads stamps back.
 *
 * A body is a sequence of 64-byte blocks, aligned to the body's own offset 0. Every block starts with a
 * 28-byte stamp followed by 36 bytes of PRNG filler (the last block may be cut short):
 *
 * | bytes  | content                                                                    |
 * |--------|----------------------------------------------------------------------------|
 * | 0..3   | `00 FF 0D 0A`: a NUL, a 0xFF and a CRLF in every block, for binary safety  |
 * | 4..7   | magic `C O S b` (stamped body) or `C O S p` (plain body, no upload/part)   |
 * | 8..11  | upload number (uint32 LE; 0 in a plain body)                               |
 * | 12..15 | part number (uint32 LE; 0 in a plain body)                                 |
 * | 16..19 | seed tag: a 32-bit hash of the body's seed (tells overwritten versions apart) |
 * | 20..23 | block index = body offset / 64 (uint32 LE, so bodies up to 256 GiB)       |
 * | 24..27 | check: a 32-bit hash of bytes 4..23, so random bytes are not taken for stamps |
 *
 * Any window of at least 127 bytes holds one whole stamp, so {@link locate} works on windows of ≥ 128 bytes.
 * A body of 4 bytes or more contains 0x00, 0xFF and CRLF; shorter bodies hold a prefix of `00 FF 0D`.
 */

/** Size of one stamped block. */
export const BLOCK_SIZE = 64;
/** Bytes of each block taken by the stamp. */
export const STAMP_SIZE = 28;
/** The smallest body that contains 0x00, 0xFF and "\r\n". */
export const MIN_SIZE_WITH_SPECIAL_BYTES = 4;
/** The smallest window in which {@link locate} always finds a stamp. */
export const MIN_LOCATE_WINDOW = 2 * BLOCK_SIZE - 1;

/** Words of the stamp as little-endian int32 values. */
export const WORD_SPECIAL = 0x0a0dff00 | 0;
export const MAGIC_STAMPED = 0x62534f43 | 0; // "COSb"
export const MAGIC_PLAIN = 0x70534f43 | 0; // "COSp"

/** murmur3's 32-bit finaliser: a cheap bijective mixer. */
export function fmix32(value: number): number {
  let hash = value | 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash | 0;
}

/** The 32-bit tag of a seed written in every stamp (as an unsigned number). */
export function seedTagOf(seed: number): number {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 0x1_0000_0000) | 0;
  return fmix32(fmix32(lo ^ 0x5bd1e995) ^ hi) >>> 0;
}

/** Per-body part of the check word: hash of magic, upload, part and seed tag. */
export function stampBase(magic: number, upload: number, part: number, seedTag: number): number {
  return fmix32(fmix32(fmix32(magic ^ upload) ^ part) ^ seedTag);
}

/** The check word of one block. */
export function stampCheck(base: number, blockIndex: number): number {
  return fmix32(base ^ blockIndex);
}

/** Where a byte came from, as its stamp says. */
export interface BodyOrigin {
  /** False for a body generated without `stamp` (upload and part are then 0). */
  stamped: boolean;
  upload: number;
  part: number;
  /** {@link seedTagOf} of the body's seed. */
  seedTag: number;
  /** Offset of the byte within that body. */
  offset: number;
}

function readWord(bytes: Uint8Array, at: number): number {
  return bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24) | 0;
}

interface FoundStamp {
  at: number;
  origin: Omit<BodyOrigin, 'offset'>;
  blockOffset: number;
}

function stampAt(bytes: Uint8Array, at: number): FoundStamp | undefined {
  if (readWord(bytes, at) !== WORD_SPECIAL) return undefined;
  const magic = readWord(bytes, at + 4);
  if (magic !== MAGIC_STAMPED && magic !== MAGIC_PLAIN) return undefined;
  const upload = readWord(bytes, at + 8);
  const part = readWord(bytes, at + 12);
  const seedTag = readWord(bytes, at + 16);
  const blockIndex = readWord(bytes, at + 20);
  if (readWord(bytes, at + 24) !== stampCheck(stampBase(magic, upload, part, seedTag), blockIndex)) {
    return undefined;
  }
  const stamped = magic === MAGIC_STAMPED;
  if (!stamped && (upload !== 0 || part !== 0)) return undefined;
  return {
    at,
    origin: { stamped, upload: upload >>> 0, part: part >>> 0, seedTag: seedTag >>> 0 },
    blockOffset: (blockIndex >>> 0) * BLOCK_SIZE,
  };
}

/**
 * Says which body (upload, part, seed tag) and which offset in it the byte `bytes[atOffset]` came from, by
 * reading the stamps in `bytes` (give it a window of ≥ 128 bytes). Prefers the stamp of the block that
 * holds the byte, then the nearest stamp after it, then the nearest before it, assuming the bytes between
 * that stamp and the byte are contiguous. Returns undefined when the window holds no valid stamp that can
 * account for the byte (for example all zeros, or foreign data).
 */
export function locate(bytes: Uint8Array, atOffset = 0): BodyOrigin | undefined {
  if (!Number.isInteger(atOffset) || atOffset < 0 || atOffset >= bytes.length) return undefined;
  const stamps: FoundStamp[] = [];
  for (let at = 0; at + STAMP_SIZE <= bytes.length; at++) {
    const found = stampAt(bytes, at);
    if (found) stamps.push(found);
  }
  const usable = stamps.filter((s) => s.blockOffset + (atOffset - s.at) >= 0);
  // The last stamp at or before the byte, if the byte lies within its block (a short last block of one
  // part may be followed by the next part's block, so several stamps can claim the byte).
  const before = usable.filter((s) => s.at <= atOffset).sort((a, b) => b.at - a.at)[0];
  const containing = before && atOffset < before.at + BLOCK_SIZE ? before : undefined;
  const after = usable.filter((foundStamp) => foundStamp.at > atOffset).sort((a, b) => a.at - b.at)[0];
  const best = containing ?? after ?? before;
  if (!best) return undefined;
  return { ...best.origin, offset: best.blockOffset + (atOffset - best.at) };
}

/** Human-readable origin, e.g. `upload 3 part 2 offset 0` or `plain body 1a2b3c4d offset 64`. */
export function describeOrigin(origin: BodyOrigin): string {
  return origin.stamped
    ? `upload ${origin.upload} part ${origin.part} offset ${origin.offset}`
    : `plain body ${origin.seedTag.toString(16).padStart(8, '0')} offset ${origin.offset}`;
}
