/**
 * Local peers for `npm run vendors` and the peers test tier (test/peers/): each vendor started on 127.0.0.1 on a
 * free port, with its real credential rules, watched for an unexpected exit, and stopped by PID.
 *
 * - Ceph RGW: scripts/peers/rgw-up.sh / rgw-down.sh (Debian packages; skipped with a note when absent).
 * - s3rver (npm dev dependency): its own bin, `-a 127.0.0.1`. The access key must be `S3RVER`; the SigV4
 *   signature itself is never checked.
 * - fauxqs 1.x (npm dev dependency): scripts/peers/fauxqs-serve.mjs (its own CLI binds 0.0.0.0). Any
 *   credentials are accepted.
 *
 * A peer process that exits before `stop()` is a finding, not a crash: `death()` then says which process, when,
 * with what code or signal, and the tail of its log. Nothing here ever throws past `stop()`.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VendorDeath } from '../../src/report/compare.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A peer process that exited while it was meant to be serving. */
/** A peer process that exited while it was in use: the process facts of a {@link VendorDeath}, without the run's. */
export type PeerDeath = Omit<VendorDeath, 'lastExchange' | 'lastCheck' | 'erroredAfter'>;

export interface RunningPeer {
  id: string;
  product: string;
  version: string;
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  pids: number[];
  /** Set once a process of the peer exited before stop() was called. */
  death(): PeerDeath | undefined;
  /** Stops every process of the peer (TERM, KILL after a grace period); safe to call twice. */
  stop(): Promise<void>;
}

export interface PeerLauncher {
  id: string;
  product: string;
  /** Why the peer cannot start here (not installed), or undefined when it can. */
  unavailable(): string | undefined;
  /** Starts the peer with its state under `workDir` (created; the caller removes it). */
  start(workDir: string): Promise<RunningPeer>;
}

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

/** Waits until something accepts TCP connections on 127.0.0.1:port, or `ms` elapse (then throws). */
export async function waitForPort(
  port: number,
  ms: number,
  alive: () => boolean = () => true,
): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((res) => {
      const s = connect({ host: '127.0.0.1', port });
      s.once('connect', () => {
        s.destroy();
        res(true);
      });
      s.once('error', () => res(false));
    });
    if (ok) return;
    if (!alive()) throw new Error(`the process exited before listening on 127.0.0.1:${port}`);
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

function packageVersion(name: string): string | undefined {
  // Read from node_modules directly: fauxqs's exports map has only an `import` condition and no ./package.json.
  try {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
      version: string;
    };
    return pkg.version;
  } catch {
    return undefined;
  }
}

/** A Node peer as our child: its exit is seen at once. */
async function startNodeChild(options: {
  id: string;
  product: string;
  version: string;
  args: string[];
  workDir: string;
  accessKeyId: string;
  secretAccessKey: string;
  port: number;
}): Promise<RunningPeer> {
  mkdirSync(options.workDir, { recursive: true });
  const log = join(options.workDir, `${options.id}.log`);
  const fd = openSync(log, 'a');
  const child: ChildProcess = spawn(process.execPath, options.args, {
    cwd: ROOT,
    stdio: ['ignore', fd, fd],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  closeSync(fd);
  let stopping = false;
  let death: PeerDeath | undefined;
  let exited = false;
  const exit = new Promise<void>((res) => {
    child.once('exit', (code, signal) => {
      exited = true;
      if (!stopping) {
        death = {
          at: new Date().toISOString(),
          process: options.id,
          pid: child.pid ?? -1,
          code,
          signal,
          logTail: tail(log),
        };
      }
      res();
    });
  });
  const stop = async () => {
    stopping = true;
    if (exited || child.pid === undefined) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exit;
    clearTimeout(killer);
  };
  try {
    await waitForPort(options.port, 30_000, () => !exited);
  } catch (err) {
    await stop();
    throw new Error(`${options.id} did not start: ${(err as Error).message}\n${tail(log)}`);
  }
  return {
    id: options.id,
    product: options.product,
    version: options.version,
    endpoint: `http://127.0.0.1:${options.port}`,
    region: 'us-east-1',
    accessKeyId: options.accessKeyId,
    secretAccessKey: options.secretAccessKey,
    pids: child.pid === undefined ? [] : [child.pid],
    death: () => death,
    stop,
  };
}

export const s3rver: PeerLauncher = {
  id: 's3rver',
  product: 's3rver',
  unavailable: () =>
    packageVersion('s3rver') ? undefined : 's3rver is not installed (npm ci installs the dev dependencies)',
  async start(workDir) {
    const port = await freePort();
    const data = join(workDir, 'data');
    mkdirSync(data, { recursive: true });
    return startNodeChild({
      id: 's3rver',
      product: 's3rver',
      version: packageVersion('s3rver') ?? '?',
      args: [
        join(ROOT, 'node_modules/s3rver/bin/s3rver.js'),
        '-d',
        data,
        '-a',
        '127.0.0.1',
        '-p',
        String(port),
        '--silent',
      ],
      workDir,
      // s3rver's rule: the access key must be S3RVER (else 403 InvalidAccessKeyId); the secret is not checked.
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      port,
    });
  },
};

export const fauxqs: PeerLauncher = {
  id: 'fauxqs',
  product: 'fauxqs',
  unavailable: () =>
    packageVersion('fauxqs') ? undefined : 'fauxqs is not installed (npm ci installs the dev dependencies)',
  async start(workDir) {
    const port = await freePort();
    return startNodeChild({
      id: 'fauxqs',
      product: 'fauxqs',
      version: packageVersion('fauxqs') ?? '?',
      args: [join(ROOT, 'scripts/peers/fauxqs-serve.mjs'), String(port)],
      workDir,
      // fauxqs accepts any credentials and never checks the signature.
      accessKeyId: 'FAUXQSANYKEY',
      secretAccessKey: 'fauxqs-any-secret',
      port,
    });
  },
};

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((ok, fail) => {
    execFile(cmd, args, { cwd: ROOT, env, timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) fail(new Error(`${cmd} ${args.join(' ')}: ${err.message}\n${stderr}`));
      else ok(stdout);
    });
  });
}

function hasCommand(name: string): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => d !== '' && existsSync(join(d, name)));
}

/** Alive and not a zombie (the RGW daemons are not our children: a reaper we do not control collects them). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true;
  }
}

export const cephRgw: PeerLauncher = {
  id: 'ceph-rgw',
  product: 'Ceph RGW',
  unavailable: () =>
    ['radosgw', 'ceph-mon', 'ceph-osd', 'uuidgen', 'curl'].every(hasCommand)
      ? undefined
      : 'Ceph RGW is not installed (apt-get install radosgw ceph-mon ceph-osd ceph-common uuid-runtime curl; .ci/run does it)',
  async start(workDir) {
    mkdirSync(workDir, { recursive: true });
    // Free ports for the gateway and the monitor, so that another RGW on this machine (the defaults) never clashes.
    const [rgwPort, monV2, monV1] = [await freePort(), await freePort(), await freePort()];
    const base = join(workDir, 'ceph');
    const env = {
      ...process.env,
      CEPH_BASE: base,
      RGW_PORT: String(rgwPort),
      MON_V2_PORT: String(monV2),
      MON_V1_PORT: String(monV1),
    };
    const down = async () => {
      await run('bash', ['scripts/peers/rgw-down.sh'], env, 90_000).catch(() => undefined);
    };
    let out: string;
    try {
      out = await run('bash', ['scripts/peers/rgw-up.sh'], env, 180_000);
    } catch (err) {
      await down();
      throw err;
    }
    const vars = Object.fromEntries(
      out
        .split('\n')
        .filter((l) => l.startsWith('RGW_'))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    ) as Record<string, string>;
    let version = '?';
    try {
      version = /ceph version (\S+)/.exec(await run('radosgw', ['--version'], env, 20_000))?.[1] ?? '?';
    } catch {
      /* the version is cosmetic */
    }
    const procs = readFileSync(join(base, 'pids'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => {
        const [name, pid] = l.split(' ');
        return { name: name!, pid: Number(pid) };
      });
    let stopping = false;
    let death: PeerDeath | undefined;
    const watch = setInterval(() => {
      if (stopping || death) return;
      for (const p of procs) {
        if (!processAlive(p.pid)) {
          const name = p.name.replace(/\..*/, '');
          death = {
            at: new Date().toISOString(),
            process: p.name,
            pid: p.pid,
            code: null,
            signal: null,
            logTail: tail(
              join(
                base,
                'log',
                `${p.name.startsWith('rgw') ? 'client.rgw.a' : `${name}.${p.name.split('.')[1]}`}.log`,
              ),
            ),
          };
          return;
        }
      }
    }, 250);
    watch.unref();
    let stopped = false;
    return {
      id: 'ceph-rgw',
      product: 'Ceph RGW',
      version,
      endpoint: vars.RGW_ENDPOINT ?? `http://127.0.0.1:${rgwPort}`,
      region: 'us-east-1',
      accessKeyId: vars.RGW_ACCESS_KEY ?? '',
      secretAccessKey: vars.RGW_SECRET_KEY ?? '',
      pids: procs.map((p) => p.pid),
      death: () => death,
      async stop() {
        stopping = true;
        clearInterval(watch);
        if (stopped) return;
        stopped = true;
        await down();
      },
    };
  },
};

export const PEERS: readonly PeerLauncher[] = [cephRgw, s3rver, fauxqs];
