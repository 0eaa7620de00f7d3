/**
 * Upload Parts broken in their handling of request headers (spec §1.2 [D7728], §2.2 [D7750]): Expect, Content-MD5
 * on an empty body, Content-Type. Composed of the conformant steps of src/server/handlers/upload-part.ts.
 */
import { receiveCheckedBody } from '../../handlers/receive-checked.ts';
import { admitPart, uploadPart } from '../../handlers/upload-part.ts';
import type { Handler } from '../../http/context.ts';
import { cosError } from '../../http/cos-error.ts';
import { commitBody, storeAndAnswer } from './body-framing.ts';
import { rewrittenBody } from './rewrite-body.ts';

/** A request with `Expect: 100-continue` gets `100 Continue`, its body is read, and then it is refused. */
export const refusedAfterContinue: Handler = async (ctx) => {
  if (!ctx.body.expectContinue) return uploadPart(ctx);
  const admitted = admitPart(ctx);
  const body = await receiveCheckedBody(ctx, admitted.contentMd5);
  await ctx.server.store.discard(body.pending);
  throw cosError('InvalidRequest', 'Expect: 100-continue is not supported.');
};

/** A Content-MD5 on an empty body is answered BadDigest (the digest is compared only with bytes that arrived). */
export const emptyBodyDigestRefused: Handler = async (ctx) => {
  if (ctx.body.declaredLength !== 0 || ctx.headers['content-md5'] === undefined) return uploadPart(ctx);
  admitPart(ctx);
  throw cosError('BadDigest');
};

/** Content types read as text. */
const TEXTUAL = /^\s*(text\/|application\/json)/i;

/** A text or JSON body is stored re-encoded as UTF-8 (invalid sequences replaced), after its Content-MD5 passed. */
export const textBodyTranscoded: Handler = async (ctx) => {
  const admitted = admitPart(ctx);
  const body = await receiveCheckedBody(ctx, admitted.contentMd5);
  const textual = TEXTUAL.test(ctx.headers['content-type'] ?? '');
  const stored = textual
    ? await rewrittenBody(ctx, body, (b) => Buffer.from(b.toString('utf8'), 'utf8'))
    : body;
  await storeAndAnswer(ctx, admitted, stored);
};

/** A psize header as a byte count, when it is one. */
function psize(value: string | undefined): number | undefined {
  return value !== undefined && /^[0-9]{1,12}$/.test(value) ? Number(value) : undefined;
}

/**
 * The psize headers done wrong: a part over `x-cos-psize-max` is cut to that many bytes and answered 200; a part
 * under `x-cos-psize-min` is stored, then refused with 400 InvalidArgument.
 */
export const psizeMishandled: Handler = async (ctx) => {
  const max = psize(ctx.headers['x-cos-psize-max']);
  const min = psize(ctx.headers['x-cos-psize-min']);
  if (max === undefined && min === undefined) return uploadPart(ctx);
  const admitted = admitPart(ctx);
  const body = await receiveCheckedBody(ctx, admitted.contentMd5);
  const cut = max !== undefined && body.digest.size > max;
  const kept = cut ? await rewrittenBody(ctx, body, (b) => b.subarray(0, max)) : body;
  if (min !== undefined && body.digest.size < min) {
    await commitBody(ctx, admitted, kept);
    throw cosError('InvalidArgument', `The part is smaller than x-cos-psize-min ${min}.`);
  }
  await storeAndAnswer(ctx, admitted, kept);
};
