/**
 * The flags of `npm run bench`: which sizes (quick, default, full), how many runs of each measurement, what to
 * skip, where to write. Bad flags exit 2 with a message saying what to fix.
 */
import { parseArgs } from 'node:util';

const MIB = 1024 ** 2;

/** Sizes and counts of one bench run. */
export interface BenchOptions {
  /** `quick` (tiny sizes, for the self-test), `default` (1 GiB part) or `full` (5 GiB part). */
  tier: 'quick' | 'default' | 'full';
  /** Bytes of the one big part. */
  bigPartBytes: number;
  /** Number of small Upload Part requests per client, and their size and concurrency. */
  smallParts: { count: number; bytes: number; concurrency: number };
  /**
   * Each measurement is taken this many times (noisy shared machines): the big part and the small parts report the
   * median run with the range of all, the quick tier its best run.
   */
  repeat: number;
  /** Measure s3rver and Ceph RGW beside the reference server (when installed). */
  peers: boolean;
  /** Time the quick tier (`npm start`). */
  suite: boolean;
  /** Directory of bench.json and bench.md. */
  outDir: string;
}

/** A flag the bench does not understand, or a value out of range. */
export class BenchUsageError extends Error {
  readonly code = 'BENCH_USAGE';
  override readonly name = 'BenchUsageError';
}

const USAGE = `usage: npm run bench -- [--full | --quick] [--repeat N] [--no-peers] [--no-suite] [--out DIR]
  --full      the 5 GiB part (default 1 GiB)
  --quick     tiny sizes (a 4 MiB part, 64 small parts), no peers, no suite: checks the bench itself
  --repeat N  run each measurement N times (default 1): parts judged by the median run, the quick tier by the best
  --no-peers  skip s3rver and Ceph RGW
  --no-suite  skip timing the quick tier
  --out DIR   where bench.json and bench.md go (default reports/bench)`;

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new BenchUsageError(`${name} must be a positive integer, got "${raw}"\n${USAGE}`);
  return n;
}

/** Parses `argv` (without node and the script). */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (err) {
    throw new BenchUsageError(`${(err as Error).message}\n${USAGE}`);
  }
  if (values.full && values.quick)
    throw new BenchUsageError(`--full and --quick exclude each other\n${USAGE}`);
  const tier = values.quick ? 'quick' : values.full ? 'full' : 'default';
  const quick = tier === 'quick';
  return {
    tier,
    bigPartBytes: quick ? 4 * MIB : tier === 'full' ? 5 * 1024 * MIB : 1024 * MIB,
    smallParts: { count: quick ? 64 : 2000, bytes: 4096, concurrency: quick ? 4 : 16 },
    repeat: positiveInt('--repeat', values.repeat, 1),
    peers: !quick && !values['no-peers'],
    suite: !quick && !values['no-suite'],
    outDir: values.out ?? 'reports/bench',
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      full: { type: 'boolean' },
      quick: { type: 'boolean' },
      repeat: { type: 'string' },
      'no-peers': { type: 'boolean' },
      'no-suite': { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
}

export { USAGE };
