/**
 * Request and trace ids in the shape real COS uses (spec §1.3, an observation, not spec): `x-cos-request-id` is
 * the base64 of `<8-hex unix seconds>_<hex>_<hex>_<hex>`, e.g. `NWU3YjJkNTJfZDBjODJhMDlfMjU4NTZfMjc5MzBh` →
 * `5e7b2d52_d0c82a09_25856_27930a`. A trace id is generated per error (spec §4.1).
 */
import { randomBytes } from 'node:crypto';

let counter = 0;

/** A new request id: base64(`<secs hex>_<random hex>_<counter hex>_<random hex>`). */
export function newRequestId(nowMs: number = Date.now()): string {
  counter = (counter + 1) % 0x100000;
  const secs = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0');
  const raw = `${secs}_${randomBytes(4).toString('hex')}_${counter.toString(16)}_${randomBytes(3).toString('hex')}`;
  return Buffer.from(raw, 'latin1').toString('base64');
}

/** A new trace id: base64 of 64 random hex digits (the length real COS trace ids have). */
export function newTraceId(): string {
  return Buffer.from(randomBytes(32).toString('hex'), 'latin1').toString('base64');
}
