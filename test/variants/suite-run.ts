/**
 * Runs the CLI suite (a child process) against a reference server started here with a conformant variant's
 * options, and reads its results.json: what a `run --endpoint` against that variant judged.
 */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { loadResults } from '../../src/report/load-results.ts';
import type { Results } from '../../src/report/results-schema.ts';
import { PROJECT_ROOT } from '../../src/runner/run-suite.ts';
import { startServer } from '../../src/server/index.ts';
import type { ConformantVariantDef } from '../../src/server/variants/index.ts';
import { BIN, childEnv, LOCAL_KEYS_ENV, localRunArgs } from '../cli/spawn-cli.ts';

export interface VariantRun {
  exitCode: number | null;
  results?: Results;
  /** Why there are no results (load error and the CLI's stderr tail). */
  problem?: string;
  /** The checks that failed or could not be judged, one line each (`id outcome: message`). */
  bad: string[];
}

/** Starts `variant`'s server, runs the quick tier against it under `profile`, and stops the server. */
export async function runSuiteAgainst(
  variant: ConformantVariantDef,
  profile: 'cos' | 's3',
  outDir: string,
  seed = 1,
  /** Kill the child after this long (a loaded machine makes a quick run take minutes). */
  timeoutMs = 600_000,
): Promise<VariantRun> {
  await rm(outDir, { recursive: true, force: true });
  const server = await startServer({
    ...variant.server,
    ...(variant.behaviour ? { behaviour: variant.behaviour } : {}),
  });
  try {
    const env = childEnv({ COS_CONFORMANCE_INCLUDE: '', ...LOCAL_KEYS_ENV });
    const args = [
      BIN,
      ...localRunArgs(server.url),
      '--profile',
      profile,
      '--tier',
      'quick',
      '--seed',
      String(seed),
      '--out',
      outDir,
    ];
    const child = spawn(process.execPath, args, {
      cwd: PROJECT_ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const exitCode = await new Promise<number | null>((resolve) => {
      child.once('error', () => resolve(null));
      child.once('close', (code) => resolve(code));
    });
    clearTimeout(timer);
    try {
      const { results } = await loadResults(outDir);
      const bad = results.checks
        .filter((c) => c.outcome === 'fail' || c.outcome === 'error')
        .map((c) => `${c.checkId} ${c.outcome}: ${c.message}`);
      return { exitCode, results, bad };
    } catch (err) {
      return { exitCode, problem: `${(err as Error).message} (stderr: ${stderr.trim()})`, bad: [] };
    }
  } finally {
    await server.close();
  }
}
