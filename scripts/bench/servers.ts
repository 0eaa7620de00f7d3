/**
 * Workload 3, the servers: the big part and the small parts sent by the bare undici client (the cheapest client,
 * so the server is what is measured) to the reference server, s3rver and Ceph RGW, each started afresh in its
 * own processes. A peer that is not installed is skipped with the reason.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cephRgw, type PeerLauncher, s3rver } from '../peers/peers.ts';
import { BareClient } from './bare-client.ts';
import { type BigPartFigures, type BigPartRun, bareBigPart, summarizeBigPart } from './big-part.ts';
import { type BenchServer, peerServer, type ReferenceStorage, startReferenceServer } from './processes.ts';
import { smallPartsClient } from './small-clients/registry.ts';
import { measureSmallParts, type SmallPartsFigures, type SmallPartsLoad } from './small-parts.ts';

/** The figures of one server, or why it was not measured. */
export type ServerFigures =
  | { id: string; product: string; version: string; bigPart: BigPartFigures; smallParts: SmallPartsFigures }
  | { id: string; product: string; skipped: string };

const PEER_BUCKET = 'bench-bucket';

/** Starts one server of the comparison under `workDir`. */
export type ServerStarter = {
  id: string;
  product: string;
  unavailable(): string | undefined;
  start(workDir: string): Promise<BenchServer>;
};

/** One storage mode of the reference server as a starter. */
function referenceStarter(storage: ReferenceStorage, id: string, product: string): ServerStarter {
  return { id, product, unavailable: () => undefined, start: (dir) => startReferenceServer(dir, storage) };
}

/**
 * The reference server's storage modes: as `run --embedded` serves (small bodies in memory), with every body in a
 * file and nothing flushed (as s3rver stores: the one compared with the peers), and durable (what flushing costs).
 */
const REFERENCE_STARTERS: readonly ServerStarter[] = [
  referenceStarter('memory', 'reference', 'reference server'),
  referenceStarter('files', 'reference-files', 'reference server, --memory-budget 0'),
  referenceStarter('durable', 'reference-durable', 'reference server, --data-dir'),
];

function fromPeer(launcher: PeerLauncher): ServerStarter {
  return {
    id: launcher.id,
    product: launcher.product,
    unavailable: () => launcher.unavailable(),
    start: async (dir) => peerServer(await launcher.start(dir), PEER_BUCKET),
  };
}

/** The servers compared, in table order; `peers: false` keeps only the reference server (its storage modes). */
export function serverStarters(peers: boolean): ServerStarter[] {
  return peers ? [...REFERENCE_STARTERS, fromPeer(s3rver), fromPeer(cephRgw)] : [...REFERENCE_STARTERS];
}

/** Keeps the faster of two runs of the same measurement. */
export function best<T extends { seconds: number }>(a: T | undefined, b: T): T {
  return a === undefined || b.seconds < a.seconds ? b : a;
}

/**
 * Runs both workloads `repeat` times against one server started afresh, summarized as workloads 1 and 2 are (the
 * median run); any failure becomes `skipped`.
 */
export async function measureServer(
  starter: ServerStarter,
  bigPartBytes: number,
  load: SmallPartsLoad,
  repeat: number,
): Promise<ServerFigures> {
  const why = starter.unavailable();
  if (why !== undefined) return { id: starter.id, product: starter.product, skipped: why };
  const dir = mkdtempSync(join(tmpdir(), `cos-bench-${starter.id}-`));
  let server: BenchServer | undefined;
  try {
    server = await starter.start(dir);
    if (server.needsBucket) {
      const c = new BareClient(server.target, 1);
      try {
        await c.ok('PUT', undefined, []);
      } finally {
        await c.close();
      }
    }
    const big: BigPartRun[] = [];
    for (let i = 0; i < repeat; i++) big.push(await bareBigPart(server, bigPartBytes));
    // The small parts as workload 2 measures each client: the bare loop in a child, median of its timed passes.
    const small = (await measureSmallParts(server, [smallPartsClient('undici')], load, repeat)).undici;
    if (small === undefined || 'skipped' in small)
      throw new Error(small?.skipped.replace(/^failed: /, '') ?? 'small parts not run');
    return {
      id: starter.id,
      product: starter.product,
      version: server.version,
      bigPart: summarizeBigPart(big),
      smallParts: small,
    };
  } catch (err) {
    return {
      id: starter.id,
      product: starter.product,
      skipped: `failed: ${(err as Error).message.split('\n')[0]}`,
    };
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
