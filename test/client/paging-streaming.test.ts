import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestOf } from '../../src/body/part-body.ts';
import { CosClient } from '../../src/client/cos-client.ts';
import { Recorder } from '../../src/client/recorder.ts';
import { httpStub, type Stub, stubTarget } from './stub.ts';

function page(marker: number, next: number | undefined, truncated: boolean, parts: number[]): string {
  const items = parts
    .map(
      (n) =>
        `<Part><PartNumber>${n}</PartNumber><LastModified>2020-03-25T10:07:14.000Z</LastModified><ETag>"e${n}"</ETag><Size>1</Size></Part>`,
    )
    .join('');
  return (
    `<ListPartsResult><Bucket>b</Bucket><Key>k</Key><UploadId>u</UploadId><PartNumberMarker>${marker}</PartNumberMarker>` +
    `${next === undefined ? '' : `<NextPartNumberMarker>${next}</NextPartNumberMarker>`}<MaxParts>2</MaxParts>` +
    `<IsTruncated>${truncated}</IsTruncated>${items}</ListPartsResult>`
  );
}

let stub: Stub;
let listing: (marker: number) => string;
let uploaded = { bytes: 0, md5: '' };

beforeAll(async () => {
  stub = await httpStub((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'PUT') {
      const hash = createHash('md5');
      let bytes = 0;
      req.on('data', (c: Buffer) => {
        hash.update(c);
        bytes += c.length;
      });
      req.on('end', () => {
        uploaded = { bytes, md5: hash.digest('hex') };
        res.writeHead(200, { etag: `"${uploaded.md5}"` });
        res.end();
      });
      return;
    }
    req.resume();
    if (req.method === 'GET' && url.searchParams.has('uploadId')) {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(listing(Number(url.searchParams.get('part-number-marker') ?? '0')));
      return;
    }
    res.writeHead(200, { 'content-length': String(4 * 1024 * 1024) });
    res.end(Buffer.alloc(4 * 1024 * 1024, 7));
  });
});
afterAll(async () => {
  await stub.close();
});

describe('listAllParts guards against looping servers', () => {
  it('follows NextPartNumberMarker across pages', async () => {
    listing = (m) =>
      m === 0
        ? page(0, 2, true, [1, 2])
        : m === 2
          ? page(2, 4, true, [3, 4])
          : page(4, undefined, false, [5]);
    const c = new CosClient(stubTarget(stub.url), { recorder: new Recorder() });
    const r = await c.listAllParts('k', 'u', { maxParts: 2 });
    await c.close();
    expect(r.data?.parts.map((p) => p.partNumber)).toEqual([1, 2, 3, 4, 5]);
    expect(r.data?.exchanges.map((e) => e.request.query['part-number-marker'])).toEqual([
      undefined,
      '2',
      '4',
    ]);
  });

  it('a marker that does not advance is MARKER_NOT_ADVANCING, not a loop', async () => {
    listing = (m) => page(m, 2, true, [1, 2]);
    const c = new CosClient(stubTarget(stub.url), { recorder: new Recorder() });
    const r = await c.listAllParts('k', 'u');
    await c.close();
    expect(r.data).toBeUndefined();
    expect(r.protocolError?.code).toBe('MARKER_NOT_ADVANCING');
    expect(r.status).toBe(200);
  });

  it('a server that pages forever hits the page bound', async () => {
    listing = (m) => page(m, m + 1, true, [m + 1]);
    const c = new CosClient(stubTarget(stub.url), { recorder: new Recorder() });
    const r = await c.listAllParts('k', 'u', { maxPages: 5 });
    await c.close();
    expect(r.protocolError?.code).toBe('TOO_MANY_PAGES');
  });
});

describe('streaming', () => {
  it('a 128 MiB generated part streams with flat memory (< 48 MiB growth) and the right bytes', async () => {
    const spec = { seed: 5, size: 128 * 1024 * 1024 };
    const c = new CosClient(stubTarget(stub.url), { recorder: new Recorder() });
    const used = () => {
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const base = used();
    let peak = base;
    const timer = setInterval(() => {
      peak = Math.max(peak, used());
    }, 50);
    const r = await c.uploadPart('k', 'u', 1, { spec });
    clearInterval(timer);
    await c.close();
    const expected = await digestOf(spec);
    expect(r.status).toBe(200);
    expect(uploaded).toEqual({ bytes: spec.size, md5: expected.md5Hex });
    expect(r.exchange.request.bodySize).toBe(spec.size);
    expect(r.exchange.request.bodyMd5).toBe(expected.md5Hex);
    expect(peak - base).toBeLessThan(48 * 1024 * 1024);
  });

  it('a getObject stream destroyed early is recorded as ABORTED', async () => {
    const c = new CosClient(stubTarget(stub.url), { recorder: new Recorder() });
    const r = await c.getObject('big', { stream: true });
    expect(r.exchange.seq).toBe(0);
    expect(r.exchange.request.headers.authorization).toMatch(/q-signature=<redacted>$/);
    const stream = r.data!.stream!;
    await new Promise<void>((resolve) => stream.once('data', () => resolve()));
    stream.destroy();
    const ex = await r.data!.done!;
    await c.destroy();
    expect(ex.transportError?.code).toBe('ABORTED');
    expect(ex.response?.status).toBe(200);
  });

  it('the custom request() escape hatch signs, sends and returns the body text', async () => {
    const c = new CosClient(stubTarget(stub.url), { recorder: new Recorder() });
    listing = () => page(0, undefined, false, []);
    const r = await c.request({ method: 'get', key: 'k', query: [['uploadId', 'u']] });
    await c.close();
    expect(r.status).toBe(200);
    expect(r.data).toContain('<ListPartsResult>');
    expect(stub.seen.at(-1)!.headers.authorization).toMatch(/^q-sign-algorithm=sha1&q-ak=AKIDSTUB&/);
  });
});
