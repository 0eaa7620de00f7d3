import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BodyHasher } from '../../src/body/hashing.ts';
import { MemoryLimitError } from '../../src/server/storage/hashing-memory-sink.ts';
import { type IncomingBody, receiveInMemory } from '../../src/server/storage/receive-in-memory.ts';

/** A request body as node:http gives it: chunks pushed by the parser, `complete` once the message ended. */
class FakeRequest extends Readable implements IncomingBody {
  complete = false;

  override _read(): void {}

  /** The parser delivers a chunk. */
  deliver(chunk: Buffer): void {
    this.push(chunk);
  }

  /** The parser reached the end of the message. */
  finish(): void {
    this.complete = true;
    this.push(null);
  }
}

function pendingBytes(received: Awaited<ReturnType<typeof receiveInMemory>>): Buffer {
  if (received.pending.kind !== 'memory') throw new Error('expected bytes held in memory');
  return received.pending.bytes;
}

const chunkLists = fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { maxLength: 6 });

describe('receiveInMemory', () => {
  it('takes a body already buffered whole, with the digests a BodyHasher gives, in a buffer of its own', async () => {
    await fc.assert(
      fc.asyncProperty(chunkLists, fc.boolean(), async (chunks, sha256) => {
        const all = Buffer.concat(chunks);
        const req = new FakeRequest();
        for (const c of chunks) req.deliver(Buffer.from(c));
        req.finish();
        const ended = new Promise((resolve) => req.once('end', resolve));
        const received = await receiveInMemory(req, all.length, { sha256 });
        const bytes = pendingBytes(received);
        expect(bytes.equals(all)).toBe(true);
        expect(bytes.byteOffset).toBe(0);
        expect(bytes.buffer.byteLength).toBe(all.length);
        expect(received.complete).toBe(true);
        expect(received.digest).toEqual(new BodyHasher().update(all).digest());
        expect(received.sha256Hex).toBe(sha256 ? createHash('sha256').update(all).digest('hex') : undefined);
        await ended; // the stream ends as a piped one would
      }),
      { numRuns: 40 },
    );
  });

  it('keeps a single chunk that is a buffer of its own, and copies a view into a larger buffer', async () => {
    const own = Buffer.allocUnsafeSlow(100).fill(3);
    const req = new FakeRequest();
    req.deliver(own);
    req.finish();
    expect(pendingBytes(await receiveInMemory(req, 100))).toBe(own);
    const larger = Buffer.alloc(300, 4);
    const view = larger.subarray(100, 200);
    const viewed = new FakeRequest();
    viewed.deliver(view);
    viewed.finish();
    const bytes = pendingBytes(await receiveInMemory(viewed, 100));
    expect(bytes.equals(view)).toBe(true);
    expect(bytes.buffer).not.toBe(larger.buffer);
    expect(bytes.buffer.byteLength).toBe(100);
  });

  it('waits for chunks that arrive later (a client waiting for 100 Continue, a body split across reads)', async () => {
    const req = new FakeRequest();
    req.deliver(Buffer.from('hel'));
    const receiving = receiveInMemory(req, 11);
    setTimeout(() => {
      req.deliver(Buffer.from('lo wor'));
      setTimeout(() => {
        req.deliver(Buffer.from('ld'));
        req.finish();
      }, 5);
    }, 5);
    const received = await receiving;
    expect(pendingBytes(received).toString()).toBe('hello world');
    expect(received.complete).toBe(true);
    expect(received.digest.md5Hex).toBe(createHash('md5').update('hello world').digest('hex'));
  });

  it('says incomplete when the request closes before its end, with what arrived', async () => {
    const req = new FakeRequest();
    req.deliver(Buffer.from('abc'));
    const receiving = receiveInMemory(req, 10);
    setTimeout(() => req.destroy(), 5);
    const received = await receiving;
    expect(received.complete).toBe(false);
    expect(received.digest.size).toBe(3);
  });

  it('lets the stream end once the body is taken, waited for or not', async () => {
    const buffered = new FakeRequest();
    buffered.deliver(Buffer.from('abc'));
    buffered.finish();
    await receiveInMemory(buffered, 3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(buffered.readableEnded).toBe(true);
    const later = new FakeRequest();
    const receiving = receiveInMemory(later, 3);
    later.deliver(Buffer.from('abc'));
    later.finish();
    await receiving;
    await new Promise((resolve) => setImmediate(resolve));
    expect(later.readableEnded).toBe(true);
    expect(later.listenerCount('readable')).toBe(0);
    expect(later.listenerCount('close')).toBe(0);
  });

  it('says incomplete for a request already destroyed', async () => {
    const req = new FakeRequest();
    req.destroy();
    const received = await receiveInMemory(req, 10);
    expect(received.complete).toBe(false);
    expect(received.digest.size).toBe(0);
  });

  it('refuses more bytes than its limit, after draining the rest', async () => {
    const buffered = new FakeRequest();
    buffered.deliver(Buffer.alloc(8));
    buffered.finish();
    await expect(receiveInMemory(buffered, 5)).rejects.toBeInstanceOf(MemoryLimitError);
    const later = new FakeRequest();
    const receiving = receiveInMemory(later, 5);
    later.deliver(Buffer.alloc(4));
    later.deliver(Buffer.alloc(4));
    later.deliver(Buffer.alloc(4));
    later.finish();
    await expect(receiving).rejects.toBeInstanceOf(MemoryLimitError);
    await new Promise((resolve) => setImmediate(resolve));
    expect(later.readableLength).toBe(0);
    expect(later.readableEnded).toBe(true);
  });
});
