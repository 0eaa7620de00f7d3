/**
 * Measures what each check's test sends (requests, request-body bytes) by running the suite on the embedded
 * reference server: the truth src/checks/traffic.ts estimates. `npx tsx scripts/traffic/measure.ts [family…]`
 * prints one line per check, measured beside the estimate; test/checks/traffic-honesty.test.ts asserts on it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestCase } from 'vitest/node';
import { CHECKS } from '../../src/checks/registry.ts';
import { testNamePatternFor } from '../../src/checks/select.ts';
import type { TrafficTally } from '../../src/checks/types.ts';
import { resolveRunConfig, targetOf } from '../../src/cli/config.ts';
import { EMBEDDED_SERVER_OPTIONS } from '../../src/cli/run/start-target.ts';
import { runSuite } from '../../src/runner/run-suite.ts';
import { startServer } from '../../src/server/start.ts';

/** Runs the quick tier of the given families (every family when empty) and returns each test's traffic by id. */
export async function measureTraffic(
  families: readonly string[],
  seed = 2,
  testNamePattern?: string,
): Promise<Map<string, TrafficTally>> {
  const config = await resolveRunConfig({ embedded: true }, {}, process.cwd());
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    buckets: [config.bucket],
    region: config.region,
    ...EMBEDDED_SERVER_OPTIONS,
  });
  const dir = await mkdtemp(join(tmpdir(), 'cos-traffic-'));
  const measured = new Map<string, TrafficTally>();
  try {
    await runSuite(
      {
        runId: 'traffic',
        target: targetOf(config, server.url),
        runSeed: seed,
        tier: 'quick',
        historyFile: join(dir, 'history.ndjson'),
        keyPrefix: 'cos-conformance/traffic/',
      },
      {
        reporters: [
          {
            onTestCaseResult(testCase: TestCase) {
              const traffic = testCase.meta().cosTraffic;
              if (traffic) measured.set(testCase.name, traffic);
            },
          },
        ],
        ...(testNamePattern ? { testNamePattern } : {}),
        files: families.map((family) => `specs/${family}.spec.ts`),
        include: ['specs/**/*.spec.ts'],
      },
    );
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
  return measured;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const alone = process.argv.includes('--alone');
  const families = process.argv.slice(2).filter((arg) => arg !== '--alone');
  if (alone) {
    // Each check in a run of its own: a check that shares a setup then pays for it (what --only would send).
    for (const check of CHECKS) {
      if (check.scope === 'run' || (families.length > 0 && !families.includes(check.family))) continue;
      const measured = await measureTraffic([check.family], 2, testNamePatternFor([check]));
      const t = measured.get(check.id);
      console.log(`${check.id} ${t?.requests ?? '-'} ${t?.bytes ?? '-'}`);
    }
  } else {
    const measured = await measureTraffic(families);
    for (const [id, t] of measured) console.log(`${id} ${t.requests} ${t.bytes}`);
  }
}
