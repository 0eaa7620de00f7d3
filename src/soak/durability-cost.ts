/**
 * What durability costs: the same sequential requests against an in-process reference server without a data
 * directory (metadata in memory, nothing flushed) and with one (every answer waits for its bytes and records to be
 * flushed, src/server/storage/journal.ts). Figures, not a verdict: they go into the soak's report.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CosClient } from '../client/index.ts';
import { startServer } from '../server/index.ts';
import { localTarget } from '../server/local-target.ts';

export interface DurabilityCost {
  /** Requests of each kind, one after another. */
  requests: number;
  partBytes: number;
  /** Mean milliseconds per request: ephemeral, durable. */
  initiateMs: { ephemeral: number; durable: number };
  uploadPartMs: { ephemeral: number; durable: number };
  putObjectMs: { ephemeral: number; durable: number };
}

async function measure(durable: boolean, requests: number, partBytes: number) {
  const dir = durable ? await mkdtemp(join(tmpdir(), 'cos-durability-')) : undefined;
  const server = await startServer(dir ? { dataDir: dir } : {});
  const client = new CosClient(localTarget(server.url), { connections: 1 });
  const body = Buffer.alloc(partBytes, 0x61);
  const mean = async (fn: (i: number) => Promise<unknown>): Promise<number> => {
    await fn(-1); // warm-up
    const t0 = performance.now();
    for (let i = 0; i < requests; i++) await fn(i);
    return Math.round(((performance.now() - t0) / requests) * 100) / 100;
  };
  try {
    const initiate = await mean(() => client.initiateMultipartUpload('cost/initiate'));
    const id = (await client.initiateMultipartUpload('cost/parts')).data?.uploadId ?? '';
    const part = await mean((i) => client.uploadPart('cost/parts', id, (i % 100) + 2, body));
    const put = await mean((i) => client.putObject(`cost/object-${i % 10}`, body));
    return { initiate, part, put };
  } finally {
    await client.destroy();
    await server.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

/** Measures both servers with `requests` of each kind and parts of `partBytes`. */
export async function measureDurabilityCost(requests = 50, partBytes = 64 * 1024): Promise<DurabilityCost> {
  // A first pass of each warms the code paths; the second pass is the one reported.
  await measure(false, Math.min(requests, 10), partBytes);
  await measure(true, Math.min(requests, 10), partBytes);
  const ephemeral = await measure(false, requests, partBytes);
  const durable = await measure(true, requests, partBytes);
  return {
    requests,
    partBytes,
    initiateMs: { ephemeral: ephemeral.initiate, durable: durable.initiate },
    uploadPartMs: { ephemeral: ephemeral.part, durable: durable.part },
    putObjectMs: { ephemeral: ephemeral.put, durable: durable.put },
  };
}
