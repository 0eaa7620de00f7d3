/** What a handler gets for one request. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { VerifyOk } from '../../sign/verify-result.ts';
import type { ServerState } from '../server-state.ts';
import type { ResolvedRequestAddress } from './addressing.ts';
import type { QueryParams } from './query.ts';
import type { RequestBody } from './request-body.ts';

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly server: ServerState;
  readonly requestId: string;
  /** Upper-case method. */
  readonly method: string;
  /** The path as on the wire (percent-encoded, no query). */
  readonly rawPath: string;
  readonly query: QueryParams;
  /** Request headers, lower-case names, repeated values joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  readonly address: ResolvedRequestAddress;
  /** The `<Resource>` of error documents: host and path of the request (spec §4.1). */
  readonly resource: string;
  readonly body: RequestBody;
  /** Set once the signature was verified (absent when signature checks are off). */
  auth?: VerifyOk;
}

/** The bucket of the request; handlers of object operations are only routed when there is one. */
export function bucketOf(ctx: RequestContext): string {
  return ctx.address.bucket ?? '';
}

/** What serves one operation: answers the request of `ctx`, or throws a CosError. */
export type Handler = (ctx: RequestContext) => Promise<void>;
