/**
 * The smallest client that speaks to a server the way the harness does: undici's Pool, signed by the harness's own
 * signer (src/client/sign-request.ts), nothing recorded, hashed or redacted. It is the yardstick of the harness
 * client's overhead, and the client that drives every server in the server comparison.
 */
import type { Readable } from 'node:stream';
import { Pool } from 'undici';
import { prepareRequest } from '../../src/client/prepare.ts';
import type { QueryPair } from '../../src/client/query.ts';
import type { Target } from '../../src/target/types.ts';
import { BenchRequestError } from './request-error.ts';

export { BenchRequestError };

/** What came back: status, lower-case headers, and the body as text. */
export interface BareResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** An undici pool for one target with `connections` sockets. */
export class BareClient {
  readonly #target: Target;
  readonly #pool: Pool;

  constructor(target: Target, connections: number) {
    this.#target = target;
    this.#pool = new Pool(target.endpoint, {
      connections,
      pipelining: 1,
      headersTimeout: target.timeouts.headersMs,
      bodyTimeout: target.timeouts.bodyMs,
    });
  }

  /** One signed request; a body stream is sent `UNSIGNED-PAYLOAD`, a buffer with its SigV4 payload hash. */
  async send(
    method: string,
    key: string | undefined,
    query: QueryPair[],
    body?: { bytes: Buffer } | { size: number; stream: Readable },
  ): Promise<BareResponse> {
    const size = body === undefined ? 0 : 'bytes' in body ? body.bytes.length : body.size;
    const prepared = await prepareRequest(this.#target, {
      method,
      key,
      query,
      contentLength: method === 'PUT' || method === 'POST' || body !== undefined ? size : null,
      payload:
        body && 'bytes' in body
          ? { kind: 'bytes', data: body.bytes }
          : body
            ? { kind: 'unsigned' }
            : { kind: 'bytes', data: new Uint8Array(0) },
    });
    const res = await this.#pool.request({
      method,
      path: prepared.pathWithQuery,
      headers: prepared.headers,
      body: body === undefined ? undefined : 'bytes' in body ? body.bytes : body.stream,
    });
    const text = await res.body.text();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = String(v);
    return { status: res.statusCode, headers, text };
  }

  /** Like {@link send}, but a non-2xx answer throws {@link BenchRequestError}. */
  async ok(...args: Parameters<BareClient['send']>): Promise<BareResponse> {
    const res = await this.send(...args);
    if (res.status < 200 || res.status >= 300) {
      throw new BenchRequestError(
        `${args[0]} ${args[1] ?? '(bucket)'}: HTTP ${res.status} ${res.text.slice(0, 200)}`,
      );
    }
    return res;
  }

  /** Initiate Multipart Upload; returns the UploadId. */
  async initiate(key: string): Promise<string> {
    const res = await this.ok('POST', key, [['uploads', null]]);
    const id = /<UploadId>([^<]+)<\/UploadId>/.exec(res.text)?.[1];
    if (!id) throw new BenchRequestError(`initiate ${key}: no UploadId in ${res.text.slice(0, 200)}`);
    return id;
  }

  /** Abort Multipart Upload (best effort: the bench's data directories are removed anyway). */
  async abort(key: string, uploadId: string): Promise<void> {
    await this.send('DELETE', key, [['uploadId', uploadId]]).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}
