import { describe, expect, test } from 'vitest';
import { partitionIds } from '../../src/checks/select.ts';
import { resolveSelection } from '../../src/cli/check-selection.ts';
import { bytesInLines, formatRate, ProgressReporter } from '../../src/cli/progress.ts';
import { redactArgv } from '../../src/report/manifest.ts';

describe('sharding by check id', () => {
  const ids = Array.from({ length: 83 }, (_, i) => `family${i % 7}.check-${i}`);

  test('shards partition the selection, are balanced, and keep the original order', () => {
    const shards = [1, 2, 3, 4].map((i) => partitionIds(ids, i, 4));
    expect(shards.flat().sort()).toEqual([...ids].sort());
    for (const s of shards) {
      expect(s.length).toBeGreaterThanOrEqual(20);
      expect(s.length).toBeLessThanOrEqual(21);
      expect(s).toEqual(ids.filter((id) => s.includes(id)));
    }
    expect(partitionIds(ids, 1, 1)).toEqual(ids);
  });

  test('the assignment does not depend on the order the ids come in', () => {
    const reversed = [...ids].reverse();
    for (const i of [1, 2, 3])
      expect(partitionIds(reversed, i, 3).sort()).toEqual(partitionIds(ids, i, 3).sort());
  });

  test('the selection becomes a test-name pattern that matches exactly the selected tests', () => {
    const sel = resolveSelection({
      only: ['basics.upload-part.status-200', 'basics.upload-part.etag-md5'],
      skip: [],
    });
    expect(sel.checks.map((c) => c.id)).toEqual([
      'basics.upload-part.status-200',
      'basics.upload-part.etag-md5',
    ]);
    expect(
      sel.accepts({
        name: 'basics.upload-part.status-200',
        fullName: 'basics > basics.upload-part.status-200',
      }),
    ).toBe(true);
    expect(
      sel.accepts({ name: 'basics.upload-part.crc64', fullName: 'basics > basics.upload-part.crc64' }),
    ).toBe(false);
    expect(new RegExp(sel.testNamePattern!).test('basics basics.upload-part.etag-md5')).toBe(true);
    expect(resolveSelection({ only: [], skip: [] }).testNamePattern).toBeUndefined();
    expect(() =>
      resolveSelection({ only: ['basics.upload-part.status-200'], skip: [], shard: { index: 2, count: 2 } }),
    ).toThrow(/shard 2\/2 is empty/);
  });
});

describe('progress', () => {
  test('rates and history lines', () => {
    expect(formatRate(512)).toBe('512 B/s');
    expect(formatRate(5 * 1024 * 1024)).toBe('5.0 MiB/s');
    const a = JSON.stringify({ request: { bodySize: 100 } });
    const b = JSON.stringify({ request: { bodySize: 20 } });
    expect(bytesInLines(`${a}\n${b}\n{"request":{"bo`)).toEqual({ bytes: 120, rest: '{"request":{"bo' });
  });

  test('the status line fits the terminal', () => {
    const p = new ProgressReporter({ write: () => true, columns: 30 }, { live: true });
    expect(p.statusLine()).toBe('[0/0]');
    expect(p.statusLine(2048)).toBe('[0/0] · 2.0 KiB/s');
    const narrow = new ProgressReporter({ write: () => true, columns: 20 }, { live: true });
    expect(narrow.statusLine(123456789).length).toBeLessThanOrEqual(19);
    const unknown = new ProgressReporter({ write: () => true, columns: 0 }, { live: true });
    expect(unknown.statusLine(1)).toBe('[0/0] · 1 B/s');
  });
});

describe('argv in the manifest', () => {
  test('secret option values and known secrets are redacted', () => {
    expect(
      redactArgv(['serve', '--secret-key', 'k1', '--secret-id=AKID', '--label', 'x-S3cr3t-y'], ['S3cr3t']),
    ).toEqual(['serve', '--secret-key', '<redacted>', '--secret-id=<redacted>', '--label', 'x-<redacted>-y']);
  });
});
