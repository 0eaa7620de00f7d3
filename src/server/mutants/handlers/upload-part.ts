/**
 * Broken Upload Parts: alternative handlers composed of the conformant steps of src/server/handlers/upload-part.ts
 * (admit, receive, store, commit, answer) with one step done wrong. The conformant handler knows nothing of them.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { LIMITS } from '../../../spec/limits.ts';
import type { RequestContext } from '../../http/context.ts';
import { cosError } from '../../http/cos-error.ts';
import type { Handler } from '../../http/context.ts';
import { findUpload } from '../../handlers/lookup.ts';
import { receiveCheckedBody } from '../../handlers/receive-checked.ts';
import {
  admitPart,
  answerPart,
  commitStoredPart,
  PART_NUMBER_MESSAGE,
  type StoredPart,
  storePart,
  uploadPart,
} from '../../handlers/upload-part.ts';

/**
 * The conformant Upload Part with its commit replaced: `prepare` runs once the request is admitted, before the
 * body is read, and returns how the stored part is committed in place of `upload.commitPart(record)`.
 */
function withCommit(
  prepare: (ctx: RequestContext, partNumber: number) => (stored: StoredPart) => Promise<void>,
): Handler {
  return async (ctx) => {
    const admitted = admitPart(ctx);
    const commit = prepare(ctx, admitted.partNumber);
    const body = await receiveCheckedBody(ctx, admitted.contentMd5);
    const stored = await storePart(ctx, admitted.partNumber, body);
    const answered = { ...stored.record };
    await commit(stored);
    answerPart(ctx, stored.upload, answered, body.echo);
  };
}

/** A second upload of a part number is answered 200, but the first one is kept (no overwrite). */
export const firstWriteWins: Handler = withCommit(() => async ({ upload, record }) => {
  if (upload.part(record.partNumber)) record.file.retire();
  else await upload.commitPart(record);
});

/** After an overwrite, List Parts keeps showing the ETag of the first upload of the part number. */
export const listedEtagOfFirstUpload: Handler = withCommit(() => async ({ upload, record }) => {
  const current = upload.part(record.partNumber);
  if (current) record.listedEtag = current.listedEtag ?? current.etag;
  await upload.commitPart(record);
});

/**
 * How long the racing mutants (torn overwrite, lost update) take to store a body, other requests going on
 * meanwhile: the window a server writing every body to disk has. Without it the reference store (small bodies
 * held in memory, committed at once) finishes concurrent small uploads one after the other, and the race these
 * mutants lose never happens.
 */
const STORE_WINDOW_MS = 20;

/**
 * A torn overwrite: an upload that finds its part number committed by another upload while its body arrived (or
 * was being stored, {@link STORE_WINDOW_MS}) keeps that upload's bytes under its own ETag (the record is not swapped
 * in one step).
 */
export const tornOverwrite: Handler = withCommit((ctx, partNumber) => {
  const before = findUpload(ctx)?.part(partNumber);
  return async ({ upload, record }) => {
    await delay(STORE_WINDOW_MS);
    const current = upload.part(partNumber);
    if (current && current !== before) {
      record.file.retire();
      Object.assign(record, { file: current.file, size: current.size, crc64: current.crc64 });
    }
    await upload.commitPart(record);
  };
});

/**
 * A lost update: the part list is written back from a copy taken before the body, so parts committed meanwhile
 * (while the body arrived or was being stored, {@link STORE_WINDOW_MS}) vanish.
 */
export const concurrentPartsLost: Handler = withCommit((ctx, partNumber) => {
  const numbersBefore = new Set(
    findUpload(ctx)
      ?.parts()
      .map((part) => part.partNumber),
  );
  return async ({ upload, record }) => {
    await delay(STORE_WINDOW_MS);
    for (const part of upload.parts()) {
      if (part.partNumber !== partNumber && !numbersBefore.has(part.partNumber))
        await upload.dropPart(part.partNumber);
    }
    await upload.commitPart(record);
  };
});

/** Receives, stores and commits the body of an admitted request, `contentMd5` judged on the way (if any). */
async function storeAndCommit(
  ctx: RequestContext,
  partNumber: number,
  contentMd5: string | undefined,
): Promise<StoredPart> {
  const body = await receiveCheckedBody(ctx, contentMd5);
  const stored = await storePart(ctx, partNumber, body);
  await commitStoredPart(ctx, stored);
  return stored;
}

/** Content-MD5 judged only after the body became the part: a wrong digest is answered BadDigest, but stored. */
export const md5CheckedAfterStoring: Handler = async (ctx) => {
  const admitted = admitPart(ctx);
  const { upload, record } = await storeAndCommit(ctx, admitted.partNumber, undefined);
  const md5Base64 = Buffer.from(record.md5Hex, 'hex').toString('base64');
  if (admitted.contentMd5 !== undefined && admitted.contentMd5 !== md5Base64) throw cosError('BadDigest');
  answerPart(ctx, upload, record);
};

/**
 * A refused `partNumber` stored under its `parseInt` value when that is 1..10000 (`1.5`, `01` and `+1` overwrite
 * part 1), then refused with 400 InvalidArgument; other refused numbers are refused before the body.
 */
export const refusedNumberStored: Handler = async (ctx) => {
  const raw = ctx.query.single('partNumber');
  const storedAs = Number.parseInt(raw ?? '', 10);
  const inRange = storedAs >= LIMITS.minPartNumber && storedAs <= LIMITS.maxPartNumber;
  if (ctx.server.behaviour.validatePartNumber(raw) || !inRange) return uploadPart(ctx);
  const admitted = admitPart(ctx, () => storedAs);
  await storeAndCommit(ctx, admitted.partNumber, admitted.contentMd5);
  throw cosError('InvalidArgument', PART_NUMBER_MESSAGE);
};
