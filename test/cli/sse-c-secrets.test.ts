/**
 * End to end: the SSE-C keys the suite sends never reach a file of the run or its output. The real bin runs the
 * sse family against the reference server behind a TCP tap that keeps every byte the harness sent, so the keys
 * actually sent are known (they are derived from the run seed); then every report (results.json, JUnit,
 * Markdown, HTML, history) and stdout/stderr are searched for each key in base64, in hex and as its raw bytes.
 * The server breaks two SSE-C rules, so that failing checks write their exchanges (the requests with the key
 * header) into the reports too.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { EXIT } from '../../src/report/exit-codes.ts';
import { LOCAL_SECRET_ID, LOCAL_SECRET_KEY } from '../../src/server/index.ts';
import type { RunningServer } from '../../src/server/options.ts';
import { startServer } from '../../src/server/start.ts';
import { type ByteProxy, startByteProxy } from './byte-proxy.ts';
import { runCli } from './spawn-cli.ts';

const BUCKET = 'examplebucket-1250000000';
const REGION = 'ap-guangzhou';

let dir: string;
let server: RunningServer;
let tap: ByteProxy;
/** Every byte the harness sent. */
const sent: Buffer[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cos-sse-c-'));
  server = await startServer({
    buckets: [BUCKET],
    region: REGION,
    behaviour: { enforceCustomerKeyOnParts: false, echoCustomerKey: false },
  });
  tap = await startByteProxy(server.port, { onUp: (chunk) => sent.push(chunk) });
});

afterAll(async () => {
  await tap.vanish();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** Every file under `root`, recursively, as latin1 text (so raw key bytes can be searched for too). */
async function filesUnder(root: string): Promise<Array<{ path: string; text: string }>> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return Promise.all(files.map(async (path) => ({ path, text: (await readFile(path)).toString('latin1') })));
}

test('no SSE-C key in any report or output of a run of the sse family', { timeout: 180_000 }, async () => {
  const out = join(dir, 'out');
  const r = await runCli(
    [
      'run',
      '--endpoint',
      tap.url,
      '--bucket',
      BUCKET,
      '--region',
      REGION,
      '--out',
      out,
      '--seed',
      '11',
      '--only',
      'sse.*',
    ],
    { COS_CONFORMANCE_INCLUDE: '', COS_SECRET_ID: LOCAL_SECRET_ID, COS_SECRET_KEY: LOCAL_SECRET_KEY },
  );
  // The broken rules are caught: the failing checks wrote their exchanges.
  expect(r.code).toBe(EXIT.NONCONFORMANT);
  const wire = Buffer.concat(sent).toString('latin1');
  const keys = new Set(
    [...wire.matchAll(/x-cos-server-side-encryption-customer-key: *([A-Za-z0-9+/=]+)\r\n/gi)].map(
      (m) => m[1]!,
    ),
  );
  expect(keys.size).toBe(2); // key A and key B went on the wire
  const texts = [
    { path: 'stdout', text: r.stdout },
    { path: 'stderr', text: r.stderr },
    ...(await filesUnder(out)),
  ];
  const names = texts.map((t) => t.path.slice(out.length + 1));
  for (const report of ['results.json', 'junit.xml', 'report.md', 'report.html'])
    expect(names).toContain(report);
  const results = texts.find((t) => t.path.endsWith('results.json'))!.text;
  expect(results).toContain('sse.upload-part.ssec-key-missing');
  expect(results).toContain('customer-key-md5'); // the exchanges are there, the key MD5 is not a secret
  const found: string[] = [];
  for (const key of keys) {
    const bytes = Buffer.from(key, 'base64');
    expect(bytes.length).toBe(32);
    const forms = [key, encodeURIComponent(key), bytes.toString('hex'), bytes.toString('latin1')];
    for (const form of forms) {
      for (const { path, text } of texts) if (text.includes(form)) found.push(`${form} in ${path}`);
    }
  }
  expect(found).toEqual([]);
});
