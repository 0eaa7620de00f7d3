/**
 * `npm run bench`: the speed and memory of the harness and the reference server, each as a ratio to something
 * measured in the same run (the MD5 limit of this machine, a bare undici loop, the AWS and COS SDKs, s3rver and
 * Ceph RGW), printed as a table and written to reports/bench/bench.json and bench.md. Targets are judged here,
 * never by timed assertions in tests. `npm run bench -- --help` lists the flags.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type BigPartRun,
  harnessBigPart,
  hashingBound,
  opensslMd5,
  summarizeBigPart,
} from './bench/big-part.ts';
import { applyMallocTunables, clientTunables } from './bench/malloc-env.ts';
import { BenchUsageError, parseBenchOptions, USAGE } from './bench/options.ts';
import { startReferenceServer } from './bench/processes.ts';
import { type BenchFigures, type Skipped, writeBench } from './bench/report.ts';
import { best, measureServer, serverStarters } from './bench/servers.ts';
import { measureSmallParts, SMALL_PARTS_CLIENTS } from './bench/small-parts.ts';
import { runQuickTier, type SuiteRun } from './bench/suite.ts';

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  let options: ReturnType<typeof parseBenchOptions>;
  try {
    options = parseBenchOptions(argv);
  } catch (err) {
    if (err instanceof BenchUsageError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }

  const loadAtStart = loadavg()[0] ?? 0;
  // Before any child process starts: the servers inherit it, the clients are started without it (malloc-env.ts).
  const glibcTunables = applyMallocTunables();
  const clientGlibcTunables = clientTunables();

  // 1. One big part: the MD5 limit and the harness, alternately, `repeat` times each (big-part.ts summarizes).
  const md5Runs: BigPartRun[] = [];
  const harnessRuns: BigPartRun[] = [];
  let md5Skipped: Skipped | undefined;
  const refDir = mkdtempSync(join(tmpdir(), 'cos-bench-ref-'));
  // As `run --embedded` serves (no --data-dir): a flush per part would cap every client at the server's durable
  // rate, and workloads 1 and 2 measure the clients (the cost of each storage mode is in workload 3's table).
  const server = await startReferenceServer(refDir, 'memory');
  try {
    for (let i = 0; i < options.repeat; i++) {
      log(`one ${options.bigPartBytes} B part, run ${i + 1}/${options.repeat}`);
      const m = await opensslMd5(options.bigPartBytes);
      if ('skipped' in m) md5Skipped = m;
      else md5Runs.push(m);
      harnessRuns.push(await harnessBigPart(server, options.bigPartBytes));
    }

    // 2. Many small parts: the four clients taking turns against the same server process (small-parts.ts).
    const small = await measureSmallParts(
      server,
      SMALL_PARTS_CLIENTS,
      options.smallParts,
      options.repeat,
      log,
    );
    await server.stop();

    // 3. The servers, each started afresh and driven by the bare client.
    const servers = [];
    for (const starter of serverStarters(options.peers)) {
      log(`server ${starter.id}`);
      servers.push(await measureServer(starter, options.bigPartBytes, options.smallParts, options.repeat));
    }

    // 4. The quick tier.
    let suite: SuiteRun | Skipped = {
      skipped: options.tier === 'quick' ? 'not timed with --quick' : 'not timed (--no-suite)',
    };
    if (options.suite) {
      for (let i = 0; i < options.repeat; i++) {
        log(`quick tier, run ${i + 1}/${options.repeat}`);
        suite = best('skipped' in suite ? undefined : suite, await runQuickTier());
      }
    }

    log('hashing speeds in this process (the bound that hashing at both ends sets on one part)');
    const figures: BenchFigures = {
      options,
      bigPart: {
        md5: md5Skipped ?? (md5Runs.length > 0 ? summarizeBigPart(md5Runs) : { skipped: 'not run' }),
        harness: harnessRuns.length > 0 ? summarizeBigPart(harnessRuns) : { skipped: 'not run' },
        bound: hashingBound(options.bigPartBytes),
      },
      smallParts: small,
      servers,
      suite,
      glibcTunables,
      ...(clientGlibcTunables === undefined ? {} : { clientGlibcTunables }),
      loadAtStart,
    };
    const md = writeBench(figures, options.outDir);
    process.stdout.write(md);
    console.log(`written: ${join(options.outDir, 'bench.json')}, ${join(options.outDir, 'bench.md')}`);
    return 0;
  } finally {
    await server.stop();
    rmSync(refDir, { recursive: true, force: true });
  }
}

process.exitCode = await main(process.argv.slice(2));
