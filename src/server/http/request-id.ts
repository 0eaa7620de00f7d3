/**
 * Request and trace ids in the shape real COS uses (spec §1.3, an observation, not spec): `x-cos-request-id` is
 * the base64 of `<8-hex unix seconds>_<hex>_<hex>_<hex>`, e.g. `NWU3YjJkNTJfZDBjODJhMDlfMjU4NTZfMjc5MzBh` →
 * `5e7b2d52_d0c82a09_25856_27930a`. A trace id is generated per error (spec §4.1).
 */
import { randomBytes } from 'node:crypto';

let counter = 0;

/**
 * Random hex digits are drawn from a pool refilled this many bytes at a time: one call into the CSPRNG and one hex
 * conversion per ~580 request ids. Digits are handed out once.
 */
const RANDOM_POOL_BYTES = 4096;
let hexPool = '';
let hexAt = 0;

/** `bytes` fresh random bytes (never handed out twice) as lower-case hex. */
function randomHex(bytes: number): string {
  const digits = bytes * 2;
  if (hexAt + digits > hexPool.length) {
    hexPool = randomBytes(RANDOM_POOL_BYTES).toString('hex');
    hexAt = 0;
  }
  const hex = hexPool.slice(hexAt, hexAt + digits);
  hexAt += digits;
  return hex;
}

/** `<secs hex>_` of the last second an id was made in (made once a second, not per id). */
let prefixSecs = -1;
let prefixText = '';
/** Where the raw id is written before its base64 is read (ids are made synchronously, so one buffer serves). */
const scratch = Buffer.alloc(64);

/** A new request id: base64(`<secs hex>_<random hex>_<counter hex>_<random hex>`). */
export function newRequestId(nowMs: number = Date.now()): string {
  counter = (counter + 1) % 0x100000;
  const secs = Math.floor(nowMs / 1000);
  if (secs !== prefixSecs) {
    prefixSecs = secs;
    prefixText = `${secs.toString(16).padStart(8, '0')}_`;
  }
  const raw = `${prefixText}${randomHex(4)}_${counter.toString(16)}_${randomHex(3)}`;
  const length = scratch.write(raw, 0, 'latin1');
  return scratch.toString('base64', 0, length);
}

/** A new trace id: base64 of 64 random hex digits (the length real COS trace ids have). */
export function newTraceId(): string {
  return Buffer.from(randomHex(32), 'latin1').toString('base64');
}
