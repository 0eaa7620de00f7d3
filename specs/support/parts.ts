/**
 * Scenario steps shared by the spec files: starting an upload, sending generated part bodies (one by one or
 * all at once), listing parts, and reading an object (or a range of it) back for the byte checks.
 */
import type { BodySpec } from '../../src/body/generate.ts';
import type { BodyDigest } from '../../src/body/hashing.ts';
import { digestOf } from '../../src/body/part-body.ts';
import type { ReadBack } from '../../src/checks/kit/bytes.ts';
import { describeExchange } from '../../src/checks/kit/describe.ts';
import type { PartListing } from '../../src/checks/kit/observations.ts';
import type { UploadPartOptions } from '../../src/client/cos-client.ts';
import type { Exchange, OpResult } from '../../src/client/exchange.ts';
import type { RawRequestOptions, RawResponseData } from '../../src/client/raw.ts';
import { subSeed } from '../../src/model/seed.ts';
import { isNotImplemented, neededMessage, type Operation } from '../../src/checks/needs.ts';
import type { Suite } from './suite.ts';

/** A scenario step the checks depend on failed: the test reports `error`, not a verdict. */
export class ScenarioError extends Error {
  readonly code = 'SCENARIO';
  override readonly name = 'ScenarioError';
}

/**
 * A step the check needs could not run: the endpoint lacks the operation (405, 501) or refused this step. The
 * test reports `error` with the message (`needs Abort Multipart Upload, which the endpoint does not implement
 * (405 MethodNotAllowed)`), never a verdict.
 */
export class MissingOperationError extends ScenarioError {
  readonly operation: Operation;
  readonly exchange: Exchange | undefined;
  constructor(operation: Operation, exchange: Exchange | undefined) {
    super(neededMessage(operation, exchange));
    this.operation = operation;
    this.exchange = exchange;
  }
}

/** A setup step of operation `op`: anything but a 2xx without an error document throws {@link MissingOperationError}. */
export function need<R extends { exchange: Exchange; status?: number; error?: unknown }>(
  op: Operation,
  answer: R,
): R {
  const status = answer.status ?? 0;
  if (status < 200 || status >= 300 || answer.error) throw new MissingOperationError(op, answer.exchange);
  return answer;
}

/** A judged step of operation `op`: only an answer saying the endpoint lacks the operation (405, 501) throws. */
export function unlessMissing(op: Operation, exchange: Exchange): Exchange {
  if (isNotImplemented(exchange)) throw new MissingOperationError(op, exchange);
  return exchange;
}

/**
 * An Upload Part sent on the raw path (what undici will not send: no Content-Length, a short body, headers
 * only): `partNumber` of `uploadId`, with the raw options given.
 */
export function rawUploadPart(
  suite: Suite,
  key: string,
  uploadId: string,
  partNumber: number,
  opts: Omit<RawRequestOptions, 'target' | 'recorder' | 'op' | 'method' | 'key' | 'query'>,
): Promise<OpResult<RawResponseData>> {
  return suite.client.raw({
    op: 'uploadPart',
    method: 'PUT',
    key,
    query: [
      ['partNumber', String(partNumber)],
      ['uploadId', uploadId],
    ],
    ...opts,
  });
}

let uploadCounter = 0;

/** A fresh stamp number for an upload of this file (so mismatches name the upload). */
export function nextUploadNo(): number {
  uploadCounter += 1;
  return uploadCounter;
}

/** The body of part `part` of upload `upload`, `size` bytes, seeded from the test seed. */
export function partSpec(seed: number, upload: number, part: number, size: number, version = 0): BodySpec {
  return { seed: subSeed(seed, `${upload}/${part}/${version}`), size, stamp: { upload, part } };
}

/** Starts an upload (tracked) and returns its id; throws {@link ScenarioError} if it cannot. */
export async function startUpload(
  suite: Suite,
  key: string,
  headers?: Record<string, string>,
): Promise<string> {
  const answer = await suite.initiate(key, headers);
  if (!answer.data?.uploadId) {
    throw new ScenarioError(
      `Initiate failed: ${describeExchange(answer.exchange)} ${answer.protocolError?.message ?? ''}`.trim(),
    );
  }
  return answer.data.uploadId;
}

/** One uploaded part: what was sent and the answer. */
export interface SentPart {
  partNumber: number;
  spec: BodySpec;
  digest: BodyDigest;
  res: OpResult<{ etag: string }>;
}

/** Sends parts in the given order, sequentially or all at once. */
export async function sendParts(
  suite: Suite,
  key: string,
  uploadId: string,
  parts: ReadonlyArray<{ partNumber: number; spec: BodySpec }>,
  how: { concurrent?: boolean; options?: UploadPartOptions } = {},
): Promise<SentPart[]> {
  const one = async (part: { partNumber: number; spec: BodySpec }): Promise<SentPart> => {
    const [digest, res] = await Promise.all([
      digestOf(part.spec),
      suite.client.uploadPart(key, uploadId, part.partNumber, { spec: part.spec }, how.options ?? {}),
    ]);
    return { partNumber: part.partNumber, spec: part.spec, digest, res };
  };
  if (how.concurrent) return Promise.all(parts.map(one));
  const out: SentPart[] = [];
  for (const part of parts) out.push(await one(part));
  return out;
}

/** The Complete list of sent parts in part-number order, with the ETags the server returned. */
export function completeList(sent: readonly SentPart[]): Array<{ partNumber: number; etag: string }> {
  return [...sent]
    .sort((first, second) => first.partNumber - second.partNumber)
    .map((part) => ({ partNumber: part.partNumber, etag: part.res.data?.etag ?? `"${part.digest.md5Hex}"` }));
}

/** List Parts (one page) as a {@link PartListing}. */
export async function listing(suite: Suite, key: string, uploadId: string): Promise<PartListing> {
  const answer = await suite.client.listParts(key, uploadId);
  return answer.data
    ? { exchange: answer.exchange, parts: answer.data.parts }
    : { exchange: answer.exchange };
}

/** Reads kept in memory up to this size (to locate mismatches); larger reads are hashed only. */
const KEEP_BYTES = 8 * 1024 * 1024;

async function read(
  suite: Pick<Suite, 'client'>,
  key: string,
  offset: number,
  length: number,
  range: boolean,
): Promise<ReadBack> {
  const keep = length <= KEEP_BYTES;
  const answer = await suite.client.getObject(key, {
    ...(range ? { range: `bytes=${offset}-${offset + length - 1}` } : {}),
    ...(keep ? { maxBufferBytes: KEEP_BYTES } : { digestOnly: true }),
  });
  const body = answer.data?.body;
  return { exchange: answer.exchange, offset, length, ...(body ? { actual: body } : {}) };
}

/**
 * Reads a whole object (no Range header) that should be `size` bytes: kept when small, else hashed as it streams
 * in (never buffered), the MD5 then compared with the generated bodies by `readBackProblem`.
 */
export function readObject(suite: Pick<Suite, 'client'>, key: string, size: number): Promise<ReadBack> {
  return read(suite, key, 0, size, false);
}

/** Reads `[offset, offset+length)` of an object with a Range header. */
export function readRange(
  suite: Pick<Suite, 'client'>,
  key: string,
  offset: number,
  length: number,
): Promise<ReadBack> {
  return read(suite, key, offset, length, true);
}

/** The exchanges of sent parts, in sending order. */
export function exchangesOf(sent: readonly SentPart[]): Exchange[] {
  return sent.map((part) => part.res.exchange);
}
