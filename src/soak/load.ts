/**
 * One well-behaved client of the soak: multipart operations drawn by fast-check (Initiate, Upload Part of random
 * sizes up to a few MiB with overwrites, List Parts, Complete, Abort, Put/Get/Delete Object), each answer checked
 * against its {@link WorkerModel}. Keys are the worker's own, so a worker's model is exact.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { createPartBody } from '../body/part-body.ts';
import type { CosClient } from '../client/index.ts';
import { digestOf } from '../body/part-body.ts';
import { ABSENT, type Content, contentOf, type SentPart, WorkerModel } from './load-model.ts';

const MIB = 1024 * 1024;
/** COS "1 MB" as the reference server reads it (src/spec/limits.ts cosMinPartSize). */
const MIN_PART = MIB;

export type LoadOp =
  | { kind: 'initiate' }
  | { kind: 'part'; slot: number; partNumber: number; size: number }
  | { kind: 'list'; slot: number }
  | { kind: 'complete'; slot: number }
  | { kind: 'abort'; slot: number }
  | { kind: 'put'; slot: number; size: number }
  | { kind: 'get'; slot: number }
  | { kind: 'delete'; slot: number };

/** The operations' arbitrary: part sizes either small (a last part) or 1 MiB to `maxPartBytes`. */
export function loadOpArbitrary(maxPartBytes: number): fc.Arbitrary<LoadOp> {
  const size = fc.oneof(
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 64 * 1024 }) },
    { weight: 3, arbitrary: fc.integer({ min: MIN_PART, max: Math.max(MIN_PART, maxPartBytes) }) },
  );
  const slot = fc.nat(7);
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant({ kind: 'initiate' as const }) },
    {
      weight: 8,
      arbitrary: fc.record({
        kind: fc.constant('part' as const),
        slot,
        partNumber: fc.integer({ min: 1, max: 4 }),
        size,
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('list' as const), slot }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('complete' as const), slot }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('abort' as const), slot }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('put' as const), slot: fc.nat(3), size }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('get' as const), slot: fc.nat(3) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), slot: fc.nat(3) }) },
  );
}

/** What the workers count together. */
export interface LoadCounters {
  operations: Record<string, number>;
  bytesSent: number;
  bytesReceived: number;
  /** Answers 500 or above (must stay 0). */
  serverErrors: string[];
  /** 4xx answers the model did not predict. */
  unexpected: string[];
  /** Requests whose answer never came (the server was killed under them). */
  interrupted: number;
  inFlight: number;
  peakInFlight: number;
}

export function newLoadCounters(): LoadCounters {
  return {
    operations: {},
    bytesSent: 0,
    bytesReceived: 0,
    serverErrors: [],
    unexpected: [],
    interrupted: 0,
    inFlight: 0,
    peakInFlight: 0,
  };
}

interface Answer {
  status?: number;
  error?: { code?: string };
  transportError?: { code: string };
}

export interface WorkerContext {
  id: number;
  client: CosClient;
  counters: LoadCounters;
  /** Resolves when the server listens (again, after a kill). */
  ready: () => Promise<void>;
  seed: number;
}

/** MD5 of parts regenerated in order (the object a Complete makes). */
async function concatContent(parts: readonly SentPart[]): Promise<Content> {
  const hash = createHash('md5');
  let size = 0;
  for (const part of parts) {
    for await (const chunk of createPartBody({ seed: part.seed, size: part.size })) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  }
  return contentOf(size, hash.digest('hex'));
}

export class LoadWorker {
  readonly model = new WorkerModel();
  readonly #ctx: WorkerContext;
  #uploadCount = 0;
  #bodySeed: number;

  constructor(ctx: WorkerContext) {
    this.#ctx = ctx;
    this.#bodySeed = ctx.seed * 1_000_003 + ctx.id * 7919;
  }

  #objectKey(slot: number): string {
    return `soak/w${this.#ctx.id}/object-${slot}`;
  }

  #openUpload(slot: number): [string, { key: string }] | undefined {
    const open = [...this.model.uploads.entries()];
    return open.length === 0 ? undefined : open[slot % open.length];
  }

  /** Sends one request, counting it; a transport failure waits for the server before returning. */
  async #send<T extends Answer>(op: string, sent: number, request: () => Promise<T>): Promise<T> {
    const c = this.#ctx.counters;
    c.operations[op] = (c.operations[op] ?? 0) + 1;
    c.inFlight++;
    c.peakInFlight = Math.max(c.peakInFlight, c.inFlight);
    try {
      const answer = await request();
      if (answer.transportError) {
        c.interrupted++;
        await this.#ctx.ready();
      } else {
        c.bytesSent += sent;
        if ((answer.status ?? 0) >= 500) {
          c.serverErrors.push(`${op}: ${answer.status} ${answer.error?.code ?? ''}`);
        }
      }
      return answer;
    } finally {
      c.inFlight--;
    }
  }

  #unexpected(op: string, answer: Answer): void {
    if (answer.transportError || (answer.status ?? 0) >= 500) return;
    this.#ctx.counters.unexpected.push(
      `worker ${this.#ctx.id} ${op}: ${answer.status} ${answer.error?.code ?? ''}`,
    );
  }

  /** Runs one operation against the server and the model. */
  async run(op: LoadOp): Promise<void> {
    switch (op.kind) {
      case 'initiate':
        return this.#initiate();
      case 'part':
        return this.#part(op.slot, op.partNumber, op.size);
      case 'list':
        await this.#list(op.slot);
        return;
      case 'complete':
        return this.#complete(op.slot);
      case 'abort':
        return this.#abort(op.slot);
      case 'put':
        return this.#put(op.slot, op.size);
      case 'get':
        return this.#get(this.#objectKey(op.slot));
      case 'delete':
        return this.#delete(op.slot);
    }
  }

  async #initiate(): Promise<void> {
    if (this.model.uploads.size >= 3) return;
    const key = `soak/w${this.#ctx.id}/upload-${++this.#uploadCount}`;
    const r = await this.#send('initiate', 0, () => this.#ctx.client.initiateMultipartUpload(key));
    if (r.status === 200 && r.data) {
      this.model.uploads.set(r.data.uploadId, { key, states: new Set(['open']), parts: new Map() });
    } else if (!r.transportError) this.#unexpected('initiate', r);
  }

  async #part(slot: number, partNumber: number, size: number): Promise<void> {
    const picked = this.#openUpload(slot);
    if (!picked) return;
    const [uploadId, { key }] = picked;
    const seed = ++this.#bodySeed;
    const digest = await digestOf({ seed, size });
    const part: SentPart = { seed, size, content: contentOf(size, digest.md5Hex) };
    const r = await this.#send('uploadPart', size, () =>
      this.#ctx.client.uploadPart(key, uploadId, partNumber, { spec: { seed, size } }),
    );
    if (r.status === 200) {
      if (r.data?.etag.replace(/"/g, '').toLowerCase() !== digest.md5Hex) {
        this.model.findings.push({
          kind: 'corruption',
          what: `part ${partNumber} of ${key}: ETag ${r.data?.etag}`,
        });
      }
      this.model.partWritten(uploadId, partNumber, part, true);
    } else if (r.transportError || (r.status ?? 0) >= 500) {
      this.model.partWritten(uploadId, partNumber, part, false);
    } else if (r.status === 404 && r.error?.code === 'NoSuchUpload') this.model.uploadGoneSeen(uploadId);
    else this.#unexpected('uploadPart', r);
  }

  /** List Parts, checked; the parts as sent, or undefined when the upload is gone or the answer never came. */
  async #list(slot: number, picked = this.#openUpload(slot)): Promise<Map<number, SentPart> | undefined> {
    if (!picked) return undefined;
    const [uploadId, { key }] = picked;
    const r = await this.#send('listParts', 0, () => this.#ctx.client.listAllParts(key, uploadId));
    if (r.status === 200 && r.data) {
      const listed = new Map<number, Content>(
        r.data.parts.map((p) => [p.partNumber, contentOf(p.size, p.etag.replace(/"/g, ''))]),
      );
      return this.model.partsListed(uploadId, listed);
    }
    if (r.status === 404 && r.error?.code === 'NoSuchUpload') this.model.uploadGoneSeen(uploadId);
    else if (!r.transportError) this.#unexpected('listParts', r);
    return undefined;
  }

  async #complete(slot: number): Promise<void> {
    const picked = this.#openUpload(slot);
    if (!picked) return;
    const [uploadId, { key }] = picked;
    const parts = await this.#list(slot, picked);
    if (!parts || parts.size === 0) return;
    // The parts 1..k present without a gap (the server requires part numbers contiguous from 1, spec §2.5); with
    // no part 1, all of them, which must be refused 400 InvalidPart.
    const all = [...parts.entries()].sort((a, b) => a[0] - b[0]);
    const prefix = all.filter(([n], i) => n === i + 1 && all.slice(0, i).every(([m], j) => m === j + 1));
    const ordered = prefix.length > 0 ? prefix : all;
    const gap = prefix.length === 0;
    const tooSmall = ordered.slice(0, -1).some(([, p]) => p.size < MIN_PART);
    const list = ordered.map(([n, p]) => ({ partNumber: n, etag: `"${p.content.split(':')[1]}"` }));
    const r = await this.#send('complete', 0, () =>
      this.#ctx.client.completeMultipartUpload(key, uploadId, list),
    );
    const content = tooSmall || gap ? undefined : await concatContent(ordered.map(([, p]) => p));
    const refusal = gap ? 'InvalidPart' : tooSmall ? 'EntityTooSmall' : undefined;
    // Complete's 200 and its headers go out before the object is assembled (spec §2.5 keep-alive): only the
    // result document at the end acknowledges it; a 200 cut short by a kill leaves both outcomes possible.
    if (r.data && content) {
      this.model.objectWritten(key, content, true);
      this.model.uploadEnded(uploadId, true);
      await this.#get(key);
    } else if (
      (r.transportError || r.protocolError || (r.status ?? 0) >= 500 || r.error?.code === 'InternalError') &&
      content
    ) {
      this.model.objectWritten(key, content, false);
      this.model.uploadEnded(uploadId, false);
    } else if (!(refusal && r.status === 400 && r.error?.code === refusal)) {
      this.#unexpected('complete', r);
    }
  }

  async #abort(slot: number): Promise<void> {
    const picked = this.#openUpload(slot);
    if (!picked) return;
    const [uploadId, { key }] = picked;
    const r = await this.#send('abort', 0, () => this.#ctx.client.abortMultipartUpload(key, uploadId));
    if (r.status === 204) this.model.uploadEnded(uploadId, true);
    else if (r.transportError || (r.status ?? 0) >= 500) this.model.uploadEnded(uploadId, false);
    else if (r.status === 404 && r.error?.code === 'NoSuchUpload') this.model.uploadGoneSeen(uploadId);
    else this.#unexpected('abort', r);
  }

  async #put(slot: number, size: number): Promise<void> {
    const key = this.#objectKey(slot);
    const seed = ++this.#bodySeed;
    const digest = await digestOf({ seed, size });
    const r = await this.#send('putObject', size, () =>
      this.#ctx.client.putObject(key, { spec: { seed, size } }),
    );
    const content = contentOf(size, digest.md5Hex);
    if (r.status === 200) this.model.objectWritten(key, content, true);
    else if (r.transportError || (r.status ?? 0) >= 500) this.model.objectWritten(key, content, false);
    else this.#unexpected('putObject', r);
  }

  async #get(key: string): Promise<void> {
    const r = await this.#send('getObject', 0, () => this.#ctx.client.getObject(key, { digestOnly: true }));
    if (r.status === 200 && r.data?.digest) {
      this.#ctx.counters.bytesReceived += r.data.digest.size;
      this.model.objectRead(key, contentOf(r.data.digest.size, r.data.digest.md5Hex));
    } else if (r.status === 404 && r.error?.code === 'NoSuchKey') this.model.objectRead(key, ABSENT);
    else if (!r.transportError) this.#unexpected('getObject', r);
  }

  async #delete(slot: number): Promise<void> {
    const key = this.#objectKey(slot);
    const r = await this.#send('deleteObject', 0, () => this.#ctx.client.deleteObject(key));
    if (r.status === 204) this.model.objectWritten(key, ABSENT, true);
    else if (r.transportError || (r.status ?? 0) >= 500) this.model.objectWritten(key, ABSENT, false);
    else this.#unexpected('deleteObject', r);
  }

  /**
   * The final check: every object the model knows is read, every upload that may be open is listed, until each
   * answers (the server may be restarting). Findings land on the model.
   */
  async verifyAll(): Promise<void> {
    for (const key of [...this.model.objects.keys()]) {
      for (let tries = 0; tries < 5; tries++) {
        const before = this.#ctx.counters.interrupted;
        await this.#get(key);
        if (this.#ctx.counters.interrupted === before) break;
      }
    }
    for (const [uploadId, upload] of [...this.model.uploads.entries()]) {
      for (let tries = 0; tries < 5; tries++) {
        const before = this.#ctx.counters.interrupted;
        await this.#list(0, [uploadId, upload]);
        if (this.#ctx.counters.interrupted === before) break;
      }
    }
  }
}
