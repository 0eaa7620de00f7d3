/**
 * Access to a request body, so that nothing is read before the request has passed every header check: the
 * first {@link RequestBody.claim} answers `Expect: 100-continue` (when the server is handling the expectation
 * itself) and hands out the stream. A request refused before its body was claimed is answered without reading it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { cosError } from './cos-error.ts';
import type { ErrorCode } from '../../spec/error-codes.ts';

export class RequestBody {
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse;
  /** The client sent `Expect: 100-continue` and is waiting for `100 Continue` before sending the body. */
  readonly expectContinue: boolean;
  /** Content-Length, when sent. */
  readonly declaredLength: number | undefined;
  /** Transfer-Encoding: chunked (no Content-Length). */
  readonly chunked: boolean;
  #claimed = false;

  constructor(req: IncomingMessage, res: ServerResponse, expectContinue: boolean) {
    this.#req = req;
    this.#res = res;
    this.expectContinue = expectContinue;
    const length = req.headers['content-length'];
    this.declaredLength = length === undefined ? undefined : Number(length);
    this.chunked = req.headers['transfer-encoding'] !== undefined;
  }

  /** Whether the request carries a body at all. */
  get present(): boolean {
    return this.chunked || (this.declaredLength ?? 0) > 0;
  }

  get claimed(): boolean {
    return this.#claimed;
  }

  /** The body stream (the request itself); sends `100 Continue` first when the client waits for it. */
  claim(): IncomingMessage {
    if (!this.#claimed) {
      this.#claimed = true;
      if (this.expectContinue && !this.#res.headersSent) this.#res.writeContinue();
    }
    return this.#req;
  }

  /** Reads a small body whole (XML documents); more than `limit` bytes is `tooLarge`. */
  async readAll(limit: number, tooLarge: ErrorCode): Promise<Buffer> {
    if ((this.declaredLength ?? 0) > limit) throw cosError(tooLarge);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.claim()) {
      size += (chunk as Buffer).length;
      if (size > limit) throw cosError(tooLarge);
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }
}
