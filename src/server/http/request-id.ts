/**
 * Request and trace ids in the shape real COS uses (spec §1.3, an observation, not spec): `x-cos-request-id` is
 * the base64 of `<8-hex unix seconds>_<hex>_<hex>_<hex>`, e.g. `NWU3YjJkNTJfZDBjODJhMDlfMjU4NTZfMjc5MzBh` →
 * `5e7b2d52_d0c82a09_25856_27930a`. A trace id is generated per error (spec §4.1).
 */
import { randomBytes } from 'node:crypto';

let counter = 0;

/** Random bytes are drawn from a pool refilled this many at a time: one call into the CSPRNG per ~580 ids. */
const RANDOM_POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolAt = 0;

/** `bytes` fresh random bytes (never handed out twice) as lower-case hex. */
function randomHex(bytes: number): string {
  if (poolAt + bytes > pool.length) {
    pool = randomBytes(RANDOM_POOL_BYTES);
    poolAt = 0;
  }
  const hex = pool.toString('hex', poolAt, poolAt + bytes);
  poolAt += bytes;
  return hex;
}

/** A new request id: base64(`<secs hex>_<random hex>_<counter hex>_<random hex>`). */
export function newRequestId(nowMs: number = Date.now()): string {
  counter = (counter + 1) % 0x100000;
  const secs = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0');
  const raw = `${secs}_${randomHex(4)}_${counter.toString(16)}_${randomHex(3)}`;
  return Buffer.from(raw, 'latin1').toString('base64');
}

/** A new trace id: base64 of 64 random hex digits (the length real COS trace ids have). */
export function newTraceId(): string {
  return Buffer.from(randomHex(32), 'latin1').toString('base64');
}
