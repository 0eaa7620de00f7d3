/**
 * The COS client the conformance suite drives: one method per API of spec §2 plus the object and bucket calls a
 * scenario needs. Every method resolves to an {@link OpResult} and never throws for HTTP or transport failures:
 * a 4xx/5xx comes back with `status` and `error`, a reset or timeout with `transportError`, a 2xx the client could
 * not read with `protocolError`. Every exchange is recorded (redacted) on the recorder.
 *
 * Transport: an undici `Pool` per origin (HTTP/1.1, keep-alive, explicit connect/headers/body timeouts, no
 * retries; see pool-send.ts). Requests undici refuses to send (Expect: 100-continue, a Content-Length that
 * disagrees with the body) go over the raw-socket path (raw.ts).
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Target } from '../target/types.ts';
import type { Exchange, OpResult } from './exchange.ts';
import {
  BodyInputError,
  md5Base64Of,
  type OutgoingBody,
  type PartBodyInput,
  toOutgoingBody,
} from './part-body-input.ts';
import { PoolSender, type RequestPlan, type ResponseMode, type SendOutcome } from './pool-send.ts';
import type { SigningOptions } from './prepare.ts';
import { compactQuery, type QueryPair } from './query.ts';
import { type RawRequestOptions, type RawResponseData, rawRequest } from './raw.ts';
import { Recorder } from './recorder.ts';
import { classifyTransportError } from './transport-errors.ts';
import {
  buildCompleteRequest,
  type CompletePartOrder,
  type CompleteResult,
  type CopyPartResult,
  type InitiateResult,
  type ListedPart,
  type ListPartsResult,
  type ListObjectsResult,
  type ListUploadsResult,
  type Parsed,
  readComplete,
  readCopyPart,
  readInitiate,
  readListObjects,
  readListParts,
  readListUploads,
} from './xml-results.ts';
import { isoNow } from './timestamp.ts';

/** Options every operation accepts. */
export interface CallOptions {
  /** Extra request headers (any case); they override computed ones, `host` included. */
  headers?: Readonly<Record<string, string>>;
  signal?: AbortSignal;
  signing?: SigningOptions;
}

export interface CosClientOptions {
  /** Where exchanges go; default a private recorder that keeps nothing. */
  recorder?: Recorder;
  /** Max sockets per origin (default 8). */
  connections?: number;
}

/** Payload of operations whose success has no body. */
export type Empty = Record<string, never>;

export interface UploadPartOptions extends CallOptions {
  /** `auto` computes it from the body up front (one extra pass for streams); `false`/absent sends none. */
  contentMd5?: string | 'auto' | false;
  /** Declared Content-Length: a number (a lie goes over the raw path) or `false` for none (chunked, raw path). */
  contentLength?: number | false;
  /** Send `Expect: 100-continue` and hold the body until the server agrees (raw path). */
  expectContinue?: boolean;
}

export interface UploadPartData {
  /** The ETag header as sent, quotes included (spec §2.2). */
  etag: string;
  /** `x-cos-hash-crc64ecma` (spec §5.3). */
  crc64?: string;
  /** `x-cos-server-side-encryption`. */
  sse?: string;
}

/** The copy-source conditions of Upload Part - Copy (spec §2.3), sent as `<header>-If-Match` and so on. */
export interface CopySourceConditions {
  ifMatch?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  ifUnmodifiedSince?: string;
}

export interface UploadPartCopyOptions extends CallOptions {
  /**
   * Name of the copy source header: `x-cos-copy-source` (default, spec §2.3) or `x-amz-copy-source` (AWS); the
   * range and condition headers are named after it (`<name>-range`, `<name>-If-Match`, …).
   */
  sourceHeader?: string;
  /** The range header value as sent, e.g. `bytes=0-1048575`; absent copies the whole object. */
  range?: string;
  conditions?: CopySourceConditions;
}

export interface UploadPartCopyData extends CopyPartResult {
  /** `x-cos-hash-crc64ecma` of the copied part (spec §5.3). */
  crc64?: string;
}

export type PutObjectOptions = Omit<UploadPartOptions, 'expectContinue'>;
export type PutObjectData = UploadPartData;

export interface ListPartsOptions extends CallOptions {
  maxParts?: number | string;
  partNumberMarker?: number | string;
  encodingType?: string;
}

export interface ListAllPartsOptions extends CallOptions {
  maxParts?: number;
  /** Bound on pages fetched (default 10 001: 10 000 parts at one per page, plus one). */
  maxPages?: number;
}

export interface ListAllPartsData {
  parts: ListedPart[];
  pages: ListPartsResult[];
  /** The exchanges of every page, in order. */
  exchanges: Exchange[];
}

export interface CompleteOptions extends CallOptions {
  /** Send this body instead of the one built from `parts` (malformed-XML tests). */
  rawBody?: string;
  /** Child order inside `Part` (default PartNumber first, as the docs). */
  order?: CompletePartOrder;
  /** Content-MD5 of the XML: `auto` (default, as the Node SDK), a value, or `false` for none. */
  contentMd5?: string | 'auto' | false;
}

export interface CompleteData extends CompleteResult {
  /** Whole-object `x-cos-hash-crc64ecma` (spec §2.5). */
  crc64?: string;
  versionId?: string;
}

export interface ListUploadsOptions extends CallOptions {
  prefix?: string;
  delimiter?: string;
  keyMarker?: string;
  uploadIdMarker?: string;
  maxUploads?: number | string;
  encodingType?: string;
}

export interface ListObjectsOptions extends CallOptions {
  prefix?: string;
  marker?: string;
  maxKeys?: number;
}

export interface GetObjectOptions extends CallOptions {
  /** The Range header value, e.g. `bytes=0-99`. */
  range?: string;
  /** Return the body as a stream (the caller must consume or destroy it). */
  stream?: boolean;
  /** Hash the body (size, MD5, CRC-64) without keeping it. */
  digestOnly?: boolean;
  /** Buffered mode: keep at most this many bytes (default 512 MiB); beyond, `protocolError` BODY_TOO_LARGE. */
  maxBufferBytes?: number;
}

export interface BodyDigestData {
  size: number;
  md5Hex: string;
  crc64: string;
}

export interface GetObjectData {
  contentLength?: number;
  contentRange?: string;
  etag?: string;
  /** The `x-cos-hash-crc64ecma` header, when sent. */
  crc64Header?: string;
  /** Buffered mode: the bytes. */
  body?: Buffer;
  /** Buffered and digest modes: what was received. */
  digest?: BodyDigestData;
  /** Stream mode: the body, hashed as it is read. */
  stream?: Readable;
  /** Stream mode: resolves with the recorded exchange once the stream ended or was destroyed. */
  done?: Promise<Exchange>;
}

export interface HeadObjectData {
  contentLength?: number;
  etag?: string;
  crc64?: string;
  lastModified?: string;
  contentType?: string;
}

/** A request the operations do not cover (odd queries, methods): sent through the pool, body kept as text. */
export interface CustomRequest extends CallOptions {
  op?: string;
  method: string;
  key?: string;
  query?: ReadonlyArray<readonly [string, string | null]>;
  body?: PartBodyInput;
  /** Override the declared length; `false` with a body sends it chunked over the raw path. */
  contentLength?: number | false;
}

const DEFAULT_MAX_BUFFER = 512 * 1024 * 1024;
const DEFAULT_MAX_PAGES = 10_001;

function isOk(status: number | undefined): status is number {
  return status !== undefined && status >= 200 && status < 300;
}

/** The common part of an OpResult from a send outcome. */
function baseResult<T>(outcome: SendOutcome): OpResult<T> {
  const result: OpResult<T> = { exchange: outcome.exchange, headers: outcome.headers };
  if (outcome.status !== undefined) result.status = outcome.status;
  if (outcome.error) result.error = outcome.error;
  if (outcome.transportError) result.transportError = outcome.transportError;
  return result;
}

/** Attaches parsed data to a 2xx result whose body is not an `<Error>`. */
function withParsed<T, U>(
  outcome: SendOutcome,
  parsed: (body: SendOutcome['body']) => Parsed<T>,
  map: (entryValue: T) => U,
): OpResult<U> {
  const result = baseResult<U>(outcome);
  if (!isOk(outcome.status) || outcome.error || outcome.transportError) return result;
  const parsedBody = parsed(outcome.body);
  if (parsedBody.ok) result.data = map(parsedBody.value);
  else result.protocolError = parsedBody.problem;
  return result;
}

function emptyOnSuccess(outcome: SendOutcome): OpResult<Empty> {
  const result = baseResult<Empty>(outcome);
  if (isOk(outcome.status) && !outcome.error && !outcome.transportError) result.data = {};
  return result;
}

function resolveMd5(
  option: string | 'auto' | false | undefined,
  body: OutgoingBody | undefined,
): Promise<string | undefined> {
  if (option === undefined || option === false) return Promise.resolve(undefined);
  if (option !== 'auto') return Promise.resolve(option);
  return body ? md5Base64Of(body) : Promise.resolve(createHash('md5').digest('base64'));
}

/** A COS client for one target. Close it when done: it owns the connection pools. */
export class CosClient {
  readonly target: Target;
  readonly recorder: Recorder;
  readonly #sender: PoolSender;

  constructor(target: Target, opts: CosClientOptions = {}) {
    this.target = target;
    this.recorder = opts.recorder ?? new Recorder({ keep: false });
    this.recorder.addSecrets(target.credentials.secretKey, target.credentials.securityToken);
    this.#sender = new PoolSender(target, this.recorder, { connections: opts.connections });
  }

  /** Closes the pools, letting in-flight requests finish. */
  async close(): Promise<void> {
    await this.#sender.close();
  }

  /** Destroys the pools and their sockets at once. */
  async destroy(): Promise<void> {
    await this.#sender.destroy();
  }

  #send(plan: RequestPlan, mode: ResponseMode = { kind: 'text' }): Promise<SendOutcome> {
    return this.#sender.send(plan, mode);
  }

  #plan(
    op: string,
    method: string,
    key: string | undefined,
    query: QueryPair[],
    options: CallOptions = {},
  ): RequestPlan {
    return {
      op,
      method,
      key,
      query,
      headers: options.headers,
      signal: options.signal,
      signing: options.signing,
    };
  }

  /** A result for a request that could not be built (bad body input): recorded as a transport-level refusal. */
  #refused<T>(op: string, method: string, err: unknown): OpResult<T> {
    const transportError = classifyTransportError(err);
    if (err instanceof BodyInputError) transportError.code = 'INVALID_REQUEST';
    const exchange = this.recorder.record({
      op,
      startedAt: isoNow(),
      durationMs: 0,
      request: { method, url: '', path: '', query: {}, headers: {}, bodySize: 0 },
      via: 'pool',
      transportError,
    });
    return { exchange, headers: {}, transportError };
  }

  /** Initiate Multipart Upload: `POST /<key>?uploads` (spec §2.1). */
  async initiateMultipartUpload(key: string, options: CallOptions = {}): Promise<OpResult<InitiateResult>> {
    const out = await this.#send(
      this.#plan('initiateMultipartUpload', 'POST', key, [['uploads', null]], options),
    );
    return withParsed(out, readInitiate, (initiateResult) => initiateResult);
  }

  /**
   * Upload Part: `PUT /<key>?partNumber=N&uploadId=ID` (spec §2.2). `partNumber` may be a raw string for odd
   * forms (`'01'`, `'abc'`, `''`). Bodies stream; a 5 GiB part keeps memory flat.
   */
  uploadPart(
    key: string,
    uploadId: string,
    partNumber: number | string,
    body: PartBodyInput,
    options: UploadPartOptions = {},
  ): Promise<OpResult<UploadPartData>> {
    const query: QueryPair[] = [
      ['partNumber', String(partNumber)],
      ['uploadId', uploadId],
    ];
    // Not async: the promise of #upload is handed over as it is, without a turn of its own per part.
    return this.#upload('uploadPart', key, query, body, options);
  }

  /**
   * Upload Part - Copy: `PUT /<key>?partNumber=N&uploadId=ID` with no body and the copy source header naming the
   * bytes (`source` as sent, e.g. `<bucket>.cos.<region>.myqcloud.com/<key>` or `/<bucket>/<key>`), spec §2.3.
   */
  async uploadPartCopy(
    key: string,
    uploadId: string,
    partNumber: number | string,
    source: string,
    options: UploadPartCopyOptions = {},
  ): Promise<OpResult<UploadPartCopyData>> {
    const name = options.sourceHeader ?? 'x-cos-copy-source';
    const conditions = options.conditions ?? {};
    const headers = Object.fromEntries(
      [
        [name, source],
        [`${name}-range`, options.range],
        [`${name}-If-Match`, conditions.ifMatch],
        [`${name}-If-None-Match`, conditions.ifNoneMatch],
        [`${name}-If-Modified-Since`, conditions.ifModifiedSince],
        [`${name}-If-Unmodified-Since`, conditions.ifUnmodifiedSince],
      ].filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    const query: QueryPair[] = [
      ['partNumber', String(partNumber)],
      ['uploadId', uploadId],
    ];
    const out = await this.#send({
      ...this.#plan('uploadPartCopy', 'PUT', key, query, options),
      headers: { ...headers, ...options.headers },
    });
    return withParsed(out, readCopyPart, (copied) => {
      const data: UploadPartCopyData = { ...copied };
      const crc = out.headers['x-cos-hash-crc64ecma'];
      if (crc !== undefined) data.crc64 = crc;
      return data;
    });
  }

  /** Put Object: `PUT /<key>`. */
  putObject(
    key: string,
    body: PartBodyInput,
    putObjectOptions: PutObjectOptions = {},
  ): Promise<OpResult<PutObjectData>> {
    return this.#upload('putObject', key, [], body, putObjectOptions);
  }

  async #upload(
    op: string,
    key: string,
    query: QueryPair[],
    input: PartBodyInput,
    options: UploadPartOptions,
  ): Promise<OpResult<UploadPartData>> {
    let body: OutgoingBody;
    let md5: string | undefined;
    try {
      body = toOutgoingBody(input);
      // No await when no Content-MD5 is asked for: a small part is not held back a turn for nothing.
      if (options.contentMd5 !== undefined && options.contentMd5 !== false)
        md5 = await resolveMd5(options.contentMd5, body);
    } catch (err) {
      return this.#refused(op, 'PUT', err);
    }
    const headers: Record<string, string> = {};
    if (md5 !== undefined) headers['content-md5'] = md5;
    Object.assign(headers, options.headers);
    // undici cannot hold a body for 100-continue, refuses a lying length, and may add a Content-Length to a short
    // stream it finds already ended: those three go over the raw path, where the bytes are exactly as asked.
    const lies = typeof options.contentLength === 'number' && options.contentLength !== body.size;
    if (options.expectContinue || lies || options.contentLength === false) {
      const raw = await this.raw({
        op,
        method: 'PUT',
        key,
        query,
        headers,
        body: body.bytes ?? { size: body.size, stream: () => body.open() },
        declaredLength: options.contentLength === false ? null : (options.contentLength ?? body.size),
        chunked: options.contentLength === false,
        expectContinue: options.expectContinue,
        signing: options.signing,
        signal: options.signal,
        timeoutMs: Math.max(this.target.timeouts.headersMs, this.target.timeouts.bodyMs),
      });
      const result: OpResult<UploadPartData> = { exchange: raw.exchange, headers: raw.headers };
      if (raw.status !== undefined) result.status = raw.status;
      if (raw.error) result.error = raw.error;
      if (raw.transportError) result.transportError = raw.transportError;
      return finishUpload(result);
    }
    const plan = this.#plan(op, 'PUT', key, query, options);
    plan.headers = headers;
    plan.body = body;
    plan.contentLength = options.contentLength;
    return finishUpload(baseResult<UploadPartData>(await this.#send(plan)));
  }

  /** List Parts, one page: `GET /<key>?uploadId=ID[&max-parts&part-number-marker&encoding-type]` (spec §2.4). */
  async listParts(
    key: string,
    uploadId: string,
    listPartsOptions: ListPartsOptions = {},
  ): Promise<OpResult<ListPartsResult>> {
    const query = compactQuery([
      ['uploadId', uploadId],
      ['max-parts', listPartsOptions.maxParts],
      ['part-number-marker', listPartsOptions.partNumberMarker],
      ['encoding-type', listPartsOptions.encodingType],
    ]);
    const out = await this.#send(this.#plan('listParts', 'GET', key, query, listPartsOptions));
    return withParsed(out, readListParts, (listPartsResult) => listPartsResult);
  }

  /**
   * Every page of List Parts, following `NextPartNumberMarker`. Bounded: at most `maxPages` pages, and a marker
   * that does not advance is a `protocolError` (`MARKER_NOT_ADVANCING`) rather than a loop. On any failing page
   * the result carries that page's status/error and no data.
   */
  async listAllParts(
    key: string,
    uploadId: string,
    listAllPartsOptions: ListAllPartsOptions = {},
  ): Promise<OpResult<ListAllPartsData>> {
    const maxPages = listAllPartsOptions.maxPages ?? DEFAULT_MAX_PAGES;
    const pages: ListPartsResult[] = [];
    const exchanges: Exchange[] = [];
    const parts: ListedPart[] = [];
    let marker: number | undefined;
    for (;;) {
      const page = await this.listParts(key, uploadId, {
        ...listAllPartsOptions,
        maxParts: listAllPartsOptions.maxParts,
        partNumberMarker: marker,
      });
      exchanges.push(page.exchange);
      const { data, ...rest } = page;
      const result: OpResult<ListAllPartsData> = { ...rest };
      if (!data) return result;
      pages.push(data);
      parts.push(...data.parts);
      if (!data.isTruncated) {
        result.data = { parts, pages, exchanges };
        return result;
      }
      const next = data.nextPartNumberMarker ?? data.parts.at(-1)?.partNumber;
      if (
        next === undefined ||
        (marker !== undefined && next <= marker) ||
        (marker === undefined && next <= 0)
      ) {
        result.protocolError = {
          code: 'MARKER_NOT_ADVANCING',
          message: `List Parts is truncated but the next marker (${next ?? 'absent'}) does not advance past ${marker ?? 0}`,
        };
        return result;
      }
      if (pages.length >= maxPages) {
        result.protocolError = {
          code: 'TOO_MANY_PAGES',
          message: `List Parts still truncated after ${maxPages} pages`,
        };
        return result;
      }
      marker = next;
    }
  }

  /**
   * Complete Multipart Upload: `POST /<key>?uploadId=ID` with the part list (spec §2.5). COS may answer 200, stream
   * whitespace, then put an `<Error>` in the body: such a 200 comes back with `error` set and no `data`.
   */
  async completeMultipartUpload(
    key: string,
    uploadId: string,
    parts: ReadonlyArray<{ partNumber: number | string; etag: string }>,
    completeOptions: CompleteOptions = {},
  ): Promise<OpResult<CompleteData>> {
    let xml: string;
    try {
      xml = completeOptions.rawBody ?? buildCompleteRequest(parts, { order: completeOptions.order });
    } catch (err) {
      return this.#refused('completeMultipartUpload', 'POST', err);
    }
    const body = toOutgoingBody(Buffer.from(xml, 'utf8'));
    const md5 = await resolveMd5(completeOptions.contentMd5 ?? 'auto', body);
    const headers: Record<string, string> = { 'content-type': 'application/xml' };
    if (md5 !== undefined) headers['content-md5'] = md5;
    Object.assign(headers, completeOptions.headers);
    const out = await this.#send(
      {
        ...this.#plan('completeMultipartUpload', 'POST', key, [['uploadId', uploadId]], completeOptions),
        headers,
        body,
      },
      { kind: 'text', skipLeadingWhitespace: true },
    );
    return withParsed(out, readComplete, (completed) => {
      const completeData: CompleteData = { ...completed };
      const crc = out.headers['x-cos-hash-crc64ecma'];
      if (crc !== undefined) completeData.crc64 = crc;
      const version = out.headers['x-cos-version-id'];
      if (version !== undefined) completeData.versionId = version;
      return completeData;
    });
  }

  /** Abort Multipart Upload: `DELETE /<key>?uploadId=ID` (spec §2.6). */
  async abortMultipartUpload(
    key: string,
    uploadId: string,
    options: CallOptions = {},
  ): Promise<OpResult<Empty>> {
    return emptyOnSuccess(
      await this.#send(this.#plan('abortMultipartUpload', 'DELETE', key, [['uploadId', uploadId]], options)),
    );
  }

  /** List Multipart Uploads: `GET /?uploads` on the bucket (spec §2.7). */
  async listMultipartUploads(
    listUploadsOptions: ListUploadsOptions = {},
  ): Promise<OpResult<ListUploadsResult>> {
    const query = compactQuery([
      ['uploads', null],
      ['prefix', listUploadsOptions.prefix],
      ['delimiter', listUploadsOptions.delimiter],
      ['key-marker', listUploadsOptions.keyMarker],
      ['upload-id-marker', listUploadsOptions.uploadIdMarker],
      ['max-uploads', listUploadsOptions.maxUploads],
      ['encoding-type', listUploadsOptions.encodingType],
    ]);
    const out = await this.#send(
      this.#plan('listMultipartUploads', 'GET', undefined, query, listUploadsOptions),
    );
    return withParsed(out, readListUploads, (listUploadsResult) => listUploadsResult);
  }

  /** Get Bucket (list objects): `GET /?prefix=…&marker=…` on the bucket, for the harness's own cleanup. */
  async listObjects(options: ListObjectsOptions = {}): Promise<OpResult<ListObjectsResult>> {
    const query = compactQuery([
      ['prefix', options.prefix],
      ['marker', options.marker],
      ['max-keys', options.maxKeys],
    ]);
    const out = await this.#send(this.#plan('listObjects', 'GET', undefined, query, options));
    return withParsed(out, readListObjects, (listing) => listing);
  }

  /** Get Object, buffered (default), hashed only (`digestOnly`) or streamed (`stream`). */
  async getObject(key: string, getObjectOptions: GetObjectOptions = {}): Promise<OpResult<GetObjectData>> {
    const plan = this.#plan('getObject', 'GET', key, [], getObjectOptions);
    if (getObjectOptions.range !== undefined)
      plan.headers = { range: getObjectOptions.range, ...getObjectOptions.headers };
    const mode: ResponseMode = getObjectOptions.stream
      ? { kind: 'stream' }
      : getObjectOptions.digestOnly
        ? { kind: 'digest' }
        : { kind: 'bytes', keepLimit: getObjectOptions.maxBufferBytes ?? DEFAULT_MAX_BUFFER };
    const out = await this.#send(plan, mode);
    const result = baseResult<GetObjectData>(out);
    if (!isOk(out.status) || out.error || out.transportError) return result;
    const getObjectData: GetObjectData = {};
    const headers = out.headers;
    if (headers['content-length'] !== undefined)
      getObjectData.contentLength = Number(headers['content-length']);
    if (headers['content-range'] !== undefined) getObjectData.contentRange = headers['content-range'];
    if (headers.etag !== undefined) getObjectData.etag = headers.etag;
    if (headers['x-cos-hash-crc64ecma'] !== undefined)
      getObjectData.crc64Header = headers['x-cos-hash-crc64ecma'];
    if (out.stream) {
      getObjectData.stream = out.stream.body;
      getObjectData.done = out.stream.done;
    } else if (out.body) {
      getObjectData.digest = { size: out.body.size, md5Hex: out.body.md5Hex, crc64: out.body.crc64 ?? '' };
      if (mode.kind === 'bytes') {
        if (out.body.overLimit) {
          result.protocolError = {
            code: 'BODY_TOO_LARGE',
            message: `object of ${out.body.size} bytes exceeds maxBufferBytes`,
          };
        } else {
          getObjectData.body = out.body.kept;
        }
      }
    }
    result.data = getObjectData;
    return result;
  }

  /** Head Object. */
  async headObject(key: string, options: CallOptions = {}): Promise<OpResult<HeadObjectData>> {
    const out = await this.#send(this.#plan('headObject', 'HEAD', key, [], options));
    const result = baseResult<HeadObjectData>(out);
    if (!isOk(out.status) || out.transportError) return result;
    const headers = out.headers;
    const headObjectData: HeadObjectData = {};
    if (headers['content-length'] !== undefined)
      headObjectData.contentLength = Number(headers['content-length']);
    if (headers.etag !== undefined) headObjectData.etag = headers.etag;
    if (headers['x-cos-hash-crc64ecma'] !== undefined) headObjectData.crc64 = headers['x-cos-hash-crc64ecma'];
    if (headers['last-modified'] !== undefined) headObjectData.lastModified = headers['last-modified'];
    if (headers['content-type'] !== undefined) headObjectData.contentType = headers['content-type'];
    result.data = headObjectData;
    return result;
  }

  /** Delete Object. */
  async deleteObject(key: string, options: CallOptions = {}): Promise<OpResult<Empty>> {
    return emptyOnSuccess(await this.#send(this.#plan('deleteObject', 'DELETE', key, [], options)));
  }

  /** Put Bucket (create). */
  async createBucket(options: CallOptions = {}): Promise<OpResult<Empty>> {
    return emptyOnSuccess(await this.#send(this.#plan('createBucket', 'PUT', undefined, [], options)));
  }

  /** Delete Bucket. */
  async deleteBucket(options: CallOptions = {}): Promise<OpResult<Empty>> {
    return emptyOnSuccess(await this.#send(this.#plan('deleteBucket', 'DELETE', undefined, [], options)));
  }

  /** Head Bucket. */
  async headBucket(callOptions: CallOptions = {}): Promise<OpResult<Empty>> {
    return emptyOnSuccess(await this.#send(this.#plan('headBucket', 'HEAD', undefined, [], callOptions)));
  }

  /**
   * Any request, signed and recorded; `data` is the kept body text on 2xx. With `contentLength: false` and a body
   * it goes over the raw path as chunked (undici cannot be relied on to omit the length).
   */
  async request(req: CustomRequest): Promise<OpResult<string>> {
    const op = req.op ?? 'request';
    const method = req.method.toUpperCase();
    let body: OutgoingBody | undefined;
    try {
      body = req.body === undefined ? undefined : toOutgoingBody(req.body);
    } catch (err) {
      return this.#refused(op, method, err);
    }
    if (body && req.contentLength === false) {
      const outgoingBody = body;
      const raw = await this.raw({
        op,
        method,
        key: req.key,
        query: [...(req.query ?? [])],
        headers: req.headers,
        body: outgoingBody.bytes ?? { size: outgoingBody.size, stream: () => outgoingBody.open() },
        declaredLength: null,
        chunked: true,
        signing: req.signing,
        signal: req.signal,
        timeoutMs: Math.max(this.target.timeouts.headersMs, this.target.timeouts.bodyMs),
      });
      const { data, ...rest } = raw;
      const opResult: OpResult<string> = { ...rest };
      if (isOk(raw.status) && !raw.transportError) opResult.data = data?.body.toString('utf8') ?? '';
      return opResult;
    }
    const out = await this.#send({
      ...this.#plan(op, method, req.key, [...(req.query ?? [])], req),
      body,
      contentLength: req.contentLength,
    });
    const result = baseResult<string>(out);
    if (isOk(out.status) && !out.transportError) result.data = out.body?.kept.toString('utf8') ?? '';
    return result;
  }

  /** The raw-socket path for this target, recorded on this client's recorder (see raw.ts). */
  raw(opts: Omit<RawRequestOptions, 'target' | 'recorder'>): Promise<OpResult<RawResponseData>> {
    return rawRequest({ ...opts, target: this.target, recorder: this.recorder });
  }
}

/** Reads ETag, CRC-64 and SSE from a 2xx upload answer; a 2xx without ETag is a `protocolError`. */
function finishUpload(result: OpResult<UploadPartData>): OpResult<UploadPartData> {
  if (!isOk(result.status) || result.error || result.transportError) return result;
  const etag = result.headers.etag;
  if (etag === undefined || etag === '') {
    result.protocolError = { code: 'MISSING_ETAG', message: 'a 2xx upload answer carried no ETag header' };
    return result;
  }
  const uploadPartData: UploadPartData = { etag };
  if (result.headers['x-cos-hash-crc64ecma'] !== undefined)
    uploadPartData.crc64 = result.headers['x-cos-hash-crc64ecma'];
  if (result.headers['x-cos-server-side-encryption'] !== undefined)
    uploadPartData.sse = result.headers['x-cos-server-side-encryption'];
  result.data = uploadPartData;
  return result;
}
