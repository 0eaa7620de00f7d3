/**
 * Workload 2, many small parts: N Upload Part requests of a few KiB at a fixed concurrency, sent by the harness
 * client, by a bare undici loop that signs the same way, by `@aws-sdk/client-s3` and by `cos-nodejs-sdk-v5`
 * (dev dependencies of the bench only). Every client sends the same bytes to its own upload.
 */
import { Agent } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import COS from 'cos-nodejs-sdk-v5';
import { bodyBytes } from '../../src/body/part-body.ts';
import { CosClient, Recorder } from '../../src/client/index.ts';
import { LIMITS } from '../../src/spec/limits.ts';
import { BareClient, BenchRequestError } from './bare-client.ts';
import { type BenchServer, processCpuSeconds, sampleRss, secondsSince } from './processes.ts';

/** The small-parts workload. */
export interface SmallPartsLoad {
  count: number;
  bytes: number;
  concurrency: number;
}

/** One timed run of one client. */
export interface SmallPartsRun {
  seconds: number;
  requestsPerSecond: number;
  serverPeakRssMiB: number;
  serverCpuSeconds: number;
  /** CPU time of the client (this process) per request, ms: steadier than req/s on a busy machine. */
  clientCpuMsPerRequest: number;
  /** The first warm-up pass (same count, JIT still compiling): context, not judged. */
  firstPass: SmallPartsPass;
}

/** Rate and client CPU of one untimed-for-the-table pass of the workload. */
export interface SmallPartsPass {
  requestsPerSecond: number;
  clientCpuMsPerRequest: number;
}

/** Warm-up passes of the whole workload before the timed one. */
export const WARM_UP_PASSES = 3;

/** Part number of request `i` of warm-up pass `pass`: past the timed ones, wrapping (an overwrite) when out of room. */
function warmUpPartNumber(load: SmallPartsLoad, pass: number, i: number): number {
  const room = Math.max(1, LIMITS.maxPartNumber - load.count);
  return load.count + 1 + ((pass * load.count + i) % room);
}

/** Sends `load.count` requests at `load.concurrency` (request `i` by `send(i)`), timing them and this process's CPU. */
async function timePass(load: SmallPartsLoad, send: (i: number) => Promise<void>): Promise<SmallPartsPass> {
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: load.concurrency }, async () => {
      while (next < load.count) await send(next++);
    }),
  );
  const seconds = secondsSince(t0);
  const cpu = process.cpuUsage(cpu0);
  return {
    requestsPerSecond: Math.round(load.count / seconds),
    clientCpuMsPerRequest: Math.round(((cpu.user + cpu.system) / 1000 / load.count) * 1000) / 1000,
  };
}

/** Sends part `n` (1-based) of `uploadId` and resolves once it was answered 200. */
type SendPart = (uploadId: string, n: number, body: Buffer) => Promise<void>;

/** A client under test: how to build it for a server, and how to close it. */
export interface SmallPartsClient {
  id: string;
  label: string;
  open(server: BenchServer, load: SmallPartsLoad): { send: SendPart; close(): Promise<void> };
}

function expect200(what: string, status: number | undefined): void {
  if (status !== 200) throw new BenchRequestError(`${what}: HTTP ${status ?? 'none'}`);
}

/** The harness client as the suite builds it: recording every exchange (redacted) to an NDJSON history. */
export const harnessClient: SmallPartsClient = {
  id: 'harness',
  label: 'harness client (CosClient)',
  open(server, load) {
    const dir = mkdtempSync(join(tmpdir(), 'cos-bench-history-'));
    const recorder = new Recorder({
      ndjsonPath: join(dir, 'history.ndjson'),
      keep: false,
      secrets: [server.target.credentials.secretKey],
    });
    const client = new CosClient(server.target, { recorder, connections: load.concurrency });
    return {
      async send(uploadId, n, body) {
        const r = await client.uploadPart('bench/small-parts', uploadId, n, body);
        expect200(`harness part ${n}`, r.status);
      },
      async close() {
        await client.close();
        await recorder.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

/** undici's Pool and the harness's signer, nothing else. */
export const bareUndici: SmallPartsClient = {
  id: 'undici',
  label: 'bare undici loop, same signing',
  open(server, load) {
    const client = new BareClient(server.target, load.concurrency);
    return {
      async send(uploadId, n, body) {
        await client.ok(
          'PUT',
          'bench/small-parts',
          [
            ['partNumber', String(n)],
            ['uploadId', uploadId],
          ],
          { bytes: body },
        );
      },
      close: () => client.close(),
    };
  },
};

/** `@aws-sdk/client-s3` UploadPart, SigV4, path-style, no extra checksums (like the harness sends none). */
export const awsSdk: SmallPartsClient = {
  id: 'aws-sdk',
  label: '@aws-sdk/client-s3 UploadPart',
  open(server, load) {
    const agent = new Agent({ keepAlive: true, maxSockets: load.concurrency });
    const s3 = new S3Client({
      endpoint: server.target.endpoint,
      region: server.target.region,
      forcePathStyle: true,
      credentials: {
        accessKeyId: server.target.credentials.secretId,
        secretAccessKey: server.target.credentials.secretKey,
      },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 1,
      requestHandler: { httpAgent: agent },
    });
    return {
      async send(uploadId, n, body) {
        const r = await s3.send(
          new UploadPartCommand({
            Bucket: server.target.bucket,
            Key: 'bench/small-parts',
            UploadId: uploadId,
            PartNumber: n,
            Body: body,
          }),
        );
        expect200(`aws-sdk part ${n}`, r.$metadata.httpStatusCode);
      },
      async close() {
        s3.destroy();
        agent.destroy();
      },
    };
  },
};

/** `cos-nodejs-sdk-v5` multipartUpload, COS signature, connecting to loopback with the bucket's production Host. */
export const cosSdk: SmallPartsClient = {
  id: 'cos-sdk',
  label: 'cos-nodejs-sdk-v5 multipartUpload',
  open(server) {
    const cos = new COS({
      SecretId: server.target.credentials.secretId,
      SecretKey: server.target.credentials.secretKey,
      Protocol: 'http:',
      Ip: new URL(server.target.endpoint).host,
      AutoSwitchHost: false,
      KeepAlive: true,
    });
    return {
      async send(uploadId, n, body) {
        const r = await cos.multipartUpload({
          Bucket: server.target.bucket,
          Region: server.target.region,
          Key: 'bench/small-parts',
          UploadId: uploadId,
          PartNumber: n,
          Body: body,
        });
        expect200(`cos-sdk part ${n}`, r.statusCode);
      },
      close: async () => undefined,
    };
  },
};

/** The four clients of the comparison, in table order. */
export const SMALL_PARTS_CLIENTS: readonly SmallPartsClient[] = [harnessClient, bareUndici, awsSdk, cosSdk];

/** Runs the workload once with `client` against `server`, on an upload of its own. */
export async function runSmallParts(
  server: BenchServer,
  client: SmallPartsClient,
  load: SmallPartsLoad,
): Promise<SmallPartsRun> {
  const setup = new BareClient(server.target, 1);
  const body = bodyBytes({ seed: 11, size: load.bytes });
  const uploadId = await setup.initiate('bench/small-parts');
  const opened = client.open(server, load);
  try {
    // Warm-up passes outside the timing, on part numbers past the timed ones: every socket opened, and the JIT done
    // compiling this client's path. One pass was not enough: a client's first few thousand requests cost it up to
    // three times its steady CPU per request (the harness's path is longer, so it pays longest), and the table
    // measures what each request costs, not how long a client takes to compile. The first pass is kept as context.
    let firstPass: SmallPartsPass | undefined;
    for (let pass = 0; pass < WARM_UP_PASSES; pass++) {
      const warm = await timePass(load, (i) => opened.send(uploadId, warmUpPartNumber(load, pass, i), body));
      firstPass ??= warm;
    }
    const rss = sampleRss(server.pids);
    const cpu0 = processCpuSeconds(server.pids);
    const t0 = process.hrtime.bigint();
    const timed = await timePass(load, (i) => opened.send(uploadId, i + 1, body));
    return {
      seconds: secondsSince(t0),
      ...timed,
      serverPeakRssMiB: rss.stop(),
      serverCpuSeconds: processCpuSeconds(server.pids) - cpu0,
      firstPass: firstPass ?? timed,
    };
  } finally {
    await opened.close();
    await setup.abort('bench/small-parts', uploadId);
    await setup.close();
  }
}
