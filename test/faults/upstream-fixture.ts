/**
 * A tiny COS-shaped upstream for the fault-proxy tests: enough of Initiate, Upload Part, List Parts and Get
 * Object to see each fault, and a record of what reached it (how many body bytes, whether the body completed).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the upstream saw of one request. */
export interface Seen {
  method: string;
  url: string;
  bytes: number;
  complete: boolean;
}

export interface Upstream {
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}

/** The List Parts document the upstream answers with (long enough to cut in the middle). */
export const LIST_PARTS_XML =
  '<?xml version="1.0" encoding="UTF-8"?>\n<ListPartsResult><Bucket>examplebucket-1250000000</Bucket>' +
  '<Key>k</Key><UploadId>1585130821cbb7df1d11846c073ad648e8f33b087cec2381df437acdc833cf654b9ecc6361</UploadId>' +
  Array.from(
    { length: 20 },
    (_, i) =>
      `<Part><PartNumber>${i + 1}</PartNumber><LastModified>2020-03-25T10:07:01.000Z</LastModified>` +
      `<ETag>"39270a968a357d24207e9911162507eb"</ETag><Size>1048576</Size></Part>`,
  ).join('') +
  '</ListPartsResult>';

/** Bytes of `GET /object`: 64 KiB, position-stamped. */
export const OBJECT_BYTES = Buffer.from(Array.from({ length: 65_536 }, (_, i) => (i * 31 + 7) & 0xff));

function readBody(req: IncomingMessage, seen: Seen): Promise<boolean> {
  return new Promise((resolve) => {
    req.on('data', (c: Buffer) => {
      seen.bytes += c.length;
    });
    req.on('end', () => resolve(true));
    req.on('aborted', () => resolve(false));
    req.on('close', () => resolve(req.complete));
    req.on('error', () => resolve(false));
  });
}

/** Starts the upstream on 127.0.0.1:0. */
export async function startUpstream(): Promise<Upstream> {
  const seen: Seen[] = [];
  const server: Server = createServer(async (req, res) => {
    const entry: Seen = { method: req.method ?? '', url: req.url ?? '', bytes: 0, complete: false };
    seen.push(entry);
    entry.complete = await readBody(req, entry);
    if (!entry.complete) return;
    const url = new URL(req.url ?? '/', 'http://x');
    const q = url.searchParams;
    res.setHeader('x-cos-request-id', 'NWU3YjJkNTJfZDBjODJhMDlfMjU4NTZfMjc5MzBh');
    res.setHeader('Server', 'tencent-cos');
    if (req.method === 'PUT' && q.has('partNumber')) {
      res.writeHead(200, { ETag: '"39270a968a357d24207e9911162507eb"', 'Content-Length': '0' }).end();
    } else if (req.method === 'POST' && q.has('uploads')) {
      const xml =
        '<?xml version="1.0" encoding="UTF-8"?>\n<InitiateMultipartUploadResult><Bucket>examplebucket-1250000000</Bucket>' +
        '<Key>k</Key><UploadId>1585130821cbb7df1d11846c073ad648e8f33b087cec2381df437acdc833cf654b9ecc6361</UploadId>' +
        '</InitiateMultipartUploadResult>';
      res
        .writeHead(200, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(xml) })
        .end(xml);
    } else if (req.method === 'GET' && q.has('uploadId')) {
      if (q.get('chunked') === '1') {
        res.writeHead(200, { 'Content-Type': 'application/xml' });
        res.write(LIST_PARTS_XML.slice(0, 300));
        res.end(LIST_PARTS_XML.slice(300));
      } else {
        res
          .writeHead(200, {
            'Content-Type': 'application/xml',
            'Content-Length': Buffer.byteLength(LIST_PARTS_XML),
          })
          .end(LIST_PARTS_XML);
      }
    } else if (req.method === 'GET' && url.pathname === '/object') {
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': OBJECT_BYTES.length,
      });
      res.end(OBJECT_BYTES);
    } else {
      res.writeHead(404, { 'Content-Type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
    }
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
