/**
 * Seeds (docs/architecture.md "Seeds and replay"): one run seed; each test's seed = hash(run seed, stable test id), so filtering,
 * sharding and file order never change a test's inputs, and every vendor gets the same inputs.
 */
import { createHash, randomInt } from 'node:crypto';
import { firstIdOf } from '../checks/aliases.ts';

/** A fresh run seed: a non-negative 31-bit integer, short enough to type back. */
export function newRunSeed(): number {
  return randomInt(0, 2 ** 31);
}

/**
 * The seed of test `testId` in run `runSeed`: the first 32 bits of SHA-256("<runSeed>:<id>") as a signed
 * 32-bit integer (what fast-check takes as `seed`), where `<id>` is the id the check had first (a renamed
 * check keeps its inputs: src/checks/aliases.ts). Stable across hosts and versions.
 */
export function deriveSeed(runSeed: number, testId: string): number {
  return createHash('sha256')
    .update(`${runSeed}:${firstIdOf(testId)}`)
    .digest()
    .readInt32BE(0);
}

/** A sub-seed for one use inside a test (e.g. body bytes of upload k), stable like {@link deriveSeed}. */
export function subSeed(seed: number, label: string): number {
  return createHash('sha256').update(`${seed}/${label}`).digest().readUInt32BE(0);
}
