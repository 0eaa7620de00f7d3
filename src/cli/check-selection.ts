/**
 * The check selection of a run from its flags (`--only`, `--skip`, `--shard`): the rules of src/checks/select.ts
 * applied to the catalogue, a usage error when they select nothing, and the vitest test-name pattern.
 */
import { CHECKS } from '../checks/registry.ts';
import {
  partitionIds,
  resolveRenamedSelectors,
  selectChecks,
  testNamePatternFor,
  unknownSelectors,
} from '../checks/select.ts';
import type { CheckDef } from '../checks/types.ts';
import { ERROR_CODES, UsageError } from './errors.ts';

export interface Selection {
  /** Test checks selected (catalogue order). */
  checks: CheckDef[];
  /** vitest testNamePattern, absent when every test runs. */
  testNamePattern?: string;
  /** Accepts the tests of the selection (for the collector and the progress line). */
  accepts: (test: { name: string; fullName: string }) => boolean;
  /** `<old> is now <new>` for each selector that named renamed ids (src/checks/aliases.ts), to print. */
  notes: string[];
}

/**
 * Resolves `--only`/`--skip`/`--shard` against the catalogue. Tier and profile are left to the specs, which
 * skip what does not apply at run time, so such checks appear in reports as skipped rather than vanish.
 */
export function resolveSelection(opts: {
  only: readonly string[];
  skip: readonly string[];
  shard?: { index: number; count: number };
}): Selection {
  const only = resolveRenamedSelectors(CHECKS, opts.only);
  const skip = resolveRenamedSelectors(CHECKS, opts.skip);
  const notes = [...only.notes, ...skip.notes];
  const unknown = unknownSelectors(CHECKS, [...only.selectors, ...skip.selectors]);
  if (unknown.length > 0) {
    throw new UsageError(
      ERROR_CODES.noChecksSelected,
      `no check matches ${unknown.map((s) => `"${s}"`).join(', ')}: use a check id, an id prefix or glob, a family or a tag (see cos-conformance list-checks)`,
    );
  }
  let checks = selectChecks(CHECKS, { only: only.selectors, skip: skip.selectors });
  if (checks.length === 0) {
    throw new UsageError(ERROR_CODES.noChecksSelected, '--only/--skip leave no check to run');
  }
  if (opts.shard) {
    const { index, count } = opts.shard;
    const selected = checks.length;
    const ids = new Set(
      partitionIds(
        checks.map((c) => c.id),
        index,
        count,
      ),
    );
    checks = checks.filter((check) => ids.has(check.id));
    if (checks.length === 0) {
      throw new UsageError(
        ERROR_CODES.noChecksSelected,
        `shard ${index}/${count} is empty: only ${selected} check(s) are selected; use at most ${selected} shards`,
      );
    }
  }
  const filtered = opts.only.length > 0 || opts.skip.length > 0 || opts.shard !== undefined;
  if (!filtered) return { checks, accepts: () => true, notes };
  const pattern = testNamePatternFor(checks);
  const re = new RegExp(pattern);
  // vitest matches the pattern against the suite names and the test name joined by spaces.
  return {
    checks,
    testNamePattern: pattern,
    accepts: (test) => re.test(test.fullName.split(' > ').join(' ')),
    notes,
  };
}
