/**
 * One client of the small-parts comparison in a fresh process of its own, importing only that client's module
 * (scripts/bench/small-clients/), so that no client inherits the heap, the JIT state or the modules of another.
 * The bench process drives it one pass at a time and samples the server around each pass; the lines it reads and
 * writes are in small-clients/protocol.ts.
 *
 *   node --import tsx scripts/bench/small-parts-child.ts <client-id>
 */
import { createInterface } from 'node:readline';
import type { SmallPartsChildConfig, SmallPartsPass } from './small-clients/protocol.ts';
import { smallPartsClient } from './small-clients/registry.ts';

const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

/** Sends the workload once per `{"pass":P}` line until the input ends; any failure is one `{"error"}` line. */
async function main(): Promise<void> {
  const { open } = await smallPartsClient(process.argv[2] ?? '').load();
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) return;
  const config = JSON.parse(first.value) as SmallPartsChildConfig;
  const { load, uploadId, partRoom } = config;
  const body = Buffer.from(config.body, 'base64');
  const client = open(config.target, load);

  /** Sends the whole workload once at its concurrency, timing it and this process's CPU. */
  const pass = async (p: number): Promise<SmallPartsPass> => {
    let next = 0;
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: load.concurrency }, async () => {
        while (next < load.count) {
          const i = next++;
          await client.send(uploadId, ((p * load.count + i) % partRoom) + 1, body);
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    return {
      seconds,
      requestsPerSecond: Math.round(load.count / seconds),
      clientCpuMsPerRequest: Math.round(((cpu.user + cpu.system) / 1000 / load.count) * 1000) / 1000,
    };
  };

  try {
    say({ ready: true });
    for (let line = await lines.next(); !line.done; line = await lines.next())
      say(await pass((JSON.parse(line.value) as { pass: number }).pass));
  } finally {
    await client.close();
  }
}

try {
  await main();
} catch (err) {
  say({ error: (err as Error).message.split('\n')[0] });
  process.exitCode = 1;
}
