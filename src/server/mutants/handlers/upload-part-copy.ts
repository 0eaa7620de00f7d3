/**
 * Broken Upload Part - Copy: alternative handlers composed of the conformant steps of
 * src/server/handlers/upload-part-copy.ts (admit, find the source, conditions, range, copy, commit, answer) with
 * one step done wrong. The conformant handler knows nothing of them.
 */
import { requireCopySourceConditions } from '../../handlers/conditions.ts';
import { type CopyRange, parseCopyRange } from '../../handlers/copy-source.ts';
import { findUpload, requireBucket, requireUpload } from '../../handlers/lookup.ts';
import {
  answerCopy,
  commitCopiedPart,
  copiedPartRecord,
  copyAnswerHeaders,
  copyBytes,
  copyPartNumber,
  copyPartResultXml,
  findCopySource,
  refuseCopyBody,
} from '../../handlers/upload-part-copy.ts';
import type { Handler, RequestContext } from '../../http/context.ts';
import { CosError, cosError } from '../../http/cos-error.ts';
import { sendXml } from '../../http/respond.ts';
import type { ObjectRecord } from '../../state/objects.ts';
import type { PartRecord, Upload } from '../../state/uploads.ts';

/** The steps of the conformant handler, each replaceable. */
interface CopySteps {
  /** Bucket, part number, no body, the upload: the part number. */
  admit(ctx: RequestContext): number;
  source(ctx: RequestContext): ObjectRecord;
  conditions(ctx: RequestContext, source: ObjectRecord): void;
  range(ctx: RequestContext, source: ObjectRecord): CopyRange | undefined;
  answer(ctx: RequestContext, upload: Upload, record: PartRecord): void;
}

const CONFORMANT: CopySteps = {
  admit(ctx) {
    requireBucket(ctx);
    const partNumber = copyPartNumber(ctx);
    refuseCopyBody(ctx);
    requireUpload(ctx);
    return partNumber;
  },
  source: findCopySource,
  conditions: (ctx, source) => requireCopySourceConditions(ctx.headers, source),
  range: (ctx, source) => parseCopyRange(ctx, source.size),
  answer: answerCopy,
};

/** The conformant copy with the given steps done otherwise. */
function broken(change: Partial<CopySteps>): Handler {
  const steps: CopySteps = { ...CONFORMANT, ...change };
  return async (ctx) => {
    const partNumber = steps.admit(ctx);
    const source = steps.source(ctx);
    steps.conditions(ctx, source);
    const copied = await copyBytes(ctx, source, steps.range(ctx, source));
    const { upload, record } = await commitCopiedPart(ctx, partNumber, copied);
    steps.answer(ctx, upload, record);
  };
}

/** `bytes=first-last` read as first..last-1: the last byte of every range is left out. */
export const copyRangeEndExclusive: Handler = broken({
  range(ctx, source) {
    const range = parseCopyRange(ctx, source.size);
    return range && range.end > range.start ? { start: range.start, end: range.end - 1 } : range;
  },
});

/** The range header is ignored: every copy is of the whole source object. */
export const copyRangeIgnored: Handler = broken({ range: () => undefined });

/** A range that ends beyond the source is cut at its last byte instead of refused. */
export const copyRangeClamped: Handler = broken({
  range(ctx, source) {
    const range = parseCopyRange(ctx, Number.MAX_SAFE_INTEGER);
    return range && { start: range.start, end: Math.min(range.end, source.size - 1) };
  },
});

/** `bytes=first-` (no last byte) is taken as "to the end of the source" instead of refused. */
export const copyRangeOpenEnded: Handler = broken({
  range(ctx, source) {
    const header = ctx.headers['x-cos-copy-source-range'] ?? ctx.headers['x-amz-copy-source-range'];
    const open = header === undefined ? null : /^bytes=(\d+)-$/.exec(header.trim());
    return open ? { start: Number(open[1]), end: source.size - 1 } : parseCopyRange(ctx, source.size);
  },
});

/** The copy-source conditions (`x-cos-copy-source-If-Match`, …) are never evaluated. */
export const copyConditionsIgnored: Handler = broken({ conditions: () => undefined });

/** A missing source object is a 500 InternalError instead of 404 NoSuchKey. */
export const copyMissingSourceFails: Handler = broken({
  source(ctx) {
    try {
      return findCopySource(ctx);
    } catch (err) {
      if (err instanceof CosError && err.code === 'NoSuchKey') throw cosError('InternalError');
      throw err;
    }
  },
});

/** The part number is not checked: 0 and 10001 are copied and stored like any other. */
export const copyPartNumberUnchecked: Handler = broken({
  admit(ctx) {
    requireBucket(ctx);
    refuseCopyBody(ctx);
    requireUpload(ctx);
    return Number(ctx.query.single('partNumber'));
  },
});

/** `CopyPartResult` without its `LastModified`. */
export const copyLastModifiedMissing: Handler = broken({
  answer(ctx, upload, record) {
    const xml = copyPartResultXml(record).replace(/<LastModified>[^<]*<\/LastModified>/, '');
    sendXml(ctx.res, 200, xml, copyAnswerHeaders(ctx, upload, record));
  },
});

/** No `x-cos-hash-crc64ecma` on the answer of a copied part. */
export const copyCrc64Dropped: Handler = broken({
  answer(ctx, upload, record) {
    const headers = { ...copyAnswerHeaders(ctx, upload, record), 'x-cos-hash-crc64ecma': undefined };
    sendXml(ctx.res, 200, copyPartResultXml(record), headers);
  },
});

/** A copy whose conditions fail is answered 412, but the part was copied and committed first. */
export const copyRefusalStored: Handler = async (ctx) => {
  const partNumber = CONFORMANT.admit(ctx);
  const source = findCopySource(ctx);
  const copied = await copyBytes(ctx, source, parseCopyRange(ctx, source.size));
  const { upload, record } = await commitCopiedPart(ctx, partNumber, copied);
  CONFORMANT.conditions(ctx, source);
  answerCopy(ctx, upload, record);
};

/**
 * An unknown upload id is not checked: the bytes are copied, answered 200 `CopyPartResult`, and dropped (a known
 * upload gets its part as usual).
 */
export const copyUploadUnchecked: Handler = async (ctx) => {
  requireBucket(ctx);
  const partNumber = copyPartNumber(ctx);
  refuseCopyBody(ctx);
  const source = findCopySource(ctx);
  CONFORMANT.conditions(ctx, source);
  const copied = await copyBytes(ctx, source, parseCopyRange(ctx, source.size));
  if (findUpload(ctx)) {
    const { upload, record } = await commitCopiedPart(ctx, partNumber, copied);
    answerCopy(ctx, upload, record);
    return;
  }
  const record = copiedPartRecord(ctx, partNumber, copied, 0);
  copied.file.retire();
  sendXml(ctx.res, 200, copyPartResultXml(record), {
    'x-cos-hash-crc64ecma': ctx.server.behaviour.crc64Header(record.crc64, 'part'),
  });
};
