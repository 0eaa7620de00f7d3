/**
 * `npm run vendors`: the vendor comparison, for real. Starts each peer on 127.0.0.1 (Ceph RGW, s3rver, fauxqs;
 * scripts/peers/peers.ts) and uses the embedded reference server, runs the suite against each with the same seed
 * under the profiles that apply, stops them (by PID, also on failure or Ctrl-C), and writes reports/vendors/:
 *
 *   runs/<vendor>-<profile>/   each run's directory (results.json, history.ndjson, junit.xml, report.md/html)
 *   vendors.json               what was run: versions, settings, exit codes, wall times, deaths, skips
 *   comparison.md / .html / .json   built by src/report/compare.ts (scores, deviations, per-operation statuses
 *                                   and latency, check × vendor matrix)
 *
 * Profiles: the reference server under both `cos` (COS signature, virtual-host) and `s3` (SigV4, path-style).
 * The three S3 peers under `s3` (SigV4, path-style) only: RGW and s3rver refuse the COS signature scheme (400
 * InvalidArgument) and fauxqs ignores it, so a `cos` run would gate on "is not COS" (x-cos-* headers, the 1 MB
 * part minimum, the COS signature) rather than tell anything about multipart behaviour.
 *
 * Usage: node --import tsx scripts/vendors.ts [--seed N] [--out DIR] [--vendors a,b] [--only …] [--skip …]
 *        [--run-timeout SECONDS] [--report-only]   (--report-only: rebuild comparison.* from the runs there)
 * With --vendors, the other vendors' runs already in the output directory (same seed) stay in the comparison.
 * The comparison shows each run in full; the baselines (baselines/<vendor>.json, with their reasons) are gated by
 * `npm run test:peers`.
 * Exit: 0 when every run finished (whatever its verdicts), 1 when a run could not be started or written.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type VendorRunRecord, writeVendorComparison } from '../src/report/vendors.ts';
import { PEERS, type PeerLauncher, ROOT, type RunningPeer } from './peers/peers.ts';

export interface VendorRunPlan {
  vendor: string;
  product: string;
  profile: 'cos' | 's3';
  signer: 'cos' | 'sigv4';
  addressing: 'virtual-host' | 'path';
  /** The peer's launcher; absent for the embedded reference server. */
  launcher?: PeerLauncher;
  /** A second run of the same vendor: its label suffix, the checks it leaves out, and why. */
  variant?: string;
  skipChecks?: string[];
  why?: string;
}

const S3 = { profile: 's3', signer: 'sigv4', addressing: 'path' } as const;

export function plans(): VendorRunPlan[] {
  const ref = { vendor: 'reference', product: 'cos-conformance reference server' };
  return [
    { ...ref, profile: 'cos', signer: 'cos', addressing: 'virtual-host' },
    { ...ref, ...S3 },
    ...PEERS.flatMap((launcher): VendorRunPlan[] => {
      const plan = { vendor: launcher.id, product: launcher.product, launcher, ...S3 };
      if (launcher.id !== 's3rver') return [plan];
      // s3rver dies on a Complete naming a part never uploaded (complete.complete.missing-part) and on an Upload Part with
      // an empty partNumber (reject-empty): the first run shows a death and what it does to the rest; the second
      // leaves those two checks out to show the rest.
      return [
        plan,
        {
          ...plan,
          variant: 'survivable',
          skipChecks: ['complete.complete.missing-part', 'part-number.upload-part.reject-empty'],
          why: 'each kills the s3rver process: a Complete naming a part never uploaded, an Upload Part with an empty partNumber',
        },
      ];
    }),
  ];
}

function harnessVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Runs the CLI; on the time bound, SIGINT (the run still writes its reports), then SIGKILL 30 s later. */
function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  logFile: string,
): Promise<{ code: number | null; timedOut: boolean; wallMs: number }> {
  const started = Date.now();
  return new Promise((ok) => {
    const out: Buffer[] = [];
    const child = spawn(process.execPath, [join(ROOT, 'bin/cos-conformance.mjs'), ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const echo = (chunk: Buffer) => {
      out.push(chunk);
      if (process.env.VENDORS_VERBOSE) process.stderr.write(chunk);
    };
    child.stdout.on('data', echo);
    child.stderr.on('data', echo);
    let timedOut = false;
    let killer: NodeJS.Timeout | undefined;
    const bound = setTimeout(() => {
      timedOut = true;
      child.kill('SIGINT');
      killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(bound);
      if (killer) clearTimeout(killer);
      writeFileSync(logFile, Buffer.concat(out));
      ok({ code, timedOut, wallMs: Date.now() - started });
    });
  });
}

export interface VendorsOptions {
  seed: number;
  out: string;
  vendors?: string[];
  only: string[];
  skip: string[];
  runTimeoutMs: number;
  log?: (line: string) => void;
}

/** Runs every planned vendor × profile and writes the comparison. Never leaves a peer running. */
export async function runVendors(options: VendorsOptions): Promise<VendorRunRecord[]> {
  const log = options.log ?? ((l: string) => console.log(l));
  const out = resolve(options.out);
  mkdirSync(join(out, 'runs'), { recursive: true });
  const records: VendorRunRecord[] = [];
  const running = new Set<RunningPeer>();
  const onSignal = () => {
    for (const p of running) void p.stop();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const work = mkdtempSync(join(tmpdir(), 'cos-conformance-vendors-'));
  try {
    for (const plan of plans()) {
      if (options.vendors && !options.vendors.includes(plan.vendor)) continue;
      const label = `${plan.vendor} · ${plan.profile}${plan.variant ? ` (${plan.variant})` : ''}`;
      const base = {
        vendor: plan.vendor,
        product: plan.product,
        label,
        profile: plan.profile,
        signer: plan.signer,
        addressing: plan.addressing,
        ...(plan.skipChecks ? { skipChecks: plan.skipChecks } : {}),
        ...(plan.why ? { why: plan.why } : {}),
      };
      const missing = plan.launcher?.unavailable();
      if (missing) {
        log(`${label}: skipped (${missing})`);
        records.push({ ...base, version: '?', skipped: missing });
        continue;
      }
      let peer: RunningPeer | undefined;
      const runDirName = `${plan.vendor}-${plan.profile}${plan.variant ? `-${plan.variant}` : ''}`;
      const runDir = join(out, 'runs', runDirName);
      rmSync(runDir, { recursive: true, force: true });
      try {
        if (plan.launcher) {
          log(`${label}: starting ${plan.product}`);
          peer = await plan.launcher.start(join(work, runDirName));
          running.add(peer);
          log(`${label}: ${plan.product} ${peer.version} on ${peer.endpoint} (pid ${peer.pids.join(', ')})`);
        }
        const args = ['run', '--seed', String(options.seed), '--label', label, '--out', runDir];
        args.push('--profile', plan.profile, '--signer', plan.signer, '--addressing', plan.addressing);
        if (peer) {
          args.push(
            '--endpoint',
            peer.endpoint,
            '--bucket',
            'cos-conformance-vendors',
            '--region',
            peer.region,
          );
          args.push('--create-bucket');
        } else {
          args.push('--embedded');
        }
        for (const o of options.only) args.push('--only', o);
        for (const s of [...options.skip, ...(plan.skipChecks ?? [])]) args.push('--skip', s);
        // No inherited credentials or targets: each run gets exactly the peer's.
        const env: NodeJS.ProcessEnv = Object.fromEntries(
          Object.entries(process.env).filter(([k]) => !/^(COS_|AWS_|GITHUB_|VITEST)/.test(k)),
        );
        env.CI = 'true';
        if (peer) {
          env.AWS_ACCESS_KEY_ID = peer.accessKeyId;
          env.AWS_SECRET_ACCESS_KEY = peer.secretAccessKey;
        }
        mkdirSync(runDir, { recursive: true });
        const res = await runCli(args, env, options.runTimeoutMs, join(runDir, 'console.log'));
        const death = peer?.death();
        records.push({
          ...base,
          version: peer?.version ?? harnessVersion(),
          runDir: relative(out, runDir),
          exitCode: res.code,
          wallMs: res.wallMs,
          ...(res.timedOut ? { timedOut: true } : {}),
          ...(death ? { death } : {}),
        });
        log(
          `${label}: exit ${res.code} in ${(res.wallMs / 1000).toFixed(1)} s${res.timedOut ? ' (time bound hit)' : ''}${death ? `; ${death.process} died at ${death.at}` : ''}`,
        );
      } catch (err) {
        const message = (err as Error).message;
        log(`${label}: could not run: ${message}`);
        records.push({ ...base, version: peer?.version ?? '?', error: message });
      } finally {
        if (peer) {
          await peer.stop();
          running.delete(peer);
        }
      }
    }
  } finally {
    for (const p of running) await p.stop();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    rmSync(work, { recursive: true, force: true });
  }
  // With --vendors, the other vendors' runs already in `out` (same seed) stay in the comparison.
  const file = join(out, 'vendors.json');
  let all = records;
  if (options.vendors && existsSync(file)) {
    const before = JSON.parse(readFileSync(file, 'utf8')) as { seed: number; runs: VendorRunRecord[] };
    if (before.seed === options.seed) {
      const rerun = new Set(records.map((r) => r.label));
      const kept = before.runs.filter((r) => !rerun.has(r.label) && !options.vendors!.includes(r.vendor));
      const order = plans().map((p) => p.vendor);
      all = [...kept, ...records].sort((a, b) => order.indexOf(a.vendor) - order.indexOf(b.vendor));
    }
  }
  writeFileSync(
    file,
    `${JSON.stringify({ seed: options.seed, only: options.only, skip: options.skip, runs: all }, null, 2)}\n`,
  );
  await writeVendorComparison(out, { seed: options.seed, runs: all, root: ROOT });
  log(`wrote ${join(out, 'comparison.md')}, comparison.html, comparison.json`);
  return records;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      out: { type: 'string', default: 'reports/vendors' },
      vendors: { type: 'string' },
      only: { type: 'string', multiple: true, default: [] },
      skip: { type: 'string', multiple: true, default: [] },
      'run-timeout': { type: 'string', default: '900' },
      'report-only': { type: 'boolean', default: false },
    },
  });
  if (values['report-only']) {
    // Rebuild comparison.* from the run directories and vendors.json already there (no vendor is started).
    const out = resolve(process.cwd(), values.out);
    const meta = JSON.parse(readFileSync(join(out, 'vendors.json'), 'utf8')) as {
      seed: number;
      runs: VendorRunRecord[];
    };
    await writeVendorComparison(out, { seed: meta.seed, runs: meta.runs, root: ROOT });
    console.log(`wrote ${join(out, 'comparison.md')}, comparison.html, comparison.json`);
    return 0;
  }
  const records = await runVendors({
    seed: Number(values.seed),
    out: resolve(process.cwd(), values.out),
    ...(values.vendors ? { vendors: values.vendors.split(',') } : {}),
    only: values.only,
    skip: values.skip,
    runTimeoutMs: Number(values['run-timeout']) * 1000,
  });
  return records.some((r) => r.error) ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(ROOT, 'scripts/vendors.ts')) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
