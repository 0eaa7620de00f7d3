/**
 * Byte-exactness of what came back (a whole object, a part range, a boundary read) against the generated
 * bodies it should hold, in order. The response digest proves equality; the bytes, when the scenario kept
 * them, let `describeMismatch` say where the wrong bytes came from (which upload, part and offset).
 */
import { createHash } from 'node:crypto';
import type { Exchange } from '../../client/exchange.ts';
import type { BodySpec } from '../../body/generate.ts';
import { BodyLayout } from '../../body/layout.ts';
import { describeMismatch } from '../../body/mismatch.ts';

/** A read to compare: what was asked (offset, length within the expected layout) and what came back. */
export interface ReadBack {
  /** The GET (whole or ranged). */
  exchange: Exchange | undefined;
  /** Start of the read within the expected bytes. */
  offset: number;
  /** Bytes asked for. */
  length: number;
  /** The bytes received, when kept (small reads); used to locate a mismatch. */
  actual?: Uint8Array;
}

/** MD5 hex of the expected bytes [offset, offset+length) of `specs` laid end to end. */
export function expectedMd5(specs: readonly BodySpec[], offset: number, length: number): string {
  const layout = new BodyLayout(specs);
  const hash = createHash('md5');
  const step = 4 * 1024 * 1024;
  const end = Math.min(layout.size, offset + length);
  for (let position = offset; position < end; position += step)
    hash.update(layout.read(position, Math.min(step, end - position)));
  return hash.digest('hex');
}

/** Total size of `specs` laid end to end. */
export function layoutSize(specs: readonly BodySpec[]): number {
  return specs.reduce((total, spec) => total + spec.size, 0);
}

/**
 * Why a read-back is wrong, or undefined when its bytes are exactly the expected ones. Does not judge the
 * status beyond "2xx" (a 206 or a 200 with exactly the range are both fine).
 */
export function readBackProblem(specs: readonly BodySpec[], read: ReadBack): string | undefined {
  const ex = read.exchange;
  const response = ex?.response;
  if (!ex || !response) return `no answer (${ex?.transportError?.code ?? 'not sent'})`;
  if (response.status < 200 || response.status >= 300)
    return `answered ${response.status}${response.error?.code ? ` ${response.error.code}` : ''}`;
  const want = Math.max(0, Math.min(layoutSize(specs), read.offset + read.length) - read.offset);
  if (read.actual) {
    const mismatch = describeMismatch(specs, read.actual, read.offset);
    if (mismatch) return mismatch.message;
    if (read.actual.length !== want) return `got ${read.actual.length} bytes, expected ${want}`;
    return undefined;
  }
  if (response.bodySize !== want) return `got ${response.bodySize} bytes, expected ${want}`;
  const md5 = expectedMd5(specs, read.offset, read.length);
  if (response.bodyMd5 !== md5)
    return `MD5 of the ${response.bodySize} bytes is ${response.bodyMd5}, expected ${md5}`;
  return undefined;
}
