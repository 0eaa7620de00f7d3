import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recorder, type UnrecordedExchange } from '../../src/client/recorder.ts';

function ex(op: string, auth = 'q-sign-algorithm=sha1&q-ak=AK&q-signature=feedface'): UnrecordedExchange {
  return {
    op,
    startedAt: new Date(0).toISOString(),
    durationMs: 2,
    request: {
      method: 'GET',
      url: 'http://h/k',
      path: '/k',
      query: {},
      headers: { authorization: auth },
      bodySize: 0,
    },
    response: { status: 200, headers: {}, bodySize: 0, bodyMd5: 'd41d8cd98f00b204e9800998ecf8427e' },
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'recorder-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Recorder', () => {
  it('numbers exchanges, keeps them, and returns a step with since()', () => {
    const rec = new Recorder();
    expect(rec.lastSeq).toBe(0);
    rec.record(ex('a'));
    const mark = rec.lastSeq;
    const b = rec.record(ex('b'));
    rec.record(ex('c'));
    expect(b.seq).toBe(2);
    expect(rec.exchanges().map((e) => e.op)).toEqual(['a', 'b', 'c']);
    expect(rec.since(mark).map((e) => e.op)).toEqual(['b', 'c']);
    expect(rec.since(rec.lastSeq)).toEqual([]);
  });

  it('redacts on record', () => {
    const stored = new Recorder().record(ex('a'));
    expect(stored.request.headers.authorization).toBe('q-sign-algorithm=sha1&q-ak=AK&q-signature=<redacted>');
  });

  it('notifies listeners until they unsubscribe, and survives a throwing listener', async () => {
    const rec = new Recorder();
    const seen: number[] = [];
    const off = rec.onExchange((e) => seen.push(e.seq));
    rec.onExchange(() => {
      throw new Error('listener bug');
    });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    rec.record(ex('a'));
    off();
    rec.record(ex('b'));
    expect(seen).toEqual([1]);
    await new Promise((r) => setImmediate(r));
    process.off('warning', onWarning);
    expect(warnings.some((w) => w.includes('listener bug'))).toBe(true);
  });

  it('keeps nothing with keep: false but still numbers', () => {
    const rec = new Recorder({ keep: false });
    expect(rec.record(ex('a')).seq).toBe(1);
    expect(rec.exchanges()).toEqual([]);
  });

  it('appends NDJSON, one redacted exchange per line, across recorders', async () => {
    const path = join(dir, 'history.ndjson');
    const first = new Recorder({ ndjsonPath: path });
    first.record(ex('a'));
    first.record(ex('b'));
    await first.flush();
    const afterFlush = (await readFile(path, 'utf8')).trim().split('\n');
    expect(afterFlush).toHaveLength(2);
    await first.close();
    const second = new Recorder({ ndjsonPath: path });
    second.record(ex('c'));
    await second.close();
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).op)).toEqual(['a', 'b', 'c']);
    expect(lines.join('\n')).not.toContain('feedface');
  });

  it('writes every line exactly as JSON.stringify gives it, across buffer boundaries, big and non-ASCII lines', async () => {
    const path = join(dir, 'boundaries.ndjson');
    const rec = new Recorder({ ndjsonPath: path });
    const stored: string[] = [];
    // Lines of every size: many small ones fill several 64 KiB buffers, a 70 KiB body text gets a buffer of its
    // own, multi-byte characters (2, 3 and 4 UTF-8 bytes) and a lone surrogate make byte and unit counts differ.
    const texts = [
      '',
      'é',
      '€uro',
      '𝄞 clef',
      'x'.repeat(70 * 1024),
      '\ud800 lone',
      '"quoted"\n',
      'ü'.repeat(30_000),
    ];
    for (let index = 0; index < 400; index++) {
      const exchange = ex(`op-${index}`);
      exchange.response!.bodyText = texts[index % texts.length]!.repeat(index % 3);
      stored.push(JSON.stringify(rec.record(exchange)));
    }
    await rec.close();
    expect(await readFile(path, 'utf8')).toBe(`${stored.join('\n')}\n`);
  });

  it('writes the lines recorded between flushes after the ones before, each flush putting them in the file', async () => {
    const path = join(dir, 'flushes.ndjson');
    const rec = new Recorder({ ndjsonPath: path, keep: false });
    const stored: string[] = [];
    for (let round = 0; round < 5; round++) {
      for (let index = 0; index < 60 + round * 17; index++) {
        const exchange = ex(`op-${round}-${index}`);
        exchange.response!.bodyText = 'y'.repeat((index * 131) % 3000);
        stored.push(JSON.stringify(rec.record(exchange)));
      }
      await rec.flush();
      expect(await readFile(path, 'utf8')).toBe(`${stored.join('\n')}\n`);
    }
    await rec.close();
    expect(await readFile(path, 'utf8')).toBe(`${stored.join('\n')}\n`);
  });

  it.runIf(existsSync('/dev/full'))(
    'reports a write that fails (a full device) from flush and close',
    async () => {
      const rec = new Recorder({ ndjsonPath: '/dev/full' });
      rec.record(ex('a'));
      await expect(rec.flush()).rejects.toThrow(/ENOSPC/);
      rec.record(ex('b'));
      expect(rec.exchanges().map((e) => e.op)).toEqual(['a', 'b']);
      await expect(rec.close()).rejects.toThrow(/ENOSPC/);
    },
  );

  it('reports a history file that cannot be written', async () => {
    const rec = new Recorder({ ndjsonPath: join(dir, 'missing-dir', 'h.ndjson') });
    rec.record(ex('a'));
    await expect(rec.close()).rejects.toThrow(/ENOENT/);
  });
});
