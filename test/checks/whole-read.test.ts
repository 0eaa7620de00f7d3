/**
 * The whole-object read of `part-number.upload-part.max-10000-completed` at a small scale: an object larger than
 * what the harness keeps in memory is read whole from the reference server, hashed as it streams in, and judged
 * against the generated bodies (the full tier does the same with 10000 parts).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { maxNumberCompleted } from '../../src/checks/families/part-number.ts';
import { CosClient } from '../../src/client/cos-client.ts';
import { COS_PROFILE } from '../../src/profiles/index.ts';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { localTarget } from '../../src/server/local-target.ts';
import { partSpec, readObject, readRange } from '../../specs/support/parts.ts';

const MiB = 1024 * 1024;
const LAST = 10;
// Nine 1 MiB parts and a small last one: 9 MiB + 1500 bytes, over the 8 MiB the harness keeps in memory.
const specs = Array.from({ length: LAST }, (_, i) => partSpec(5, 1, i + 1, i + 1 === LAST ? 1500 : MiB));
const total = specs.reduce((n, s) => n + s.size, 0);
const env = { profile: COS_PROFILE, seed: 7 };

let server: RunningServer;
let client: CosClient;
let completed: Omit<Parameters<typeof maxNumberCompleted.judge>[0], 'read' | 'specs'>;
const key = 'whole-read/object';

beforeAll(async () => {
  server = await startServer({ port: 0 });
  client = new CosClient(localTarget(server.url));
  const uploadId = (await client.initiateMultipartUpload(key)).data!.uploadId;
  const sent = [];
  for (const [i, spec] of specs.entries()) sent.push(await client.uploadPart(key, uploadId, i + 1, { spec }));
  const listed = await client.listParts(key, uploadId);
  const complete = await client.completeMultipartUpload(
    key,
    uploadId,
    sent.map((r, i) => ({ partNumber: i + 1, etag: r.data!.etag })),
  );
  completed = {
    partNumber: LAST,
    upload: sent[LAST - 1].exchange,
    listing: { exchange: listed.exchange, parts: listed.data?.parts ?? [] },
    complete: complete.exchange,
  };
});

afterAll(async () => {
  await client?.close();
  await server?.close();
});

describe('whole-object read-back, streamed', () => {
  test('the whole object is read without keeping its bytes and judged exact', async () => {
    const read = await readObject({ client }, key, total);
    expect(read.actual).toBeUndefined();
    expect(read.exchange?.response?.bodySize).toBe(total);
    const r = maxNumberCompleted.judge({ ...completed, read, specs }, env);
    expect(r.outcome, r.message).toBe('pass');
  });

  test('a part out of place anywhere in the object fails the comparison', async () => {
    const read = await readObject({ client }, key, total);
    const swapped = [specs[1], specs[0], ...specs.slice(2)];
    const r = maxNumberCompleted.judge({ ...completed, read, specs: swapped }, env);
    expect(r.outcome).toBe('fail');
    expect(r.message).toMatch(/MD5/);
  });

  test('a correct tail is no evidence for the whole object', async () => {
    const read = await readRange({ client }, key, total - 1501, 1501);
    const r = maxNumberCompleted.judge({ ...completed, read, specs }, env);
    expect(r.outcome).toBe('error');
  });
});
