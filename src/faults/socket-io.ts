/**
 * Promise-style reading and writing on a raw socket, so the proxy's per-connection logic reads top to bottom.
 * One consumer per reader. Reading applies backpressure: the socket pauses while too much is buffered.
 */
import type { Socket } from 'node:net';
import { headEnd } from './http-head.ts';

const HIGH_WATER = 1 << 20;

/** Reads a socket chunk by chunk, with push-back of bytes that belong to the next message. */
export class SocketReader {
  readonly #socket: Socket;
  readonly #chunks: Buffer[] = [];
  #buffered = 0;
  #ended = false;
  #interrupted = false;
  #wake: (() => void) | undefined;

  constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#chunks.push(chunk);
      this.#buffered += chunk.length;
      if (this.#buffered > HIGH_WATER) socket.pause();
      this.#signal();
    });
    const end = (): void => {
      this.#ended = true;
      this.#signal();
    };
    socket.on('end', end);
    socket.on('close', end);
    socket.on('error', end);
  }

  /** True once the peer ended or the socket closed and every buffered byte was read. */
  get exhausted(): boolean {
    return this.#ended && this.#chunks.length === 0;
  }

  #signal(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /** Makes a pending (or the next) {@link read} return null once, so its consumer can notice it was stopped. */
  interrupt(): void {
    this.#interrupted = true;
    this.#signal();
  }

  /** Drops a pending {@link interrupt} that no read consumed. */
  clearInterrupt(): void {
    this.#interrupted = false;
  }

  /** The next chunk, or null at the end of the stream (or after {@link interrupt}). */
  async read(): Promise<Buffer | null> {
    while (this.#chunks.length === 0 || this.#interrupted) {
      if (this.#interrupted) {
        this.#interrupted = false;
        return null;
      }
      if (this.#ended) return null;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
    const chunk = this.#chunks.shift()!;
    this.#buffered -= chunk.length;
    if (this.#buffered < HIGH_WATER / 2 && this.#socket.isPaused() && !this.#socket.destroyed)
      this.#socket.resume();
    return chunk;
  }

  /** Puts bytes back in front of the stream. */
  unshift(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#chunks.unshift(chunk);
    this.#buffered += chunk.length;
  }

  /**
   * Reads one message head (through `\r\n\r\n`), skipping leading empty lines (RFC 9112 §2.2). Returns
   * `{ eof }` at a clean end between messages, `{ partial }` when the stream ended or exceeded `max` bytes
   * before a whole head arrived.
   */
  async readHead(
    max: number,
  ): Promise<{ head: Buffer } | { eof: true } | { partial: Buffer; tooLarge: boolean }> {
    let acc: Buffer = Buffer.alloc(0);
    for (;;) {
      const chunk = await this.read();
      if (chunk === null) return acc.length === 0 ? { eof: true } : { partial: acc, tooLarge: false };
      acc = acc.length === 0 ? chunk : Buffer.concat([acc, chunk]);
      while (acc.length >= 2 && acc[0] === 0x0d && acc[1] === 0x0a) acc = acc.subarray(2);
      const end = headEnd(acc);
      if (end >= 0) {
        this.unshift(acc.subarray(end));
        return { head: acc.subarray(0, end) };
      }
      if (acc.length > max) return { partial: acc, tooLarge: true };
    }
  }
}

/** Writes and resolves once the data is handed to the kernel; resolves false if the socket is gone. */
export function writeAll(socket: Socket, data: Buffer): Promise<boolean> {
  if (socket.destroyed || !socket.writable) return Promise.resolve(false);
  if (data.length === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    socket.write(data, (err) => resolve(!err));
  });
}

/** Resolves when the socket has closed (immediately if it already has). */
export function closed(socket: Socket): Promise<void> {
  if (socket.closed) return Promise.resolve();
  return new Promise((resolve) => socket.once('close', () => resolve()));
}
