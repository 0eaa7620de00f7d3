import { describe, expect, test } from 'vitest';
import { CHECKS } from '../../src/checks/registry.ts';
import {
  matchesSelector,
  selectChecks,
  testNamePatternFor,
  unknownSelectors,
} from '../../src/checks/select.ts';

const ids = (opts: Parameters<typeof selectChecks>[1]) => selectChecks(CHECKS, opts).map((c) => c.id);

describe('selectChecks', () => {
  test('by exact id, prefix, family, tag and glob', () => {
    expect(ids({ only: ['overwrite.upload-part.last-wins'] })).toEqual(['overwrite.upload-part.last-wins']);
    expect(ids({ only: ['overwrite.upload-part'] })).toHaveLength(4);
    expect(ids({ only: ['family:abort'] }).every((id) => id.startsWith('abort.'))).toBe(true);
    // A plain word is a family or a tag: `abort` also names the API tag of the NoSuchUpload Abort cells.
    expect(ids({ only: ['abort'] })).toContain('no-such-upload.abort.unknown-id');
    expect(ids({ only: ['tag:crc64'] }).sort()).toEqual([
      'basics.upload-part.crc64',
      'complete.complete.crc64',
      'upload-part-copy.upload-part-copy.crc64',
    ]);
    expect(ids({ only: ['no-such-upload.*.after-abort'] })).toHaveLength(4);
    expect(ids({ only: ['overwrite.upload-part.last'] })).toEqual([]);
  });

  test('skip wins over only, and tiers and profiles filter', () => {
    expect(ids({ only: ['part-size'], skip: ['heavy'] })).not.toContain(
      'part-size.upload-part.at-5gib-accepted',
    );
    expect(ids({ tier: 'quick' })).not.toContain('list-parts.list-parts.paging-over-1000');
    expect(ids({ tier: 'full' })).toContain('list-parts.list-parts.paging-over-1000');
    expect(ids({})).not.toContain('run.upload-part.any-success');
    expect(ids({ includeRunScope: true })).toContain('run.upload-part.any-success');
  });

  test('unknown selectors are reported', () => {
    expect(unknownSelectors(CHECKS, ['abort', 'no-such-thing', 'tag:heavy'])).toEqual(['no-such-thing']);
    expect(matchesSelector(CHECKS[0], '')).toBe(false);
  });
});

describe('testNamePatternFor', () => {
  const pattern = new RegExp(
    testNamePatternFor([{ id: 'abort.abort.status-204' }, { id: 'complete.complete.missing-part' }]),
  );
  test('matches the full test name of the selected checks only', () => {
    expect(pattern.test('abort abort.abort.status-204')).toBe(true);
    expect(pattern.test('complete > complete.complete.missing-part')).toBe(true);
    expect(pattern.test('complete.complete.missing-part')).toBe(true);
    expect(pattern.test('abort abort.abort.status-2040')).toBe(false);
    expect(pattern.test('abort xabort.abort.status-204')).toBe(false);
    expect(pattern.test('abort abort.abort.status_204')).toBe(false);
  });
  test('an empty selection matches nothing', () => {
    expect(new RegExp(testNamePatternFor([])).test('abort abort.abort.status-204')).toBe(false);
  });
});
