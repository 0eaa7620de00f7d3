/**
 * Check ids: one grammar, typed everywhere, old ids read through the alias table. The `@ts-expect-error` lines
 * are the type-level half: `npm run typecheck` (tsconfig includes test/) fails if any of them compiles, i.e. if
 * a misspelled id were accepted by the catalogue type, a profile, a family module's expectations (an extra or a
 * missing entry), a mutant's catches (or the name of its alternative handler) or the needs table.
 */
import { describe, expect, test } from 'vitest';
import { CHECK_ID_ALIASES, firstIdOf, renamedTo } from '../../src/checks/aliases.ts';
import {
  type INTEGRITY_CHECKS,
  INTEGRITY_EXPECTATIONS,
  md5Wrong,
} from '../../src/checks/families/integrity.ts';
import { CHECK_ID_PATTERN, idProblem } from '../../src/checks/grammar.ts';
import { defineCheck } from '../../src/checks/kit/define.ts';
import type { CheckNeeds } from '../../src/checks/needs.ts';
import { CHECKS, type CheckId, isCheckId } from '../../src/checks/registry.ts';
import { resolveRenamedSelectors, selectChecks } from '../../src/checks/select.ts';
import { decodeReplayToken, encodeReplayToken } from '../../src/model/replay.ts';
import type {
  CatalogueExpectations,
  CheckExpectation,
  FamilyExpectations,
} from '../../src/profiles/types.ts';
import { type Baseline, withCurrentIds } from '../../src/report/baseline.ts';
import type { MutantDef } from '../../src/server/mutants/types.ts';

// ---- type level -------------------------------------------------------------------------------------------

/** Members of a union of strings that are patterns (`a.${string}`), not literals. */
type NonLiteral<T extends string> = T extends unknown
  ? Record<never, never> extends Record<T, unknown>
    ? T
    : never
  : never;
/** CheckId is a union of literals only: a pattern member would let any id of that shape through. */
const onlyLiterals: [NonLiteral<CheckId>] extends [never] ? true : false = true;

const known: CheckId = 'integrity.upload-part.md5-wrong';
// @ts-expect-error a misspelled id is not a CheckId
const misspelled: CheckId = 'integrity.upload-part.md5-wrnog';
// @ts-expect-error an old id is not a CheckId (old ids live only in the alias table)
const old: CheckId = 'upload-part.integrity.md5-wrong';

const expectation: CheckExpectation = { variants: [] };
// @ts-expect-error a profile's expectations without an entry per check do not compile
const incomplete: CatalogueExpectations = { [known]: expectation };

const needs: Partial<{ [K in CheckId]: CheckNeeds }> = {
  // @ts-expect-error the needs table is keyed by CheckId
  'complete.complete.missing-prat': { needs: [] },
};

// A family module's expectations (src/checks/families/<family>.ts), written as the modules write them.
const familyMisspelled = {
  cos: {
    ...INTEGRITY_EXPECTATIONS.cos,
    // @ts-expect-error a family's expectations are keyed by its own check ids: a misspelled one does not compile
    'integrity.upload-part.md5-wrnog': expectation,
  },
  s3: INTEGRITY_EXPECTATIONS.s3,
} satisfies FamilyExpectations<typeof INTEGRITY_CHECKS>;

const { 'integrity.upload-part.md5-wrong': dropped, ...withoutMd5Wrong } = INTEGRITY_EXPECTATIONS.cos;
const familyIncomplete = {
  // @ts-expect-error a family's expectations need an entry per check of the family and per profile
  cos: withoutMd5Wrong,
  s3: INTEGRITY_EXPECTATIONS.s3,
} satisfies FamilyExpectations<typeof INTEGRITY_CHECKS>;

// A family module's mutants, written as the modules write them.
const misspelledCatch = [
  {
    name: 'example',
    description: 'a mutant naming a misspelled check',
    family: 'integrity',
    // @ts-expect-error a mutant's catches are CheckIds
    catches: ['integrity.upload-part.md5-wrnog'],
    behaviour: { checkContentMd5: false },
  },
] as const satisfies readonly MutantDef[];

const misspelledHandler = [
  {
    name: 'example',
    description: 'a mutant naming a misspelled alternative handler',
    family: 'integrity',
    catches: [md5Wrong.id],
    // @ts-expect-error an alternative handler is named from ALTERNATIVE_HANDLERS
    handlers: { uploadPart: 'md5CheckedAfterStorin' },
  },
] as const satisfies readonly MutantDef[];

defineCheck(
  {
    // @ts-expect-error an id must start with its own family: <family>.<operation>.<case>
    id: 'basics.upload-part.x',
    title: 't',
    family: 'integrity',
    severity: 'must',
    specRef: 'r',
    tags: [],
  },
  (_i: null, kit) => kit.pass('p'),
);

defineCheck(
  {
    // @ts-expect-error the operation segment is one of ID_OPERATIONS
    id: 'integrity.put-object.x',
    title: 't',
    family: 'integrity',
    severity: 'must',
    specRef: 'r',
    tags: [],
  },
  (_i: null, kit) => kit.pass('p'),
);

// ---- run time ---------------------------------------------------------------------------------------------

describe('one id grammar', () => {
  test('every check id is <family>.<operation>.<case> with its own family', () => {
    expect(CHECKS.length).toBeGreaterThan(80);
    for (const c of CHECKS) {
      expect(idProblem(c), c.id).toBeUndefined();
      expect(c.id).toMatch(CHECK_ID_PATTERN);
    }
  });

  test('idProblem names what is wrong', () => {
    expect(idProblem({ id: 'abort.status-204', family: 'abort' })).toMatch(/not <family>.<operation>.<case>/);
    expect(idProblem({ id: 'upload-part.basics.crc64', family: 'basics' })).toMatch(/does not start with/);
    expect(idProblem({ id: 'basics.put-object.x', family: 'basics' })).toMatch(/not one of the operations/);
  });

  test('the model names checks by reference', () => {
    expect(md5Wrong.id).toBe(known);
    expect(
      [
        onlyLiterals,
        misspelled,
        old,
        incomplete,
        needs,
        familyMisspelled,
        dropped,
        familyIncomplete,
        misspelledCatch,
        misspelledHandler,
      ].length,
    ).toBe(10);
  });
});

describe('the alias table', () => {
  test('maps each old id to a current one; no old id is a current id', () => {
    expect(Object.keys(CHECK_ID_ALIASES).length).toBe(64);
    for (const [from, to] of Object.entries(CHECK_ID_ALIASES)) {
      expect(isCheckId(to), to).toBe(true);
      expect(isCheckId(from), from).toBe(false);
      expect(firstIdOf(to)).toBe(from);
    }
    expect(new Set(Object.values(CHECK_ID_ALIASES)).size).toBe(64);
    expect(renamedTo('complete.part.missing')).toBe('complete.complete.missing-part');
    expect(renamedTo('sse.complete.echo')).toBeUndefined();
  });

  test('--only/--skip: an old id, an old prefix and an old glob select the renamed checks, with a note', () => {
    const exact = resolveRenamedSelectors(CHECKS, ['upload-part.integrity.md5-wrong']);
    expect(exact).toEqual({
      selectors: ['integrity.upload-part.md5-wrong'],
      notes: ['upload-part.integrity.md5-wrong is now integrity.upload-part.md5-wrong'],
    });
    const prefix = resolveRenamedSelectors(CHECKS, ['upload-part.overwrite']);
    expect(selectChecks(CHECKS, { only: prefix.selectors }).map((c) => c.id)).toEqual([
      'overwrite.upload-part.list-shows-later',
      'overwrite.upload-part.earlier-etag-rejected',
      'overwrite.upload-part.last-wins',
      'overwrite.upload-part.concurrent-no-mix',
    ]);
    expect(prefix.notes).toHaveLength(1);
    const glob = resolveRenamedSelectors(CHECKS, ['complete.part.*']);
    expect(glob.selectors).toEqual([
      'complete.complete.missing-part',
      'complete.complete.wrong-etag',
      'complete.complete.subset-with-gaps',
      'complete.complete.duplicate-part-numbers',
    ]);
  });

  test('a selector that names current checks keeps its meaning and prints nothing', () => {
    for (const s of [
      'abort',
      'no-such-upload.*.after-abort',
      'basics.upload-part',
      'tag:heavy',
      'nothing-at-all',
    ]) {
      expect(resolveRenamedSelectors(CHECKS, [s]), s).toEqual({ selectors: [s], notes: [] });
    }
  });

  test('a baseline naming old ids is read with the new ones, a note each, duplicates dropped', () => {
    const baseline: Baseline = {
      formatVersion: 2,
      profile: 's3',
      expectedFailures: [
        { checkId: 'complete.order.ascending-required', reason: 'sorts silently' },
        { checkId: 'sse.complete.echo', reason: 'no SSE' },
        { checkId: 'complete.complete.ascending-order-required', reason: 'duplicate' },
      ],
    };
    const { baseline: read, notes } = withCurrentIds(baseline);
    expect(read.expectedFailures).toEqual([
      { checkId: 'complete.complete.ascending-order-required', reason: 'sorts silently' },
      { checkId: 'sse.complete.echo', reason: 'no SSE' },
    ]);
    expect(notes).toEqual([
      'complete.order.ascending-required is now complete.complete.ascending-order-required',
    ]);
  });

  test('a replay token naming the old id replays the renamed check', () => {
    const token = encodeReplayToken({ id: 'model.upload.sequences', seed: 5, path: '1:0' });
    expect(decodeReplayToken(token).id).toBe('model.multipart.sequences');
  });
});
