import { afterEach, describe, expect, it, vi } from 'vitest';

/** Every directory sync the code under test starts, each settled by the test. */
const syncs: Array<{ path: string; done: (err?: Error) => void }> = [];

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    open: async (path: string) => ({
      sync: () =>
        new Promise<void>((resolve, reject) => {
          syncs.push({ path, done: (err) => (err ? reject(err) : resolve()) });
        }),
      close: async () => undefined,
    }),
  };
});

const { fsyncDir } = await import('../../src/server/storage/durable-write.ts');

const tick = () => new Promise<void>((r) => setImmediate(r));

afterEach(() => {
  syncs.length = 0;
});

describe('fsyncDir (group commit per directory)', () => {
  it('a call made during a flush waits for the next one, which serves every call made meanwhile', async () => {
    const settled: string[] = [];
    const a = fsyncDir('/d').then(() => settled.push('a'));
    await tick();
    expect(syncs).toHaveLength(1);
    const b = fsyncDir('/d').then(() => settled.push('b'));
    const c = fsyncDir('/d').then(() => settled.push('c'));
    const other = fsyncDir('/e').then(() => settled.push('other'));
    await tick();
    expect(syncs.map((s) => s.path)).toEqual(['/d', '/e']);
    syncs[0]!.done();
    await a;
    await tick();
    // b and c came after the first flush had started: it resolved a only, and a second flush started for them.
    expect(settled).toEqual(['a']);
    expect(syncs.map((s) => s.path)).toEqual(['/d', '/e', '/d']);
    syncs[2]!.done();
    syncs[1]!.done();
    await Promise.all([b, c, other]);
    expect(settled.sort()).toEqual(['a', 'b', 'c', 'other']);
    // Idle again: the next call starts a flush of its own at once.
    const d = fsyncDir('/d');
    await tick();
    expect(syncs).toHaveLength(4);
    syncs[3]!.done();
    await d;
  });

  it('a failed flush rejects its callers and does not stop the queued one', async () => {
    const a = fsyncDir('/f');
    await tick();
    const b = fsyncDir('/f');
    syncs[0]!.done(Object.assign(new Error('EIO'), { code: 'EIO' }));
    await expect(a).rejects.toThrow('EIO');
    await tick();
    expect(syncs).toHaveLength(2);
    syncs[1]!.done();
    await expect(b).resolves.toBeUndefined();
  });
});
