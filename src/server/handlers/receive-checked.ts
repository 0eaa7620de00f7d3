/**
 * Receiving an uploaded body (Upload Part, Put Object) where the store puts it (a file, or memory for a small body
 * of an ephemeral store: src/server/storage/disk-store.ts) and judging it: a body shorter than its
 * Content-Length is 400 IncompleteBody (spec §4.2 [FLARE]), a Content-MD5 that does not match is 400 BadDigest
 * (§4.3 [OBS-rclone]), a SigV4 payload hash that does not match is 400 XAmzContentSHA256Mismatch. The body is
 * decoded first (aws-chunked framing, `x-amz-checksum-*`: src/server/http/upload-body.ts), whose refusal comes first. A refused body
 * is discarded before the error is thrown, so it can never replace anything.
 */
import type { BodyDigest } from '../../body/hashing.ts';
import type { RequestContext } from '../http/context.ts';
import { type CosError, cosError } from '../http/cos-error.ts';
import { openUploadBody, planUploadBody, type UploadBodyPlan } from '../http/upload-body.ts';
import type { StoreKind } from '../storage/disk-store.ts';
import { type PendingBody, receiveBody } from '../storage/receive.ts';
import { receiveInMemory } from '../storage/receive-in-memory.ts';
import { signedPayloadSha256 } from './headers-in.ts';

export interface AcceptedBody {
  /** The bytes, not yet stored (`store.commit` stores them, `store.discard` drops them). */
  pending: PendingBody;
  digest: BodyDigest;
  /** Response headers the body earned (an `x-amz-checksum-*` verified on it). */
  echo: Record<string, string>;
}

/** A body received, not yet judged. */
export interface ReceivedUpload {
  readonly received: Awaited<ReturnType<typeof receiveBody>>;
  /** The refusal of the body's decoding (aws-chunked framing, `x-amz-checksum-*`), if any. */
  readonly decodingRefusal: CosError | undefined;
  readonly echo: Record<string, string>;
  /** The SigV4 payload hash the body must match, when signed. */
  readonly expectedSha: string | undefined;
}

/**
 * Receives the body where the store puts bytes of `kind` (hashing it on the way); nothing is left if receiving
 * throws. The Content-Length bounds the bytes (decoding aws-chunked framing only removes bytes).
 */
export async function receiveUpload(
  ctx: RequestContext,
  kind: StoreKind = 'parts',
  plan: UploadBodyPlan = planUploadBody(ctx),
): Promise<ReceivedUpload> {
  const expectedSha = signedPayloadSha256(ctx);
  const { store } = ctx.server;
  const target = store.target(kind, ctx.body.chunked ? undefined : ctx.body.declaredLength);
  if (target.kind === 'memory' && plan.chunked === undefined && plan.checksum === undefined) {
    // Nothing to decode: the bytes go from the request to memory without a stream pipeline.
    const source = ctx.body.claim();
    if (source.readableFlowing !== true) {
      const received = await receiveInMemory(source, target.limit, { sha256: expectedSha !== undefined });
      return { received, decodingRefusal: undefined, echo: {}, expectedSha };
    }
  }
  const body = openUploadBody(ctx, plan);
  let received: Awaited<ReturnType<typeof receiveBody>>;
  try {
    received = await receiveBody(body.stream, target, {
      sha256: expectedSha !== undefined,
      md5Worker: ctx.server.md5Worker,
      expectedSize: ctx.body.declaredLength,
    });
  } catch (err) {
    await store.discard(target);
    throw err;
  }
  return { received, decodingRefusal: await body.verdict(), echo: body.echo(), expectedSha };
}

/** The accepted body, or (the body discarded) the refusal thrown. */
export async function settleUpload(
  ctx: RequestContext,
  upload: ReceivedUpload,
  refusal: CosError | undefined,
): Promise<AcceptedBody> {
  if (refusal) {
    await ctx.server.store.discard(upload.received.pending);
    throw refusal;
  }
  return acceptedBody(upload);
}

function acceptedBody({ received, echo }: ReceivedUpload): AcceptedBody {
  return { pending: received.pending, digest: received.digest, echo };
}

/**
 * Receives and checks the body (bytes of `kind`; `plan`: its encoding, when the headers were already read); on
 * refusal it is discarded and a {@link CosError} is thrown.
 */
export async function receiveCheckedBody(
  ctx: RequestContext,
  contentMd5: string | undefined,
  kind: StoreKind = 'parts',
  plan?: UploadBodyPlan,
): Promise<AcceptedBody> {
  const upload = await receiveUpload(ctx, kind, plan);
  const refusal = upload.decodingRefusal ?? bodyRefusal(ctx, upload.received, contentMd5, upload);
  // An accepted body is returned at once (settling it would only add turns of the event loop).
  return refusal ? settleUpload(ctx, upload, refusal) : acceptedBody(upload);
}

/**
 * Why a received body is refused, or undefined: cut short of its Content-Length (IncompleteBody), a Content-MD5
 * that does not match (BadDigest), a SigV4 payload hash that does not match.
 */
export function bodyRefusal(
  ctx: RequestContext,
  received: { complete: boolean; digest: BodyDigest; sha256Hex?: string },
  contentMd5: string | undefined,
  { expectedSha }: Pick<ReceivedUpload, 'expectedSha'>,
): CosError | undefined {
  const { behaviour } = ctx.server;
  const { complete, digest } = received;
  if (!complete) {
    return cosError(
      'IncompleteBody',
      `The request body ended after ${digest.size} of ${ctx.body.declaredLength ?? '?'} bytes.`,
    );
  }
  if (contentMd5 !== undefined && behaviour.checkContentMd5 && contentMd5 !== digest.md5Base64) {
    return cosError('BadDigest');
  }
  if (expectedSha !== undefined && expectedSha !== received.sha256Hex)
    return cosError('XAmzContentSHA256Mismatch');
  return undefined;
}
