/**
 * Delete Objects (multi-delete): `POST /?delete` with a `<Delete>` document of 1 to 1000 `Object`s (S3/COS).
 * Before anything is deleted, the whole request is judged: integrity header (body-integrity.ts), body size,
 * well-formed document (400 MalformedXML, also for 0 or more than 1000 objects). Then each key is deleted on
 * its own: a missing key counts as deleted (as Delete Object); a key above {@link MAX_KEY_BYTES} bytes or a
 * version id other than `null` (the only version of an unversioned bucket) is a per-key `Error` and deletes
 * nothing. `Quiet` leaves the successes out of the answer.
 */
import { buildXml } from '../../xml/build.ts';
import { type DeleteRequest, parseDeleteRequest } from '../../xml/delete-request.ts';
import { isXmlInputError } from '../../xml/errors.ts';
import { ERROR_CODES, type ErrorCode } from '../../spec/error-codes.ts';
import type { RequestContext } from '../http/context.ts';
import { cosError } from '../http/cos-error.ts';
import { sendXml } from '../http/respond.ts';
import { requireBodyIntegrity } from './body-integrity.ts';
import { listedKey } from './key-encoding.ts';
import { encodingTypeParam } from './list-params.ts';
import { NULL_VERSION_ID } from './list-object-versions.ts';
import { requireBucket } from './lookup.ts';

/** Most objects in one request (S3/COS). */
export const DELETE_OBJECTS_MAX = 1000;
/** Largest request document read (1000 keys of 1 KiB with their markup fit well within it). */
export const DELETE_BODY_LIMIT = 2 * 1024 * 1024;
/** Longest key in UTF-8 bytes (S3: 1024; COS's object key limit is 850, the stricter one applies). */
export const MAX_KEY_BYTES = 850;

export async function deleteObjects(ctx: RequestContext): Promise<void> {
  requireBucket(ctx);
  encodingTypeParam(ctx.query);
  const checkBody = requireBodyIntegrity(ctx);
  const raw = await ctx.body.readAll(DELETE_BODY_LIMIT, 'MalformedXML');
  checkBody(raw);
  const request = readRequest(raw.toString('utf8'));
  const bucket = requireBucket(ctx); // looked up again: the bucket may have gone while the body was read
  const encoding = encodingTypeParam(ctx.query);
  const deleted: Array<Record<string, string | undefined>> = [];
  const errors: Array<Record<string, string | undefined>> = [];
  for (const { key, versionId } of request.objects) {
    const refusal = refusalOf(key, versionId);
    if (refusal) {
      errors.push({
        Key: listedKey(key, encoding),
        VersionId: versionId,
        Code: refusal.code,
        Message: refusal.message,
      });
      continue;
    }
    await bucket.objects.delete(key);
    if (!request.quiet) deleted.push({ Key: listedKey(key, encoding), VersionId: versionId });
  }
  sendXml(ctx.res, 200, buildXml('DeleteResult', { Deleted: deleted, Error: errors }));
}

function readRequest(text: string): DeleteRequest {
  let request: DeleteRequest;
  try {
    request = parseDeleteRequest(text);
  } catch (err) {
    if (isXmlInputError(err)) throw cosError('MalformedXML');
    throw err;
  }
  if (request.objects.length === 0 || request.objects.length > DELETE_OBJECTS_MAX) {
    throw cosError(
      'MalformedXML',
      `A Delete request lists 1 to ${DELETE_OBJECTS_MAX} objects; this one lists ${request.objects.length}.`,
    );
  }
  return request;
}

/** Why one key cannot be deleted, or undefined. */
function refusalOf(
  key: string,
  versionId: string | undefined,
): { code: ErrorCode; message: string } | undefined {
  const refuse = (code: ErrorCode, message: string = ERROR_CODES[code].message) => ({ code, message });
  if (key === '') return refuse('InvalidArgument', 'The key must not be empty.');
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) return refuse('KeyTooLongError');
  if (versionId !== undefined && versionId !== NULL_VERSION_ID) return refuse('NoSuchVersion');
  return undefined;
}
