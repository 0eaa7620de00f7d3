/**
 * The soak (issue "the reference server under abuse"): a durable reference server as a child process, N load
 * workers ({@link LoadWorker}) for a bounded time, an abuser sending bad input beside them ({@link ABUSE_KINDS}),
 * and SIGKILL at random moments followed by a restart on the same data directory. At the end every worker reads
 * back everything its model says must be there. The figures say what was done and what went wrong.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { CosClient } from '../client/index.ts';
import { PROJECT_ROOT } from '../runner/run-suite.ts';
import { localTarget } from '../server/local-target.ts';
import { SERVER_LIMITS } from '../spec/limits.ts';
import { ABUSE_KINDS, type AbuseContext, type AbuseResult, abuseRound, ESCAPE_MARK } from './abuse.ts';
import { ChildServer } from './child-server.ts';
import { LoadWorker, loadOpArbitrary, newLoadCounters } from './load.ts';

export interface SoakOptions {
  durationMs: number;
  concurrency: number;
  kills: number;
  seed: number;
  /** Largest generated part or object (default 3 MiB). */
  maxPartBytes?: number;
  /** `serve --headers-timeout` of the server under test (default the server's). */
  headersTimeoutMs?: number;
  /** `serve --idle-timeout` (default the server's). */
  idleTimeoutMs?: number;
  /** Send bad input beside the load (default true). */
  abuse?: boolean;
  /**
   * Start the server without `--data-dir`, so that a kill loses what it held (default false): the self-test that
   * shows the soak sees losses.
   */
  ephemeralServer?: boolean;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** What `npm run soak` prints and writes (reports/soak/soak.json). */
export interface SoakFigures {
  formatVersion: 1;
  date: string;
  machine: { node: string; platform: string; cpus: number; cpuModel: string; memoryGiB: number };
  options: { durationS: number; concurrency: number; kills: number; seed: number; maxPartBytes: number };
  wallS: number;
  operations: { total: number; byKind: Record<string, number> };
  bytes: { sent: number; received: number };
  concurrencyHeld: number;
  /** Requests whose answer never came because the server was killed under them (expected with kills). */
  interruptedRequests: number;
  badInputs: {
    tried: number;
    byKind: Record<string, Record<string, number>>;
    failures: AbuseResult[];
    /** Kinds never answered (every try cut by a kill): nothing is known of them, so the soak does not pass. */
    unjudged: string[];
  };
  kills: { done: number; restartMs: { mean: number; max: number } };
  losses: number;
  corruptions: number;
  serverErrors: number;
  unexpectedAnswers: number;
  /** First findings of each sort, for the reader. */
  findings: string[];
  escapedFiles: string[];
  peakRssMiB: number;
  /** True when nothing was lost, corrupted, answered 5xx or unexpectedly, and every bad input was refused. */
  passed: boolean;
}

const MIB = 1024 * 1024;

export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  const log = options.log ?? (() => {});
  const maxPartBytes = options.maxPartBytes ?? 3 * MIB;
  const headersTimeoutMs = options.headersTimeoutMs ?? SERVER_LIMITS.headersTimeoutMs;
  const dataDir = await mkdtemp(join(tmpdir(), 'cos-soak-'));
  const server = new ChildServer({
    dataDir,
    ephemeral: options.ephemeralServer ?? false,
    headersTimeoutMs,
    ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
  });
  const started = Date.now();
  await server.start();
  let up: Promise<void> = Promise.resolve();
  const ready = () => up;
  const target = localTarget(server.url, {
    timeouts: { connectMs: 5000, headersMs: 60_000, bodyMs: 60_000 },
  });
  const counters = newLoadCounters();
  const clients: CosClient[] = [];
  const workers: LoadWorker[] = [];
  for (let id = 0; id < options.concurrency; id++) {
    const client = new CosClient(target, { connections: 1 });
    clients.push(client);
    workers.push(new LoadWorker({ id, client, counters, ready, seed: options.seed }));
  }
  const deadline = started + options.durationMs;
  const arb = loadOpArbitrary(maxPartBytes);
  const runWorker = async (worker: LoadWorker, id: number): Promise<void> => {
    let batch = 0;
    while (Date.now() < deadline) {
      const ops = fc.sample(arb, { seed: options.seed * 65_537 + id * 977 + batch++, numRuns: 20 });
      for (const op of ops) {
        if (Date.now() >= deadline) return;
        await worker.run(op);
      }
    }
  };

  // The abuser: rounds of every bad-input kind, beside the load, until the deadline.
  const abuseClient = new CosClient(target, { connections: 2 });
  clients.push(abuseClient);
  let abuseUpload: string | undefined;
  const abuseCtx: AbuseContext = {
    client: abuseClient,
    port: Number(new URL(server.url).port),
    headersTimeoutMs,
    seed: options.seed,
    // After an interruption the abuser's upload may be gone (a kill between Initiate and its record is fine).
    afterInterruption: async () => {
      abuseUpload = undefined;
      await ready();
    },
    uploadId: async () => {
      if (abuseUpload) return abuseUpload;
      const r = await abuseClient.initiateMultipartUpload('soak/abuse/complete');
      if (!r.data) throw new Error(`abuser cannot initiate: ${r.status ?? r.transportError?.code}`);
      abuseUpload = r.data.uploadId;
      return abuseUpload;
    },
  };
  const abuse: AbuseResult[] = [];
  const unanswered = () =>
    ABUSE_KINDS.filter((k) => !abuse.some((r) => r.kind === k.name && r.verdict !== 'interrupted'));
  const runAbuser = async (): Promise<void> => {
    let round = 0;
    do {
      abuse.push(...(await abuseRound(abuseCtx, round++)));
    } while (Date.now() < deadline);
    // Kinds a kill cut short every time get another try once the load is over (bounded).
    for (let extra = 0; extra < 3 && unanswered().length > 0; extra++) {
      abuse.push(...(await abuseRound(abuseCtx, round++, unanswered())));
    }
  };
  const abuseOn = options.abuse ?? true;

  // The killer: SIGKILL at random moments spread over the run, restart on the same port and directory.
  const killTimes = fc
    .sample(fc.integer({ min: 0, max: 999 }), { seed: options.seed, numRuns: options.kills })
    .map((r, i) => ((i + 0.2 + (r / 1000) * 0.6) / (options.kills + 0.5)) * options.durationMs)
    .sort((a, b) => a - b);
  let killsDone = 0;
  const totalOps = () => Object.values(counters.operations).reduce((a, b) => a + b, 0);
  const runKiller = async (): Promise<void> => {
    let opsAtStart = 0;
    for (const at of killTimes) {
      const wait = started + at - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      // A kill lands during the load: the server has answered a few requests of each client since it started.
      while (totalOps() < opsAtStart + 2 * options.concurrency && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      if (Date.now() >= deadline) break;
      let restarted!: () => void;
      up = new Promise<void>((r) => {
        restarted = r;
      });
      await server.killAndRestart();
      killsDone++;
      opsAtStart = totalOps();
      log(`kill ${killsDone}: server restarted in ${server.restartMs.at(-1)} ms`);
      restarted();
    }
  };
  const progress = setInterval(() => {
    const total = Object.values(counters.operations).reduce((a, b) => a + b, 0);
    log(
      `${Math.round((Date.now() - started) / 1000)} s: ${total} operations, ${abuse.length} bad inputs, ${killsDone} kills`,
    );
  }, 10_000);
  try {
    await Promise.all([...workers.map(runWorker), abuseOn ? runAbuser() : Promise.resolve(), runKiller()]);
    await ready();
    log('verifying every object and open upload');
    await Promise.all(workers.map((w) => w.verifyAll()));
  } finally {
    clearInterval(progress);
    await Promise.all(clients.map((c) => c.destroy()));
    await server.stop();
  }
  const escapedFiles = await findEscapes(dataDir);
  await rm(dataDir, { recursive: true, force: true });
  const findings = workers.flatMap((w) => w.model.findings);
  const byKind: Record<string, Record<string, number>> = {};
  for (const r of abuse) {
    byKind[r.kind] ??= {};
    byKind[r.kind][r.verdict] = (byKind[r.kind][r.verdict] ?? 0) + 1;
  }
  const failures = abuse.filter((r) => r.verdict === 'failed');
  const unjudged = abuseOn ? unanswered().map((k) => k.name) : [];
  const losses = findings.filter((f) => f.kind === 'loss').length;
  const corruptions = findings.filter((f) => f.kind === 'corruption').length;
  const restartMs = server.restartMs;
  const figures: SoakFigures = {
    formatVersion: 1,
    date: new Date().toISOString(),
    machine: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    },
    options: {
      durationS: options.durationMs / 1000,
      concurrency: options.concurrency,
      kills: options.kills,
      seed: options.seed,
      maxPartBytes,
    },
    wallS: Math.round((Date.now() - started) / 100) / 10,
    operations: {
      total: Object.values(counters.operations).reduce((a, b) => a + b, 0),
      byKind: counters.operations,
    },
    bytes: { sent: counters.bytesSent, received: counters.bytesReceived },
    concurrencyHeld: counters.peakInFlight,
    interruptedRequests: counters.interrupted,
    badInputs: { tried: abuse.length, byKind, failures: failures.slice(0, 20), unjudged },
    kills: {
      done: killsDone,
      restartMs: {
        mean: restartMs.length ? Math.round(restartMs.reduce((a, b) => a + b, 0) / restartMs.length) : 0,
        max: restartMs.length ? Math.max(...restartMs) : 0,
      },
    },
    losses,
    corruptions,
    serverErrors: counters.serverErrors.length,
    unexpectedAnswers: counters.unexpected.length,
    findings: [
      ...findings.slice(0, 10).map((f) => `${f.kind}: ${f.what}`),
      ...counters.serverErrors.slice(0, 10).map((s) => `5xx: ${s}`),
      ...counters.unexpected.slice(0, 10).map((s) => `unexpected: ${s}`),
    ],
    escapedFiles,
    peakRssMiB: Math.round((server.peakRssBytes / MIB) * 10) / 10,
    passed: false,
  };
  figures.passed =
    losses === 0 &&
    corruptions === 0 &&
    figures.serverErrors === 0 &&
    figures.unexpectedAnswers === 0 &&
    failures.length === 0 &&
    unjudged.length === 0 &&
    escapedFiles.length === 0;
  return figures;
}

/**
 * Files named like the `../` keys outside the data directory (its parent, the project, the temp directory), and
 * anything in the data directory besides the server's own layout.
 */
async function findEscapes(dataDir: string): Promise<string[]> {
  const out: string[] = [];
  for (const dir of new Set([dirname(dataDir), PROJECT_ROOT, tmpdir(), dirname(dirname(dataDir))])) {
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      if (name.startsWith(ESCAPE_MARK)) out.push(join(dir, name));
    }
  }
  for (const name of await readdir(dataDir)) {
    if (!['tmp', 'parts', 'objects', 'meta'].includes(name)) out.push(join(dataDir, name));
  }
  return out;
}
