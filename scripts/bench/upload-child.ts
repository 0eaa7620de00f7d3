/**
 * One Upload Part of a generated body by the harness client (CosClient), in its own process so that its peak RSS
 * is the client's alone. Prints one JSON line: status, ETag, seconds, peak RSS, CPU seconds.
 *
 *   node --import tsx scripts/bench/upload-child.ts <endpoint> <bytes> <seed>
 */
import { CosClient } from '../../src/client/index.ts';
import { localTarget } from '../../src/server/local-target.ts';
import { BENCH_TIMEOUTS } from './processes.ts';

const [endpoint, bytesArg, seedArg] = process.argv.slice(2);
const size = Number(bytesArg);
const seed = Number(seedArg);
const client = new CosClient(localTarget(endpoint ?? '', { timeouts: BENCH_TIMEOUTS }));
const key = 'bench/big-part';
try {
  const init = await client.initiateMultipartUpload(key);
  const uploadId = init.data?.uploadId;
  if (!uploadId) throw new Error(`initiate failed: HTTP ${init.status ?? init.transportError?.code}`);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const up = await client.uploadPart(key, uploadId, 1, { spec: { seed, size } });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  await client.abortMultipartUpload(key, uploadId);
  console.log(
    JSON.stringify({
      status: up.status ?? null,
      etag: up.data?.etag ?? up.headers.etag ?? null,
      seconds,
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    }),
  );
} finally {
  await client.close();
}
