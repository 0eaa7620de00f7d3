/**
 * Broken body framing of Upload Part: alternative handlers with a socket-level hook (http/parser-error-hooks.ts),
 * for what only shows where Node's HTTP parser fails: a body cut short of its Content-Length, a malformed
 * Content-Length, bytes sent after the declared body.
 */
import type { IncomingMessage } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ERROR_CODES } from '../../../spec/error-codes.ts';
import type { Handler } from '../../http/context.ts';
import { withParserErrorHook } from '../../http/parser-error-hooks.ts';
import { rawCosError } from '../../http/raw-error.ts';
import {
  bodyRefusal,
  receiveCheckedBody,
  receiveUpload,
  settleUpload,
} from '../../handlers/receive-checked.ts';
import {
  type AdmittedPart,
  admitPart,
  answerPart,
  commitStoredPart,
  type StoredPart,
  storePart,
  uploadPart,
} from '../../handlers/upload-part.ts';
import type { RequestContext } from '../../http/context.ts';
import type { AcceptedBody } from '../../handlers/receive-checked.ts';
import { rewrittenBody } from './rewrite-body.ts';

/** Stores an accepted body as the part and commits it (the conformant step 3 and the swap of step 4). */
export async function commitBody(
  ctx: RequestContext,
  admitted: AdmittedPart,
  body: AcceptedBody,
): Promise<StoredPart> {
  const stored = await storePart(ctx, admitted.partNumber, body);
  await commitStoredPart(ctx, stored);
  return stored;
}

/** {@link commitBody}, then the 200 of the stored part. */
export async function storeAndAnswer(
  ctx: RequestContext,
  admitted: AdmittedPart,
  body: AcceptedBody,
): Promise<void> {
  const stored = await commitBody(ctx, admitted, body);
  answerPart(ctx, stored.upload, stored.record, body.echo);
}

/** A body cut short is judged as if complete (its length never compared with Content-Length). */
const lengthUnchecked: Handler = async (ctx) => {
  const admitted = admitPart(ctx);
  const upload = await receiveUpload(ctx);
  const asComplete = { ...upload.received, complete: true };
  const refusal = upload.decodingRefusal ?? bodyRefusal(ctx, asComplete, admitted.contentMd5, upload);
  await storeAndAnswer(ctx, admitted, await settleUpload(ctx, upload, refusal));
};

/**
 * A body cut short of its Content-Length (the client half-closed) is ended as if complete and stored as the part
 * (200): the connection's early end is taken for the end of the body.
 */
export const truncatedBodyStored: Handler = withParserErrorHook(lengthUnchecked, ({ err, request }) => {
  if (err.code !== 'HPE_INVALID_EOF_STATE' || !request || request.complete) return false;
  request.complete = true; // else ending it would be an abort, which destroys the socket
  request.push(null);
  return true;
});

/** Bytes that followed a request's declared body on its connection (what the parser could not read as a request). */
const trailing = new WeakMap<IncomingMessage, Buffer>();

/** The declared body with the bytes sent after it appended, stored as the part. */
const trailingAppended: Handler = async (ctx) => {
  const admitted = admitPart(ctx);
  const body = await receiveCheckedBody(ctx, admitted.contentMd5);
  await nextTurn(); // the parser meets the trailing bytes in the same read as the body's end
  const extra = trailing.get(ctx.req);
  await storeAndAnswer(
    ctx,
    admitted,
    extra ? await rewrittenBody(ctx, body, (b) => Buffer.concat([b, extra])) : body,
  );
};

/**
 * Bytes sent after the declared Content-Length become part of the part: the connection's data, not the declared
 * length, bounds the body. The server still answers the unparsable rest with its raw 400.
 */
export const trailingBytesStored: Handler = withParserErrorHook(trailingAppended, ({ err, request }) => {
  if (request?.complete && err.code !== 'HPE_INVALID_EOF_STATE' && err.rawPacket) {
    trailing.set(request, err.rawPacket.subarray(err.bytesParsed ?? 0));
  }
  return false;
});

/** A malformed Content-Length (`abc`, `-5`) is taken for a missing one: 411 MissingContentLength instead of 400. */
export const malformedLengthAsMissing: Handler = withParserErrorHook(
  uploadPart,
  ({ err, socket, transport }) => {
    if (err.code !== 'HPE_INVALID_CONTENT_LENGTH' || !socket.writable) return false;
    socket.end(rawCosError('MissingContentLength', transport, ERROR_CODES.MissingContentLength.message));
    return true;
  },
);
