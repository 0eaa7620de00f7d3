/**
 * Workload 2, many small parts: N Upload Part requests of a few KiB at a fixed concurrency, sent by the harness
 * client, by a bare undici loop that signs the same way, by `@aws-sdk/client-s3` and by `cos-nodejs-sdk-v5`
 * (dev dependencies of the bench only; the clients are in small-clients/). Every client sends the same bytes to an
 * upload of its own on the same server process.
 *
 * The method, the same for every client, for figures that hold on a small shared machine:
 * - each client runs in a fresh process of its own per run (small-parts-child.ts), importing only its own module:
 *   none inherits the heap, JIT state or modules of the bench or of another client;
 * - the clients take turns pass by pass (harness, undici, aws-sdk, cos-sdk, then the other way round), so a change
 *   of the machine's load while the run lasts falls on all of them, and none always runs right after the same one;
 * - {@link WARM_UP_PASSES} untimed passes (sockets opened, the JIT done compiling), then {@link TIMED_PASSES} timed
 *   ones, each with the server's CPU and peak RSS sampled around it; a run reports the median pass and the range;
 * - two clients are compared by the median of the ratios of their passes that took turns ({@link pairedRatio}).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { bodyBytes } from '../../src/body/part-body.ts';
import { LIMITS } from '../../src/spec/limits.ts';
import { ROOT } from '../peers/peers.ts';
import { BareClient } from './bare-client.ts';
import { clientEnv } from './malloc-env.ts';
import { type BenchServer, processCpuSeconds, sampleRss } from './processes.ts';
import { SMALL_PARTS_KEY, type SmallPartsLoad } from './small-clients/client.ts';
import type { SmallPartsChildConfig, SmallPartsPass } from './small-clients/protocol.ts';
import { SMALL_PARTS_CLIENTS, type SmallPartsClientInfo } from './small-clients/registry.ts';
import { median, range } from './stats.ts';

export { SMALL_PARTS_CLIENTS };
export type { SmallPartsClientInfo, SmallPartsLoad, SmallPartsPass };

/**
 * Untimed passes of the whole workload before the timed ones. One was not enough: a client's first few thousand
 * requests cost it up to three times its steady CPU per request (the harness's path is longer, so it pays
 * longest), and the table measures what each request costs, not how long a client takes to compile.
 */
export const WARM_UP_PASSES = 3;

/** Timed passes per client and run: enough for a median that one disturbed pass does not move. */
export const TIMED_PASSES = 5;

/** One timed pass, with what the server spent on it. */
export interface TimedPass extends SmallPartsPass {
  serverCpuSeconds: number;
  /** Highest RSS of the server's processes during the pass, MiB. */
  serverPeakRssMiB: number;
}

/** The figures of a client: medians (the peak RSS: the highest), the range of the timed passes, the first pass. */
export interface SmallPartsSummary {
  seconds: number;
  requestsPerSecond: number;
  clientCpuMsPerRequest: number;
  serverCpuSeconds: number;
  serverPeakRssMiB: number;
  /** `[min, max]` over the timed passes: the noise around the median. */
  spread: { requestsPerSecond: [number, number]; clientCpuMsPerRequest: [number, number] };
  /** The first warm-up pass (the JIT still compiling): context, not judged. */
  firstPass: SmallPartsPass;
}

/** One run of one client (one process): the median of its timed passes, and the passes. */
export interface SmallPartsRun extends SmallPartsSummary {
  /** Which of the `--repeat` runs (0-based): the passes of two clients in the same run and place took turns. */
  run: number;
  passes: TimedPass[];
}

/** What the table judges: over the `--repeat` runs, the median of the runs' medians; the spread of every pass. */
export interface SmallPartsFigures extends SmallPartsSummary {
  runs: SmallPartsRun[];
  /** Runs that failed (their figures are left out), with the reason. */
  failures?: string[];
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The median of `key` over `items`, rounded like the children round it. */
function medianOf<T>(items: readonly T[], key: (t: T) => number, digits: 0 | 3 = 3): number {
  const m = median(items.map(key));
  return digits === 0 ? Math.round(m) : round3(m);
}

function summarizePasses(first: SmallPartsPass, passes: readonly TimedPass[]): SmallPartsSummary {
  return {
    seconds: medianOf(passes, (p) => p.seconds),
    requestsPerSecond: medianOf(passes, (p) => p.requestsPerSecond, 0),
    clientCpuMsPerRequest: medianOf(passes, (p) => p.clientCpuMsPerRequest),
    serverCpuSeconds: medianOf(passes, (p) => p.serverCpuSeconds),
    serverPeakRssMiB: Math.max(...passes.map((p) => p.serverPeakRssMiB)),
    spread: {
      requestsPerSecond: range(passes.map((p) => p.requestsPerSecond)),
      clientCpuMsPerRequest: range(passes.map((p) => p.clientCpuMsPerRequest)),
    },
    firstPass: first,
  };
}

/**
 * Judged over runs by the median of the runs' medians, not the best run: the best of N favours the noisier client
 * (the higher the variance, the higher its luckiest run), where the median is as fair to a steady client as to a
 * jumpy one. The spread shown is that of every timed pass of every run.
 */
export function summarizeRuns(
  runs: readonly SmallPartsRun[],
  failures: readonly string[],
): SmallPartsFigures {
  const all = runs.flatMap((r) => r.passes);
  const medians = summarizePasses(
    {
      seconds: medianOf(runs, (r) => r.firstPass.seconds),
      requestsPerSecond: medianOf(runs, (r) => r.firstPass.requestsPerSecond, 0),
      clientCpuMsPerRequest: medianOf(runs, (r) => r.firstPass.clientCpuMsPerRequest),
    },
    runs,
  );
  return {
    ...medians,
    spread: summarizePasses(medians.firstPass, all).spread,
    runs: [...runs],
    ...(failures.length > 0 ? { failures: [...failures] } : {}),
  };
}

/**
 * How many times faster `a` is than `b`: the median, over the passes of the same run and place, of the ratio of
 * their rates. The two passes of a pair ran one right after the other (they took turns), so a change in the
 * machine's load between turns, which moves both medians, cancels out of each pair's ratio; null without a pair.
 */
export function pairedRatio(a: SmallPartsFigures, b: SmallPartsFigures): number | null {
  const ratios = a.runs.flatMap((ra) => {
    const rb = b.runs.find((r) => r.run === ra.run);
    if (rb === undefined) return [];
    return ra.passes.flatMap((pa, k) => {
      const pb = rb.passes[k];
      return pb === undefined ? [] : [pa.requestsPerSecond / pb.requestsPerSecond];
    });
  });
  return ratios.length > 0 ? Math.round(median(ratios) * 100) / 100 : null;
}

/** A client's child process, driven one pass at a time. */
class ClientChild {
  readonly #child: ChildProcess;
  readonly #lines: AsyncIterator<string>;
  readonly #exit: Promise<void>;
  #stderr = '';

  private constructor(readonly id: string) {
    this.#child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'scripts/bench/small-parts-child.ts'), id],
      { cwd: ROOT, env: clientEnv(), stdio: ['pipe', 'pipe', 'pipe'] },
    );
    this.#exit = new Promise((res) => this.#child.once('exit', () => res()));
    this.#child.stderr?.setEncoding('utf8').on('data', (s: string) => {
      this.#stderr = (this.#stderr + s).slice(-4000);
    });
    this.#lines = createInterface({ input: this.#child.stdout! })[Symbol.asyncIterator]();
  }

  /** Starts the child and waits until its client is open. */
  static async start(id: string, config: SmallPartsChildConfig): Promise<ClientChild> {
    const c = new ClientChild(id);
    c.#child.stdin?.write(`${JSON.stringify(config)}\n`);
    await c.#reply();
    return c;
  }

  /** Runs pass `p` and returns its figures. */
  async pass(p: number): Promise<SmallPartsPass> {
    this.#child.stdin?.write(`${JSON.stringify({ pass: p })}\n`);
    return (await this.#reply()) as unknown as SmallPartsPass;
  }

  /** The next JSON line of the child; a line `{"error"}` or the child's exit throws, with what it said. */
  async #reply(): Promise<Record<string, unknown>> {
    for (;;) {
      const next = await this.#lines.next();
      if (next.done) {
        await this.#exit;
        const said = this.#stderr.trim().split('\n').filter(Boolean).at(-1) ?? '';
        throw new Error(
          `${this.id} client exited (${this.#child.exitCode ?? this.#child.signalCode}): ${said}`,
        );
      }
      if (!next.value.startsWith('{')) continue; // a library's own output
      const line = JSON.parse(next.value) as Record<string, unknown>;
      if (typeof line.error === 'string') throw new Error(`${this.id}: ${line.error}`);
      return line;
    }
  }

  /** Ends its input (the client closes and the child exits); killed if it has not exited within 10 s. */
  async close(): Promise<void> {
    this.#child.stdin?.end();
    const killer = setTimeout(() => this.#child.kill('SIGKILL'), 10_000);
    await this.#exit;
    clearTimeout(killer);
  }
}

const skipped = (err: unknown) => ({ skipped: `failed: ${(err as Error).message.split('\n')[0]}` });

/**
 * One run (`run`: its index among the `--repeat` runs): a fresh child per client, all against `server`, taking turns
 * pass by pass (see the file's TSDoc).
 */
export async function runSmallPartsRound(
  server: BenchServer,
  clients: readonly SmallPartsClientInfo[],
  load: SmallPartsLoad,
  run = 0,
): Promise<Record<string, SmallPartsRun | { skipped: string }>> {
  const setup = new BareClient(server.target, 1);
  const base = {
    target: server.target,
    load,
    body: bodyBytes({ seed: 11, size: load.bytes }).toString('base64'),
    // Pass P overwrites the parts of pass P-2: the server holds the same parts throughout, and every timed pass does
    // the same work (an overwrite of each part number).
    partRoom: Math.min(2 * load.count, LIMITS.maxPartNumber),
  };
  const out: Record<string, SmallPartsRun | { skipped: string }> = {};
  const uploads: string[] = [];
  const live = new Map<string, { child: ClientChild; first?: SmallPartsPass; passes: TimedPass[] }>();
  try {
    // Every child started and its client open before the first pass: start-up is not timed.
    for (const _ of clients) uploads.push(await setup.initiate(SMALL_PARTS_KEY));
    await Promise.all(
      clients.map(async ({ id }, i) => {
        try {
          live.set(id, {
            child: await ClientChild.start(id, { ...base, uploadId: uploads[i]! }),
            passes: [],
          });
        } catch (err) {
          out[id] = skipped(err);
        }
      }),
    );
    for (let p = 0; p < WARM_UP_PASSES + TIMED_PASSES; p++) {
      for (const { id } of p % 2 === 0 ? clients : [...clients].reverse()) {
        const state = live.get(id);
        if (state === undefined) continue;
        const rss = sampleRss(server.pids);
        const cpu0 = processCpuSeconds(server.pids);
        try {
          const pass = await state.child.pass(p);
          const serverCpuSeconds = round3(processCpuSeconds(server.pids) - cpu0);
          const serverPeakRssMiB = rss.stop();
          state.first ??= pass;
          if (p >= WARM_UP_PASSES) state.passes.push({ ...pass, serverCpuSeconds, serverPeakRssMiB });
        } catch (err) {
          rss.stop();
          out[id] = skipped(err);
          live.delete(id);
          await state.child.close();
        }
      }
    }
    for (const [id, s] of live) out[id] = { ...summarizePasses(s.first!, s.passes), run, passes: s.passes };
  } finally {
    await Promise.all([...live.values()].map((s) => s.child.close()));
    for (const uploadId of uploads) await setup.abort(SMALL_PARTS_KEY, uploadId);
    await setup.close();
  }
  return Object.fromEntries(clients.map(({ id }) => [id, out[id] ?? { skipped: 'not run' }]));
}

/** `repeat` runs of {@link runSmallPartsRound}, summarized per client ({@link summarizeRuns}). */
export async function measureSmallParts(
  server: BenchServer,
  clients: readonly SmallPartsClientInfo[],
  load: SmallPartsLoad,
  repeat: number,
  log: (line: string) => void = () => undefined,
): Promise<Record<string, SmallPartsFigures | { skipped: string }>> {
  const runs = new Map<string, { ok: SmallPartsRun[]; failed: string[] }>(
    clients.map(({ id }) => [id, { ok: [], failed: [] }]),
  );
  for (let i = 0; i < repeat; i++) {
    log(`small parts, ${clients.map((c) => c.id).join(', ')} taking turns, run ${i + 1}/${repeat}`);
    for (const [id, r] of Object.entries(await runSmallPartsRound(server, clients, load, i))) {
      if ('skipped' in r) runs.get(id)?.failed.push(r.skipped);
      else runs.get(id)?.ok.push(r);
    }
  }
  return Object.fromEntries(
    [...runs].map(([id, { ok, failed }]) => [
      id,
      ok.length > 0 ? summarizeRuns(ok, failed) : { skipped: failed.join('; ') },
    ]),
  );
}
