/**
 * `npm run soak`: the reference server under load, bad input and SIGKILL (src/soak/run-soak.ts). Prints the
 * figures and writes them to reports/soak/soak.json; exits 1 when anything was lost, corrupted, answered 5xx, or a
 * bad input was not refused, 2 for a bad option.
 *
 *   npm run soak -- --duration 300 --concurrency 32 --kills 10 [--seed N] [--max-part-mib 3] [--out FILE]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../src/runner/run-suite.ts';
import { measureDurabilityCost } from '../src/soak/durability-cost.ts';
import { runSoak } from '../src/soak/run-soak.ts';

const USAGE =
  'usage: npm run soak -- [--duration SECONDS (120)] [--concurrency N (32)] [--kills N (5)] [--seed N] [--max-part-mib MIB (3)] [--out FILE]';

function positive(name: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) {
    console.error(`--${name} must be a number of at least ${min}, got "${value}"\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        duration: { type: 'string' },
        concurrency: { type: 'string' },
        kills: { type: 'string' },
        seed: { type: 'string' },
        'max-part-mib': { type: 'string' },
        out: { type: 'string' },
      },
    }) as { values: Record<string, string | undefined> });
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const seed = positive('seed', values.seed, Math.floor(Math.random() * 1_000_000), 0);
  const out = values.out ?? join(PROJECT_ROOT, 'reports', 'soak', 'soak.json');
  console.log(`soak seed ${seed}`);
  const figures = await runSoak({
    durationMs: positive('duration', values.duration, 120) * 1000,
    concurrency: Math.floor(positive('concurrency', values.concurrency, 32)),
    kills: Math.floor(positive('kills', values.kills, 5, 0)),
    seed,
    maxPartBytes: Math.round(positive('max-part-mib', values['max-part-mib'], 3) * 1024 * 1024),
    log: (line) => console.log(line),
  });
  console.log('measuring the cost of durability (sequential requests, 64 KiB bodies)');
  const durabilityCost = await measureDurabilityCost();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ ...figures, durabilityCost }, null, 2)}\n`);
  const cost = (label: string, m: { ephemeral: number; durable: number }) =>
    `  ${label}: ${m.ephemeral} ms without a data dir, ${m.durable} ms with one (flushed)`;
  const mib = (n: number) => (n / 1024 / 1024).toFixed(1);
  console.log(
    [
      `machine: ${figures.machine.cpuModel} × ${figures.machine.cpus}, ${figures.machine.memoryGiB} GiB, Node ${figures.machine.node}`,
      `ran ${figures.wallS} s with ${figures.options.concurrency} clients (held ${figures.concurrencyHeld} in flight)`,
      `operations: ${figures.operations.total} (${Object.entries(figures.operations.byKind)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')})`,
      `bytes: ${mib(figures.bytes.sent)} MiB sent, ${mib(figures.bytes.received)} MiB read back`,
      `bad inputs: ${figures.badInputs.tried} tried, ${figures.badInputs.failures.length} not refused, ${figures.badInputs.unjudged.length} kinds never answered${figures.badInputs.unjudged.length ? ` (${figures.badInputs.unjudged.join(', ')})` : ''}`,
      ...Object.entries(figures.badInputs.byKind).map(
        ([k, v]) =>
          `  ${k}: ${Object.entries(v)
            .map(([verdict, n]) => `${verdict} ${n}`)
            .join(', ')}`,
      ),
      `kills survived: ${figures.kills.done} (restart mean ${figures.kills.restartMs.mean} ms, max ${figures.kills.restartMs.max} ms); ${figures.interruptedRequests} requests cut by a kill`,
      `losses: ${figures.losses}, corruptions: ${figures.corruptions}, 5xx: ${figures.serverErrors}, unexpected answers: ${figures.unexpectedAnswers}, files outside the data dir: ${figures.escapedFiles.length}`,
      `peak server RSS: ${figures.peakRssMiB} MiB`,
      'durability cost per request:',
      cost('Initiate', durabilityCost.initiateMs),
      cost('Upload Part', durabilityCost.uploadPartMs),
      cost('Put Object', durabilityCost.putObjectMs),
      ...figures.findings.map((f) => `  ${f}`),
      figures.passed ? 'PASSED' : 'FAILED',
      `written to ${out}`,
    ].join('\n'),
  );
  process.exitCode = figures.passed ? 0 : 1;
}

await main();
