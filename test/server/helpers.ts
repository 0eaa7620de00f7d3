/**
 * Test helpers for the reference server: a signed undici request (COS q-sign via src/sign `cosSign`), raw socket
 * exchanges for wire cases undici will not produce, and small builders. Not the project's client (src/client):
 * these tests must not depend on it.
 */
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import type { Readable } from 'node:stream';
import { request } from 'undici';
import { cosSign } from '../../src/sign/cos-sign.ts';
import { cosUrlEncode } from '../../src/sign/url-encode.ts';
import {
  DEFAULT_BUCKET,
  DEFAULT_REGION,
  LOCAL_SECRET_ID,
  LOCAL_SECRET_KEY,
} from '../../src/server/defaults.ts';
import type { RunningServer } from '../../src/server/index.ts';
import { parseXml } from '../../src/xml/parse.ts';

export const VHOST = `${DEFAULT_BUCKET}.cos.${DEFAULT_REGION}.myqcloud.com`;

export interface Credentials {
  secretId: string;
  secretKey: string;
}

export const LOCAL: Credentials = { secretId: LOCAL_SECRET_ID, secretKey: LOCAL_SECRET_KEY };

export interface CallInput {
  method: string;
  /** Object key ('' for the bucket). */
  key?: string;
  /** Query pairs; a null value is a bare name (`?uploads`). */
  query?: Array<[string, string | null]>;
  headers?: Record<string, string>;
  body?: string | Buffer | Readable;
  /** Default the local pair; `false` sends no signature. */
  credentials?: Credentials | false;
  /** `virtual` (default): Host names the bucket; `path`: /<bucket>/<key> on the IP host. */
  style?: 'virtual' | 'path';
  bucket?: string;
  /** q-sign-time; default now-1;now+900. */
  keyTime?: string;
  /** Sign in the query string instead of the Authorization header. */
  signInQuery?: boolean;
  /** Headers added after signing (not covered by the signature). */
  unsignedHeaders?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  text: string;
}

/** Encodes a key for the URL path, segment by segment. */
export function encodeKey(key: string): string {
  return key.split('/').map(cosUrlEncode).join('/');
}

/** One signed request to the server. */
export async function call(server: RunningServer, input: CallInput): Promise<CallResult> {
  const bucket = input.bucket ?? DEFAULT_BUCKET;
  const key = input.key ?? '';
  const style = input.style ?? 'virtual';
  const host =
    style === 'virtual' ? `${bucket}.cos.${DEFAULT_REGION}.myqcloud.com` : `127.0.0.1:${server.port}`;
  const path =
    style === 'virtual'
      ? `/${encodeKey(key)}`
      : `/${cosUrlEncode(bucket)}${key === '' ? '' : `/${encodeKey(key)}`}`;
  const pathname = style === 'virtual' ? `/${key}` : `/${bucket}${key === '' ? '' : `/${key}`}`;
  const query = [...(input.query ?? [])];
  const headers: Record<string, string> = { host, ...(input.headers ?? {}) };
  const creds = input.credentials === undefined ? LOCAL : input.credentials;
  if (creds) {
    const sig = cosSign({
      secretId: creds.secretId,
      secretKey: creds.secretKey,
      method: input.method,
      pathname,
      query: query.map(([k, v]) => [k, v ?? ''] as [string, string]),
      headers,
      ...(input.keyTime ? { keyTime: input.keyTime } : {}),
    });
    if (input.signInQuery) {
      for (const [k, v] of new URLSearchParams(sig.authorization)) query.push([k, v]);
    } else {
      headers.authorization = sig.authorization;
    }
  }
  const qs = query
    .map(([k, v]) => (v === null ? cosUrlEncode(k) : `${cosUrlEncode(k)}=${cosUrlEncode(v)}`))
    .join('&');
  const res = await request(`${server.url}${path}${qs ? `?${qs}` : ''}`, {
    method: input.method,
    headers: { ...headers, ...(input.unsignedHeaders ?? {}) },
    body: input.body,
  });
  const body = Buffer.from(await res.body.arrayBuffer());
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { status: res.statusCode, headers: flat, body, text: body.toString('utf8') };
}

/** The `<Code>` of an error body, or undefined. */
export function errorCode(result: CallResult): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(result.text)?.[1];
}

/** Parses an XML response body (leading whitespace allowed). */
export function xml(result: CallResult): Record<string, unknown> {
  return parseXml(result.text);
}

export function md5Hex(data: Buffer | string): string {
  return createHash('md5').update(data).digest('hex');
}

export function md5Base64(data: Buffer | string): string {
  return createHash('md5').update(data).digest('base64');
}

/** Deterministic bytes: `size` bytes derived from `seed`. */
export function bytes(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** Initiates an upload and returns its id. */
export async function initiate(
  server: RunningServer,
  key: string,
  headers: Record<string, string> = {},
): Promise<string> {
  const res = await call(server, { method: 'POST', key, query: [['uploads', null]], headers });
  if (res.status !== 200) throw new Error(`initiate failed: ${res.status} ${res.text}`);
  const id = /<UploadId>([^<]+)<\/UploadId>/.exec(res.text)?.[1];
  if (!id) throw new Error(`no UploadId in ${res.text}`);
  return id;
}

/** Uploads one part. */
export function uploadPart(
  server: RunningServer,
  key: string,
  uploadId: string,
  partNumber: string | number,
  body: Buffer | string,
  headers: Record<string, string> = {},
): Promise<CallResult> {
  return call(server, {
    method: 'PUT',
    key,
    query: [
      ['partNumber', String(partNumber)],
      ['uploadId', uploadId],
    ],
    headers,
    body,
  });
}

/** Sends Complete with the given parts (ETags as given). */
export function complete(
  server: RunningServer,
  key: string,
  uploadId: string,
  parts: Array<{ partNumber: number | string; etag: string }> | string,
): Promise<CallResult> {
  const body =
    typeof parts === 'string'
      ? parts
      : `<CompleteMultipartUpload>${parts
          .map((p) => `<Part><PartNumber>${p.partNumber}</PartNumber><ETag>${p.etag}</ETag></Part>`)
          .join('')}</CompleteMultipartUpload>`;
  return call(server, {
    method: 'POST',
    key,
    query: [['uploadId', uploadId]],
    headers: { 'content-type': 'application/xml' },
    body,
  });
}

/** Lists the parts of an upload: part number → { etag, size }. */
export async function listPartsMap(
  server: RunningServer,
  key: string,
  uploadId: string,
): Promise<Map<number, { etag: string; size: number }>> {
  const res = await call(server, { method: 'GET', key, query: [['uploadId', uploadId]] });
  if (res.status !== 200) throw new Error(`list parts failed: ${res.status} ${res.text}`);
  const root = xml(res).ListPartsResult as {
    Part?: Array<{ PartNumber: string; ETag: string; Size: string }>;
  };
  return new Map(
    (root.Part ?? []).map((p) => [Number(p.PartNumber), { etag: p.ETag, size: Number(p.Size) }]),
  );
}

/** A raw exchange: writes `chunks` (with optional pauses), then reads until the server closes or `timeoutMs`. */
export async function rawExchange(
  server: RunningServer,
  chunks: Array<string | Buffer>,
  opts: {
    endAfterWrite?: boolean;
    destroyAfterWrite?: boolean;
    timeoutMs?: number;
    stopWhen?: (text: string) => boolean;
  } = {},
): Promise<{ text: string; closed: boolean }> {
  const socket = connect(server.port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let text = '';
  let closed = false;
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, opts.timeoutMs ?? 3000);
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      if (opts.stopWhen?.(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      clearTimeout(timer);
      resolve();
    });
  });
  for (const chunk of chunks) {
    await new Promise<void>((resolve) => socket.write(chunk, () => resolve()));
  }
  if (opts.destroyAfterWrite) {
    await new Promise((r) => setTimeout(r, 50));
    socket.destroy();
  } else if (opts.endAfterWrite) socket.end();
  await done;
  socket.destroy();
  return { text, closed };
}

/** Builds the head of a raw request with a COS signature over `signedHeaders` (host included). */
export function rawHead(
  method: string,
  key: string,
  query: Array<[string, string]>,
  headers: Record<string, string>,
  creds: Credentials = LOCAL,
): string {
  const all = { host: VHOST, ...headers };
  const sig = cosSign({
    secretId: creds.secretId,
    secretKey: creds.secretKey,
    method,
    pathname: `/${key}`,
    query,
    headers: all,
  });
  const qs = query.map(([k, v]) => `${cosUrlEncode(k)}=${cosUrlEncode(v)}`).join('&');
  const lines = [`${method} /${encodeKey(key)}${qs ? `?${qs}` : ''} HTTP/1.1`];
  for (const [name, value] of Object.entries(all)) lines.push(`${name}: ${value}`);
  lines.push(`authorization: ${sig.authorization}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** The status code of a raw HTTP response text. */
export function rawStatus(text: string): number | undefined {
  const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
  return m ? Number(m[1]) : undefined;
}
