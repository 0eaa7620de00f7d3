/**
 * The commands of generated sequences (fast-check `AsyncCommand`s over the {@link Model}): Initiate, Upload Part,
 * List Parts, Abort and Complete, each allowed in every state, so operations after Abort and after Complete are
 * generated too. `run` sends the request, judges the answer against the model's prediction under the profile
 * (throwing {@link StepError} when it is not allowed) and then updates the model. `toString` is the request and
 * its answer, so a shrunk counterexample reads as the list of requests that fail.
 */
import { createHash } from 'node:crypto';
import type fc from 'fast-check';
import { crc64Combine } from '../body/crc64.ts';
import { type BodySpec, digestOf } from '../body/part-body.ts';
import { status204 } from '../checks/families/abort.ts';
import { completeAcceptsEtag, crc64 as crc64Check, etagMd5, statusOk } from '../checks/families/basics.ts';
import {
  ascendingRequired,
  emptyList,
  etagFormat,
  missingPart,
  objectCrc64,
  subsetWithGaps,
  wrongEtag,
} from '../checks/families/complete.ts';
import { md5Correct, md5Wrong } from '../checks/families/integrity.ts';
import { rejectAboveMax, rejectZero } from '../checks/families/part-number.ts';
import { belowMinRejected } from '../checks/families/part-size.ts';
import { expectedMd5 } from '../checks/kit/bytes.ts';
import type { JudgeEnv } from '../checks/kit/define.ts';
import { describeAnswer, describeExchange } from '../checks/kit/describe.ts';
import { describeVariants, matchVariant } from '../checks/kit/response.ts';
import { transportOutcome } from '../checks/kit/transport.ts';
import type { CheckResult } from '../checks/types.ts';
import type { CosClient } from '../client/cos-client.ts';
import type { Exchange } from '../client/exchange.ts';
import type { Profile, Variant } from '../profiles/types.ts';
import type { CompleteKind, Md5Mode } from './arbitraries.ts';
import { isSuccessVariant, type Prediction, predict } from './predict.ts';
import { StepError } from './step-error.ts';
import {
  addUpload,
  expectedEtag,
  MAX_UPLOADS,
  type Model,
  type ModelPart,
  pickUpload,
  sortedParts,
  type UploadModel,
} from './upload-model.ts';

/** The system under test as the commands see it: a client, the judge environment, and bookkeeping. */
export interface ModelReal {
  client: CosClient;
  env: JudgeEnv;
  /** Object key of upload `index` in this sequence. */
  keyOf(index: number): string;
  /** Upload ids of the uploads started, by model index. */
  uploadIds: Map<number, string>;
  /** Called for every upload started and object created, so teardown can clean up. */
  onUploadStarted(key: string, uploadId: string): void;
  onObjectCreated(key: string): void;
  /** The requests of this sequence, as run, for the failure report. */
  steps: string[];
  /** Distinct `Op→answer` pairs seen. */
  coverage: Set<string>;
}

export type ModelCommand = fc.AsyncCommand<Model, ModelReal>;

function fromTransport(ex: Exchange | undefined, label: string): void {
  const outcome = transportOutcome(ex);
  if (outcome)
    throw new StepError(
      outcome,
      `${label}: ${ex?.transportError?.code ?? 'no answer'} ${ex?.transportError?.message ?? ''}`.trim(),
    );
}

/** Judges an answer against a prediction; returns the variant it matched. */
function expectAnswer(ex: Exchange, prediction: Prediction, label: string): Variant {
  fromTransport(ex, label);
  const variant = matchVariant(ex, prediction.allowed);
  if (!variant) {
    throw new StepError(
      'fail',
      `${label}: expected ${describeVariants(prediction.allowed)} [${prediction.checks.join(', ')}], got ${describeExchange(ex)}`,
    );
  }
  return variant;
}

/** Turns a catalogue verdict into a step failure (skip and pass go on). */
function demand(result: CheckResult, label: string): void {
  if (result.outcome === 'pass' || result.outcome === 'skip') return;
  throw new StepError(result.outcome, `${label}: ${result.checkId}: ${result.message}`);
}

function note(real: ModelReal, op: string, ex: Exchange | undefined, label: string): string {
  const answer = describeAnswer(ex);
  real.coverage.add(`${op}→${answer}`);
  const line = `${label} → ${answer}`;
  real.steps.push(line);
  return line;
}

function target(
  state: Model,
  real: ModelReal,
  index: number,
): { u: UploadModel; key: string; uploadId: string } {
  const model = pickUpload(state, index)!;
  return { u: model, key: real.keyOf(model.index), uploadId: real.uploadIds.get(model.index)! };
}

function stateRules(model: UploadModel, op: 'upload-part' | 'list-parts' | 'complete' | 'abort'): string[] {
  if (model.state === 'aborted') return [`no-such-upload.${op}.after-abort`];
  if (model.state === 'completed') return [`no-such-upload.${op}.after-complete`];
  return [];
}

/** Initiate Multipart Upload: starts upload u<k> (at most {@link MAX_UPLOADS} per sequence). */
export class InitiateCommand implements ModelCommand {
  #label = 'Initiate';
  check(state: Readonly<Model>): boolean {
    return state.uploads.length < MAX_UPLOADS;
  }
  async run(model: Model, real: ModelReal): Promise<void> {
    const index = model.uploads.length;
    const key = real.keyOf(index);
    const res = await real.client.initiateMultipartUpload(key);
    this.#label = note(real, 'Initiate', res.exchange, `Initiate u${index}`);
    fromTransport(res.exchange, this.#label);
    if (!res.data?.uploadId) {
      throw new StepError(
        'error',
        `${this.#label}: no upload id (${res.protocolError?.message ?? describeAnswer(res.exchange)})`,
      );
    }
    real.uploadIds.set(index, res.data.uploadId);
    real.onUploadStarted(key, res.data.uploadId);
    addUpload(model);
  }
  toString(): string {
    return this.#label;
  }
}

/**
 * Upload Part (first upload or re-upload of a number), with or without Content-MD5, right or wrong. The part
 * number `'next'` is resolved when the command runs: one more than the highest part the upload holds, so
 * generated sequences build completable uploads instead of only scattering parts.
 */
/**
 * A part under the minimum uploaded below a stored higher part number is known not to be last: where the profile
 * allows EntityTooSmall at Upload Part (`at-upload-part`, spec §3 [OBS-ckb]), that refusal is a possible answer.
 */
export function smallNonLastAtUploadPart(
  profile: Profile,
  model: UploadModel,
  partNumber: number,
  size: number,
): string[] {
  const id = belowMinRejected.id;
  const expectation = profile.expectations[id];
  const allowsAtUpload =
    expectation !== undefined &&
    'variants' in expectation &&
    expectation.variants.some((variant) => variant.name === 'at-upload-part');
  if (!allowsAtUpload || size >= profile.limits.minPartSize.value || model.state !== 'open') return [];
  return [...model.parts.keys()].some((n) => n > partNumber) ? [id] : [];
}

export class UploadPartCommand implements ModelCommand {
  #label: string;
  constructor(
    readonly upload: number,
    readonly partNumber: number | 'next',
    readonly size: number,
    readonly md5: Md5Mode,
    readonly bodySeed: number,
  ) {
    this.#label = `UploadPart u?#${partNumber} ${size}B md5=${md5}`;
  }
  check(m: Readonly<Model>): boolean {
    return m.uploads.length > 0;
  }
  async run(m: Model, r: ModelReal): Promise<void> {
    const { u, key, uploadId } = target(m, r, this.upload);
    const partNumber =
      this.partNumber === 'next' ? Math.min(10_000, Math.max(0, ...u.parts.keys()) + 1) : this.partNumber;
    await this.#send(u, key, uploadId, partNumber, r);
  }
  async #send(
    model: UploadModel,
    key: string,
    uploadId: string,
    partNumber: number,
    real: ModelReal,
  ): Promise<void> {
    const spec: BodySpec = {
      seed: this.bodySeed,
      size: this.size,
      stamp: { upload: model.index + 1, part: partNumber },
    };
    const digest = await digestOf(spec);
    const wrong = createHash('md5').update(`not ${digest.md5Hex}`).digest('base64');
    const contentMd5 = this.md5 === 'correct' ? digest.md5Base64 : this.md5 === 'wrong' ? wrong : undefined;
    const res = await real.client.uploadPart(key, uploadId, partNumber, { spec }, { contentMd5 });
    const label = `UploadPart u${model.index} #${partNumber} ${this.size}B md5=${this.md5}`;
    this.#label = note(real, 'UploadPart', res.exchange, label);

    const valid = partNumber >= 1 && partNumber <= 10_000;
    const violations: string[] = [];
    if (!valid) {
      violations.push(partNumber === 0 ? rejectZero.id : rejectAboveMax.id);
    }
    if (this.md5 === 'wrong') violations.push(md5Wrong.id);
    const prediction = predict(real.env.profile, {
      states: stateRules(model, 'upload-part'),
      violations,
      maybe: smallNonLastAtUploadPart(real.env.profile, model, partNumber, this.size),
      success: this.md5 === 'correct' ? md5Correct.id : statusOk.id,
    });
    const seen = expectAnswer(res.exchange, prediction, this.#label);
    if (!isSuccessVariant(seen)) return;
    demand(etagMd5.judge({ upload: res.exchange, md5Hex: digest.md5Hex }, real.env), this.#label);
    demand(crc64Check.judge({ upload: res.exchange, crc64: digest.crc64 }, real.env), this.#label);
    if (model.state === 'open') {
      model.parts.set(partNumber, {
        partNumber: partNumber,
        spec,
        size: this.size,
        md5Hex: digest.md5Hex,
        crc64: digest.crc64,
      });
    }
  }
  toString(): string {
    return this.#label;
  }
}

/** List Parts: on an open upload the listing must be exactly the model's parts. */
export class ListPartsCommand implements ModelCommand {
  #label: string;
  constructor(readonly upload: number) {
    this.#label = `ListParts u?`;
  }
  check(m: Readonly<Model>): boolean {
    return m.uploads.length > 0;
  }
  async run(m: Model, real: ModelReal): Promise<void> {
    const { u: model, key, uploadId } = target(m, real, this.upload);
    const res = await real.client.listParts(key, uploadId);
    this.#label = note(real, 'ListParts', res.exchange, `ListParts u${model.index}`);
    const prediction = predict(real.env.profile, {
      states: stateRules(model, 'list-parts'),
      success: statusOk.id,
    });
    const seen = expectAnswer(res.exchange, prediction, this.#label);
    if (!isSuccessVariant(seen) || model.state !== 'open') return;
    if (!res.data)
      throw new StepError(
        'fail',
        `${this.#label}: body unreadable: ${res.protocolError?.message ?? 'no data'}`,
      );
    const want = sortedParts(model);
    const got = [...res.data.parts].sort((a, b) => a.partNumber - b.partNumber);
    const show = (ps: ReadonlyArray<{ partNumber: number; size: number }>) =>
      `[${ps.map((p) => `${p.partNumber}:${p.size}B`).join(', ')}]`;
    if (got.length !== want.length || got.some((p, i) => p.partNumber !== want[i].partNumber)) {
      throw new StepError('fail', `${this.#label}: listed ${show(got)}, the model holds ${show(want)}`);
    }
    for (const [position, listedPart] of got.entries()) {
      const part = want[position];
      if (listedPart.etag !== expectedEtag(part) || listedPart.size !== part.size) {
        throw new StepError(
          'fail',
          `${this.#label}: part ${listedPart.partNumber} listed as ${listedPart.etag} ${listedPart.size}B, the model holds ${expectedEtag(part)} ${part.size}B`,
        );
      }
    }
  }
  toString(): string {
    return this.#label;
  }
}

/** Abort Multipart Upload. */
export class AbortCommand implements ModelCommand {
  #label: string;
  constructor(readonly upload: number) {
    this.#label = `Abort u?`;
  }
  check(m: Readonly<Model>): boolean {
    return m.uploads.length > 0;
  }
  async run(m: Model, real: ModelReal): Promise<void> {
    const { u: model, key, uploadId } = target(m, real, this.upload);
    const res = await real.client.abortMultipartUpload(key, uploadId);
    this.#label = note(real, 'Abort', res.exchange, `Abort u${model.index}`);
    const prediction = predict(real.env.profile, {
      states: stateRules(model, 'abort'),
      success: status204.id,
    });
    const seen = expectAnswer(res.exchange, prediction, this.#label);
    if (isSuccessVariant(seen) && model.state === 'open') model.state = 'aborted';
  }
  toString(): string {
    return this.#label;
  }
}

/** The Complete list a kind builds from the model's parts (deterministic in `pick`). */
export function buildCompleteList(
  parts: readonly ModelPart[],
  kind: CompleteKind,
  pick: number,
): Array<{ partNumber: number; etag: string }> {
  const all = parts.map((part) => ({ partNumber: part.partNumber, etag: expectedEtag(part) }));
  switch (kind) {
    case 'ordered':
      return all;
    case 'unordered':
      return all.length >= 2 ? [...all].reverse() : all;
    case 'subset':
      if (all.length >= 3) return all.filter((_, i) => i !== 1 + (pick % (all.length - 2)));
      return all.length === 2 ? all.slice(1) : all;
    case 'wrong-etag': {
      if (all.length === 0) return all;
      const index = pick % all.length;
      const bad = createHash('md5').update(`wrong ${all[index].etag}`).digest('hex');
      return all.map((entry, position) => (position === index ? { ...entry, etag: `"${bad}"` } : entry));
    }
    case 'missing': {
      const used = new Set(all.map((p) => p.partNumber));
      // Half the time the part after the last one (a contiguous list), else any number.
      let n = pick % 2 === 0 ? Math.min(10_000, Math.max(0, ...used) + 1) : 1 + (pick % 10_000);
      while (used.has(n)) n = (n % 10_000) + 1;
      const extra = { partNumber: n, etag: `"${createHash('md5').update(`missing ${n}`).digest('hex')}"` };
      return [...all, extra].sort((a, b) => a.partNumber - b.partNumber);
    }
    case 'empty':
      return [];
  }
}

/** The rules a Complete list breaks, given the parts the model holds and the profile's size limits. */
export function completeRules(
  list: ReadonlyArray<{ partNumber: number; etag: string }>,
  parts: ReadonlyMap<number, ModelPart>,
  limits: { minPartSize: number; minCandidate: number },
): { violations: string[]; maybe: string[] } {
  const violations: string[] = [];
  const maybe: string[] = [];
  if (list.length === 0) return { violations: [emptyList.id], maybe };
  const numbers = list.map((p) => p.partNumber);
  if (numbers.some((n, i) => i > 0 && n <= numbers[i - 1])) violations.push(ascendingRequired.id);
  if (numbers.some((n) => !parts.has(n))) violations.push(missingPart.id);
  if (
    list.some((p) => parts.has(p.partNumber) && parts.get(p.partNumber)!.md5Hex !== p.etag.replace(/"/g, ''))
  ) {
    violations.push(wrongEtag.id);
  }
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  if (sorted.some((n, i) => i > 0 && n !== sorted[i - 1] + 1)) violations.push(subsetWithGaps.id);
  else if (sorted[0] !== 1) maybe.push(subsetWithGaps.id);
  const present = sorted.filter((n) => parts.has(n)).map((n) => parts.get(n)!);
  for (const part of present.slice(0, -1)) {
    if (part.size < limits.minCandidate) {
      if (!violations.includes(belowMinRejected.id)) violations.push(belowMinRejected.id);
    } else if (part.size < limits.minPartSize && !maybe.includes(belowMinRejected.id)) {
      maybe.push(belowMinRejected.id);
    }
  }
  return { violations, maybe };
}

/** Complete Multipart Upload with a list of the given kind; on success the object is read back and compared. */
export class CompleteCommand implements ModelCommand {
  #label: string;
  constructor(
    readonly upload: number,
    readonly kind: CompleteKind,
    readonly pick: number,
  ) {
    this.#label = `Complete u? ${kind}`;
  }
  check(m: Readonly<Model>): boolean {
    return m.uploads.length > 0;
  }
  async run(m: Model, real: ModelReal): Promise<void> {
    const { u: model, key, uploadId } = target(m, real, this.upload);
    const list =
      model.state === 'completed' && this.kind === 'ordered' && model.completedWith
        ? [...model.completedWith]
        : buildCompleteList(sortedParts(model), this.kind, this.pick);
    const res = await real.client.completeMultipartUpload(key, uploadId, list);
    const shown = list.map((p) => p.partNumber).join(',');
    this.#label = note(real, 'Complete', res.exchange, `Complete u${model.index} ${this.kind} [${shown}]`);
    const limits = real.env.profile.limits;
    const rules =
      model.state === 'open'
        ? completeRules(list, model.parts, {
            minPartSize: limits.minPartSize.value,
            minCandidate: Math.min(...limits.minPartSizeCandidates.value),
          })
        : { violations: [], maybe: [] };
    const prediction = predict(real.env.profile, {
      states: stateRules(model, 'complete'),
      ...rules,
      success: completeAcceptsEtag.id,
    });
    const seen = expectAnswer(res.exchange, prediction, this.#label);
    if (!isSuccessVariant(seen) || model.state !== 'open') return;

    const named = list.map((p) => model.parts.get(p.partNumber)!);
    demand(
      etagFormat.judge(
        { complete: res.exchange, etag: res.data?.etag, partMd5s: named.map((p) => p.md5Hex) },
        real.env,
      ),
      this.#label,
    );
    let crc = BigInt(named[0].crc64);
    for (const p of named.slice(1)) crc = crc64Combine(crc, BigInt(p.crc64), p.size);
    demand(objectCrc64.judge({ complete: res.exchange, crc64: crc.toString() }, real.env), this.#label);
    model.state = 'completed';
    model.completedWith = list;
    model.object = named.map((modelPart) => modelPart.spec);
    real.onObjectCreated(key);

    const size = named.reduce((n, part) => n + part.size, 0);
    const get = await real.client.getObject(key, { digestOnly: true });
    note(real, 'GetObject', get.exchange, `GetObject u${model.index}`);
    fromTransport(get.exchange, `GetObject u${model.index}`);
    const got = get.exchange.response!;
    const md5 = expectedMd5(model.object, 0, size);
    if (got.status !== 200 || got.bodySize !== size || got.bodyMd5 !== md5) {
      throw new StepError(
        'fail',
        `${this.#label}: object read back as ${got.status} ${got.bodySize}B md5 ${got.bodyMd5}, expected ${size}B md5 ${md5}`,
      );
    }
  }
  toString(): string {
    return this.#label;
  }
}
