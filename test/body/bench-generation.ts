/**
 * Throughput of body generation and hashing, GB per second of CPU time (not a test: timings belong in reports,
 * not assertions).
 * Run: `node --import tsx test/body/bench-generation.ts [GiB]` (default 1 GiB per measurement).
 */
import { Crc64, updateRegisterJs } from '../../src/body/crc64.ts';
import {
  allocChunk,
  CHUNK_SIZE,
  chunkCount,
  fillChunksJs,
  GENERATOR,
  generateChunkInto,
  prepareBody,
} from '../../src/body/generate.ts';
import { createPartBody, digestOf } from '../../src/body/part-body.ts';

const size = Math.round(Number(process.argv[2] ?? '1') * 1024 ** 3);
const spec = { seed: 7, size, stamp: { upload: 1, part: 1 } };

async function measure(name: string, run: () => Promise<void> | void): Promise<void> {
  const rates: number[] = [];
  for (let round = 0; round < 3; round++) {
    // CPU time of this process, not wall-clock: the machine may be shared.
    const cpu0 = process.cpuUsage();
    await run();
    const cpu = process.cpuUsage(cpu0);
    rates.push(size / ((cpu.user + cpu.system) / 1e6) / 1e9);
  }
  rates.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(36)} median ${rates[1].toFixed(2)} GB/s of CPU  (min ${rates[0].toFixed(2)}, max ${rates[2].toFixed(2)})`,
  );
}

await measure(`generate (fill 64 KiB chunks, ${GENERATOR})`, () => {
  const body = prepareBody(spec);
  const scratch = allocChunk(CHUNK_SIZE);
  for (let i = 0, n = chunkCount(body); i < n; i++) generateChunkInto(body, i, scratch);
});
await measure('generate, JavaScript loop only', () => {
  const body = prepareBody(spec);
  const scratch = allocChunk(CHUNK_SIZE);
  for (let i = 0, n = chunkCount(body); i < n; i++) fillChunksJs(body, i, scratch);
});
await measure('createPartBody stream (for await)', async () => {
  for await (const _chunk of createPartBody(spec)) {
    // consume only
  }
});
await measure('crc64 over 64 KiB chunks', () => {
  const chunk = allocChunk(CHUNK_SIZE);
  const crc = new Crc64();
  for (let done = 0; done < size; done += CHUNK_SIZE) crc.update(chunk);
});
await measure('crc64, JavaScript loop only', () => {
  const chunk = allocChunk(CHUNK_SIZE);
  const reg = { lo: -1, hi: -1 };
  for (let done = 0; done < size; done += CHUNK_SIZE) updateRegisterJs(reg, chunk);
});
await measure('digestOf (generate + MD5 + CRC-64)', async () => {
  await digestOf({ ...spec, seed: Math.floor(Math.random() * 1e9) });
});
console.log(`rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB after streaming ${size} bytes`);
