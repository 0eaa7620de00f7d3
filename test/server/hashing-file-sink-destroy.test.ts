/**
 * A sink destroyed while one of its writes runs in the thread pool closes its file only after that write has
 * returned: closing first would free the descriptor's number for another open, and the write still queued would
 * land in that other file. The disk writes are held by the test so that the order is certain.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';

/** What the sink asked of the file system, in order. */
const events: string[] = [];
/** Writes the test has not let through yet. */
const heldWrites: Array<() => void> = [];

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const hold =
    (name: 'write' | 'writev') =>
    (...args: unknown[]) => {
      const callback = args.at(-1) as (err: Error | null, written: number) => void;
      events.push(`${name} issued`);
      heldWrites.push(() =>
        (real[name] as (...a: unknown[]) => void)(...args.slice(0, -1), (err: Error | null, n: number) => {
          events.push(`${name} returned`);
          callback(err, n);
        }),
      );
    };
  return {
    ...real,
    write: hold('write'),
    writev: hold('writev'),
    close: (fd: number, callback: (err: Error | null) => void) => {
      events.push('close');
      real.close(fd, callback);
    },
  };
});

const { HashingFileSink } = await import('../../src/server/storage/hashing-file-sink.ts');

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sink-destroy-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  events.length = 0;
  heldWrites.length = 0;
});

describe('HashingFileSink destroyed during a write', () => {
  test('closes the file only once the running write has returned, and writes nothing after', async () => {
    const path = join(dir, 'destroyed');
    const sink = new HashingFileSink(path);
    const closed = new Promise((res) => sink.once('close', res));
    sink.on('error', () => undefined);
    sink.write(Buffer.from('first bytes'));
    await vi.waitFor(() => expect(heldWrites).toHaveLength(1));
    sink.write(Buffer.from('never written'));
    sink.destroy(new Error('client went away'));
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual(['write issued']);
    heldWrites.shift()?.();
    await closed;
    expect(events).toEqual(['write issued', 'write returned', 'close']);
    expect(heldWrites).toHaveLength(0);
    expect(await readFile(path, 'utf8')).toBe('first bytes');
  });

  test('destroyed between writes, it closes at once', async () => {
    const path = join(dir, 'idle');
    const sink = new HashingFileSink(path);
    const closed = new Promise((res) => sink.once('close', res));
    sink.write(Buffer.from('bytes'));
    await vi.waitFor(() => expect(heldWrites).toHaveLength(1));
    heldWrites.shift()?.();
    await vi.waitFor(() => expect(events).toContain('write returned'));
    sink.destroy();
    await closed;
    expect(events).toEqual(['write issued', 'write returned', 'close']);
    expect(await readFile(path, 'utf8')).toBe('bytes');
  });
});
