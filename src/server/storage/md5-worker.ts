/**
 * The MD5 of big bodies, computed on a worker thread so that the server's one JavaScript thread only writes and
 * CRC-64-hashes a big part while another core MD5-hashes it (MD5 was over half the server's CPU per GiB). One
 * worker per server, started at the first big body, never holding the process open, stopped with the server;
 * each body is a {@link Md5Stream} tagged with its own id, so concurrent bodies each get their own digest.
 *
 * Bytes are copied into the slots ({@link BATCH_BYTES} each) of one SharedArrayBuffer per body
 * ({@link MAX_IN_FLIGHT_BYTES}), and only slot offsets are posted: no buffer is allocated or transferred per batch
 * (transferring a new ArrayBuffer per batch was measured to keep V8's garbage collector threads busy). When no slot
 * is free, the chunks wait (by reference) and {@link Md5Stream.ready} asks the caller to wait, so a slow worker
 * pushes back on the socket instead of filling memory.
 *
 * The worker is plain JavaScript evaluated from a string and needs nothing but `node:crypto`: it does not depend
 * on the TypeScript loader the server runs under (bin/cos-conformance.mjs).
 */
import { Worker } from 'node:worker_threads';
import { CosConformanceError, HARNESS_ERROR_CODES } from '../../errors.ts';

/** Smallest body (by its declared length) whose MD5 goes to the worker: below it the hand-off does not pay. */
export const MD5_WORKER_MIN_BYTES = 8 * 1024 * 1024;

/** Bytes per message to the worker. */
export const BATCH_BYTES = 512 * 1024;

/** Most bytes of one body sent to the worker and not yet hashed before the body's writer must wait. */
export const MAX_IN_FLIGHT_BYTES = 4 * 1024 * 1024;

/**
 * The worker: one MD5 and one shared buffer per body id; hashes `length` bytes at `offset` of the body's buffer
 * and answers with the same offset (the slot is free again), answers `end` with the hex digest.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const bodies = new Map();
parentPort.on('message', (m) => {
  if (m.drop) { bodies.delete(m.id); return; }
  let body = bodies.get(m.id);
  if (body === undefined) { body = { hash: createHash('md5'), bytes: new Uint8Array(m.shared) }; bodies.set(m.id, body); }
  if (m.length > 0) {
    body.hash.update(body.bytes.subarray(m.offset, m.offset + m.length));
    parentPort.postMessage({ id: m.id, offset: m.offset, length: m.length });
  }
  if (m.end) { bodies.delete(m.id); parentPort.postMessage({ id: m.id, md5Hex: body.hash.digest('hex') }); }
});
`;

/** The worker failed or was stopped before a body's MD5 was known. */
export class Md5WorkerError extends CosConformanceError {
  constructor(message: string, options?: ErrorOptions) {
    super(HARNESS_ERROR_CODES.server.md5Worker, message, options);
  }
}

type Reply = { id: number; offset: number; length: number } | { id: number; md5Hex: string };

/** The MD5 worker of one server: {@link open} a stream per body, {@link close} when the server stops. */
export class Md5Worker {
  #worker: Worker | undefined;
  readonly #streams = new Map<number, Md5Stream>();
  #nextId = 0;
  #closed = false;
  #threads = 0;
  /** Source of the worker; a test may give a failing one. */
  readonly #source: string;

  constructor(options: { source?: string } = {}) {
    this.#source = options.source ?? WORKER_SOURCE;
  }

  /** Bodies given to {@link open} so far. */
  get opened(): number {
    return this.#nextId;
  }

  /** Bodies neither finished, aborted nor failed. */
  get active(): number {
    return this.#streams.size;
  }

  /** Worker threads started so far (one, unless one failed). */
  get threadsStarted(): number {
    return this.#threads;
  }

  /** A new body's MD5 stream (starts the worker if it is not running). */
  open(): Md5Stream {
    if (this.#closed) throw new Md5WorkerError('the MD5 worker was closed');
    const worker = this.#worker ?? this.#start();
    const stream = new Md5Stream(this.#nextId++, worker, (id) => this.#forget(id));
    if (this.#streams.size === 0) worker.ref();
    this.#streams.set(stream.id, stream);
    return stream;
  }

  /** Stops the worker; bodies still open fail with {@link Md5WorkerError}. No more streams may be opened. */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    if (!worker) return;
    this.#fail(new Md5WorkerError('the MD5 worker was stopped with the server'));
    await worker.terminate();
  }

  #start(): Worker {
    const worker = new Worker(this.#source, { eval: true });
    this.#threads++;
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const stream = this.#streams.get(reply.id);
      if (!stream) return;
      if ('md5Hex' in reply) stream.settle(reply.md5Hex);
      else stream.returned(reply.offset, reply.length);
    });
    // Only the running worker's failure fails the open streams (an old one's late 'exit' does not).
    worker.on('error', (err) => {
      if (this.#worker === worker) this.#fail(new Md5WorkerError('the MD5 worker failed', { cause: err }));
    });
    worker.on('exit', (code) => {
      if (this.#worker === worker) this.#fail(new Md5WorkerError(`the MD5 worker exited (code ${code})`));
    });
    this.#worker = worker;
    return worker;
  }

  /** Fails every open stream; the next body starts a new worker. */
  #fail(error: Md5WorkerError): void {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) void worker.terminate();
    for (const stream of [...this.#streams.values()]) stream.fail(error);
    this.#streams.clear();
  }

  #forget(id: number): void {
    if (!this.#streams.delete(id)) return;
    if (this.#streams.size === 0) this.#worker?.unref();
  }
}

/** One body's MD5 on the worker: {@link update} with every byte in order, then {@link finish} (or {@link abort}). */
export class Md5Stream {
  readonly id: number;
  readonly #worker: Worker;
  readonly #forget: (id: number) => void;
  readonly #shared = new SharedArrayBuffer(MAX_IN_FLIGHT_BYTES);
  readonly #bytes = new Uint8Array(this.#shared);
  /** Offsets of the free slots of {@link #shared}. */
  readonly #free: number[] = [];
  #sharedSent = false;
  /** The slot being filled, and how far. */
  #slot: number | undefined;
  #filled = 0;
  /** Chunks (and the offset into the first) not yet copied into a slot. */
  readonly #queue: Uint8Array[] = [];
  #queueOffset = 0;
  #inFlight = 0;
  #ending = false;
  #waiter: { resolve(): void; reject(err: Error): void } | undefined;
  #result: { resolve(md5Hex: string): void; reject(err: Error): void } | undefined;
  #error: Error | undefined;
  #done = false;

  /** @internal Made by {@link Md5Worker.open}. */
  constructor(id: number, worker: Worker, forget: (id: number) => void) {
    this.id = id;
    this.#worker = worker;
    this.#forget = forget;
    for (let offset = MAX_IN_FLIGHT_BYTES - BATCH_BYTES; offset >= 0; offset -= BATCH_BYTES)
      this.#free.push(offset);
  }

  /** Queues `chunk`: it must not change until {@link ready} says the worker has caught up. */
  update(chunk: Uint8Array): void {
    if (this.#done || this.#error || chunk.length === 0) return;
    this.#queue.push(chunk);
    this.#pump();
  }

  /** Undefined when more bytes may be queued now, else a promise that settles once the worker has caught up. */
  ready(): Promise<void> | undefined {
    if (this.#error) return Promise.reject(this.#error);
    if (this.#caughtUp()) return undefined;
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  /** The lower-case hex MD5 of every byte given to {@link update}. */
  finish(): Promise<string> {
    if (this.#error) return Promise.reject(this.#error);
    if (this.#done) return Promise.reject(new Md5WorkerError('the MD5 stream was already ended'));
    this.#done = true;
    this.#ending = true;
    const result = new Promise<string>((resolve, reject) => {
      this.#result = { resolve, reject };
    });
    this.#pump();
    return result;
  }

  /** Drops the body's hash on the worker (the body was abandoned); nothing settles afterwards. */
  abort(): void {
    if (this.#error || (this.#done && !this.#result)) return;
    this.#done = true;
    this.#ending = false;
    this.#result = undefined;
    this.#waiter = undefined;
    this.#queue.length = 0;
    this.#worker.postMessage({ id: this.id, drop: true });
    this.#forget(this.id);
  }

  /** @internal The worker has hashed the slot at `offset`. */
  returned(offset: number, length: number): void {
    this.#inFlight -= length;
    this.#free.push(offset);
    this.#pump();
    if (this.#waiter && this.#caughtUp()) {
      const { resolve } = this.#waiter;
      this.#waiter = undefined;
      resolve();
    }
  }

  /** @internal The worker answered the digest. */
  settle(md5Hex: string): void {
    const result = this.#result;
    this.#result = undefined;
    this.#forget(this.id);
    result?.resolve(md5Hex);
  }

  /** @internal The worker is gone: whoever waits is told. */
  fail(error: Error): void {
    if (this.#error) return;
    this.#error = error;
    this.#queue.length = 0;
    this.#waiter?.reject(error);
    this.#result?.reject(error);
    this.#waiter = undefined;
    this.#result = undefined;
  }

  #caughtUp(): boolean {
    return this.#queue.length === 0 && this.#inFlight < MAX_IN_FLIGHT_BYTES;
  }

  /** Copies queued chunks into free slots, posting each full slot; once ending and all is copied, ends. */
  #pump(): void {
    while (this.#queue.length > 0) {
      if (this.#slot === undefined) {
        const slot = this.#free.pop();
        if (slot === undefined) return;
        this.#slot = slot;
      }
      const chunk = this.#queue[0]!;
      const n = Math.min(chunk.length - this.#queueOffset, BATCH_BYTES - this.#filled);
      this.#bytes.set(chunk.subarray(this.#queueOffset, this.#queueOffset + n), this.#slot + this.#filled);
      this.#filled += n;
      this.#queueOffset += n;
      if (this.#queueOffset === chunk.length) {
        this.#queue.shift();
        this.#queueOffset = 0;
      }
      if (this.#filled === BATCH_BYTES) this.#post(false);
    }
    if (this.#ending) {
      this.#ending = false;
      this.#post(true);
    }
  }

  /** Posts the slot being filled (if it holds bytes) and, when `end`, the end of the body. */
  #post(end: boolean): void {
    const offset = this.#slot ?? 0;
    const length = this.#filled;
    if (length === 0 && this.#slot !== undefined) this.#free.push(this.#slot);
    this.#slot = undefined;
    this.#filled = 0;
    if (length === 0 && !end) return;
    this.#inFlight += length;
    const shared = this.#sharedSent ? undefined : this.#shared;
    this.#sharedSent = true;
    this.#worker.postMessage({ id: this.id, shared, offset, length, end });
  }
}
