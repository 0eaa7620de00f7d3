/**
 * Every conformant variant against the whole quick suite: for each variant and each profile it lists, the CLI
 * runs `run --embedded --variant NAME --profile P --tier quick` (child processes, two at a time) and the run
 * must have zero `fail` outcomes and no harness errors. A variant makes a choice the spec allows, so a failure
 * here is a check or probe that judges an allowed answer wrong (fix the check, never the variant).
 *
 * Each variant must also really differ from the default server where the suite can see it: the observation
 * listed in {@link SEEN} must appear in results.json. Variants whose choice no single-rule probe can reveal
 * (another rule order) are proved different by test/variants/switches.test.ts instead.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CheckEntry as ResultRow } from '../../src/report/results-schema.ts';
import { listVariants } from '../../src/server/variants/index.ts';
import { ALWAYS_WHITESPACE } from '../../src/server/variants/complete-result.ts';
import { TRANSPORT_VARIANTS } from '../../src/server/variants/transport.ts';
import { inPool, runSuiteCli, type SuiteRun } from '../../scripts/mutation/run-cli.ts';

const SEED = 1;

/** What results.json must show for a variant: a check and its `variantSeen` or `measured` values. */
interface Seen {
  check: string;
  variantSeen?: string;
  measured?: Record<string, string | number>;
}

/** The variant-specific observation of each variant whose choice the suite observes. */
const SEEN: Record<string, Seen> = {
  'min-part-1000000': { check: 'part-size.upload-part.non-last-boundary-measured', variantSeen: '1000000' },
  'min-part-1048576-at-upload-part': {
    check: 'part-size.upload-part.non-last-below-min-rejected',
    variantSeen: 'at-upload-part',
  },
  'complete-whitespace-always': {
    check: 'complete.complete.leading-whitespace',
    variantSeen: 'whitespace-prefixed',
    measured: { leadingWhitespace: ALWAYS_WHITESPACE.length },
  },
  'short-body-bare-400': {
    check: 'integrity.upload-part.short-body',
    variantSeen: 'refused-bare',
    measured: { errorDocument: 'absent', status: 400 },
  },
  's3-complete-retry-200': { check: 'no-such-upload.complete.after-complete', variantSeen: 'retry-200' },
  's3-abort-after-complete-204': { check: 'no-such-upload.abort.after-complete', variantSeen: '204' },
};

/**
 * Variants whose choice no check of the suite records: another rule order (each probe breaks one rule; proved by
 * switches.test.ts), an encrypted part's ETag, and the transport choices (proved on the wire by transport.test.ts).
 */
const UNSEEN_IN_SUITE = new Set([
  'complete-size-checked-first',
  'upload-id-checked-first',
  // No check judges the part ETag of an SSE-KMS or SSE-C upload (spec §5.1); switches.test.ts shows the switch.
  'encrypted-part-etag-opaque',
  ...TRANSPORT_VARIANTS.map((v) => v.name),
]);

const cases = listVariants().flatMap((v) => v.profiles.map((profile) => ({ variant: v.name, profile })));
const runs = new Map<string, SuiteRun>();
let dir: string;

const caseName = (c: { variant: string; profile: string }) => `${c.variant} ${c.profile}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cos-variants-'));
  const started = Date.now();
  await inPool(
    cases.map((c) => async () => {
      const run = await runSuiteCli({
        profile: c.profile,
        tier: 'quick',
        seed: SEED,
        variant: c.variant,
        outDir: join(dir, caseName(c).replace(/ /g, '-')),
        timeoutMs: 300_000,
      });
      runs.set(caseName(c), run);
    }),
    2,
  );
  console.log(
    `conformant variants: ${runs.size} quick suite runs in ${Math.round((Date.now() - started) / 1000)} s`,
  );
}, 1_200_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function resultsOf(name: string): ResultRow[] {
  const run = runs.get(name);
  expect(run, `no run for ${name}`).toBeDefined();
  expect(run!.problem, `${name}: ${run!.args.join(' ')}`).toBeUndefined();
  return run!.results!.checks;
}

describe('conformant variants', () => {
  test('every variant says why the spec allows it and runs under at least one profile', () => {
    for (const v of listVariants()) {
      expect(v.allowedBy.trim(), v.name).not.toBe('');
      expect(v.profiles.length, v.name).toBeGreaterThan(0);
    }
  });

  test.each(
    cases.map((c) => [c.variant, c.profile] as const),
  )('%s under %s: zero failures and no harness errors', (variant, profile) => {
    const name = caseName({ variant, profile });
    const checks = resultsOf(name);
    const failed = checks
      .filter((c) => c.outcome === 'fail' || c.outcome === 'error')
      .map((c) => `${c.checkId} [${c.outcome}] ${c.message}`);
    expect(failed, `${name}:\n${failed.join('\n')}`).toEqual([]);
    const run = runs.get(name)!;
    expect(run.results!.unhandledErrors, `${name}: harness errors`).toEqual([]);
    expect(run.results!.manifest.target.variant).toBe(variant);
    expect(run.exitCode, `${name}: exit code`).toBe(0);
  });

  test.each(
    cases.map((c) => [c.variant, c.profile] as const),
  )('%s under %s: the variant’s own answer was seen', (variant, profile) => {
    const seen = SEEN[variant];
    if (!seen) {
      expect(UNSEEN_IN_SUITE.has(variant), `${variant}: no observation listed in SEEN`).toBe(true);
      return;
    }
    const row = resultsOf(caseName({ variant, profile })).find((c) => c.checkId === seen.check);
    expect(row, `${variant}: ${seen.check} did not run`).toBeDefined();
    if (seen.variantSeen !== undefined)
      expect(row!.variantSeen, `${variant} ${seen.check}`).toBe(seen.variantSeen);
    for (const [k, v] of Object.entries(seen.measured ?? {})) {
      expect(row!.measured?.[k], `${variant} ${seen.check} measured.${k}`).toBe(v);
    }
  });
});
