/**
 * Family 4, overwrite (spec §2.2 [D7750] "same uploadId+partNumber → later upload overwrites earlier";
 * peer-suites B7, (d)11): the later upload is what List Parts shows and what Complete uses; the earlier ETag is
 * no longer a valid part; concurrent uploads of one number leave exactly one of them, never a mix.
 */
import type { BodySpec } from '../../body/generate.ts';
import type { Exchange } from '../../client/exchange.ts';
import { type ReadBack, readBackProblem } from '../kit/bytes.ts';
import { defineCheck, withExchanges } from '../kit/define.ts';
import { header } from '../kit/describe.ts';
import { listedPart, type PartListing } from '../kit/observations.ts';
import { judgeAnswer, requireSuccess } from '../kit/response.ts';
import { accepted, doc, expect, named, peerSuite, rejected } from '../../profiles/evidence.ts';
import { COS_DOCS, S3_DOCS } from '../../profiles/sources.ts';
import type { FamilyExpectations } from '../../profiles/types.ts';
import type { MutantDef } from '../../server/mutants/types.ts';

const FAMILY = 'overwrite';
const REF = 'spec §2.2 [D7750]';

/** Two uploads of one part number, one after the other, with different sizes and bytes. */
export interface Overwrite {
  partNumber: number;
  earlier: { upload: Exchange | undefined; size: number };
  later: { upload: Exchange | undefined; size: number };
  listing: PartListing;
}

export const listShowsLater = defineCheck(
  {
    id: 'overwrite.upload-part.list-shows-later',
    title: 'List Parts after a part number is uploaded twice',
    family: FAMILY,
    severity: 'must',
    specRef: `${REF}; §2.4 [D7747]`,
    tags: ['upload-part', 'list-parts', 'overwrite'],
  },
  (input: Overwrite, kit) => {
    const exchanges = [input.earlier.upload, input.later.upload, input.listing.exchange];
    const pre =
      requireSuccess(kit, input.earlier.upload, 'first upload') ??
      requireSuccess(kit, input.later.upload, 'second upload') ??
      requireSuccess(kit, input.listing.exchange, 'List Parts');
    if (pre) return withExchanges(pre, exchanges);
    const want = header(input.later.upload, 'etag');
    const old = header(input.earlier.upload, 'etag');
    const part = listedPart(input.listing, input.partNumber);
    if (!part) return kit.fail(`part ${input.partNumber} not listed`, { exchanges });
    if (part.etag === want && part.size === input.later.size) {
      return kit.pass(`listed ${part.etag}, ${part.size} bytes (the later upload)`, {
        variantSeen: 'later',
        exchanges,
      });
    }
    const which = part.etag === old ? ' (the earlier upload)' : '';
    return kit.fail(
      `listed ${part.etag}, ${part.size} bytes${which}; later upload was ${want}, ${input.later.size} bytes`,
      {
        expected: `${want} ${input.later.size}`,
        observed: `${part.etag} ${part.size}`,
        exchanges,
      },
    );
  },
);

/** Both uploads of the part number, then Complete naming the earlier (overwritten) ETag. */
export interface CompleteWithStaleEtag {
  earlier: Exchange | undefined;
  later: Exchange | undefined;
  complete: Exchange | undefined;
}

export const earlierEtagRejected = defineCheck(
  {
    id: 'overwrite.upload-part.earlier-etag-rejected',
    title: 'Complete naming the overwritten ETag',
    family: FAMILY,
    severity: 'must',
    specRef: `${REF}; §2.5 [D7742][D7730-old]`,
    tags: ['upload-part', 'complete', 'overwrite', 'error-code', 'InvalidPart'],
  },
  (input: CompleteWithStaleEtag, kit) => {
    const exchanges = [input.earlier, input.later, input.complete];
    // Without both uploads there was no overwrite: an InvalidPart would prove nothing about this rule.
    const pre =
      requireSuccess(kit, input.earlier, 'the earlier upload of the part') ??
      requireSuccess(kit, input.later, 'the later upload of the part');
    if (pre) return withExchanges(pre, exchanges);
    return withExchanges(judgeAnswer(kit, input.complete, 'Complete naming the earlier ETag'), exchanges);
  },
);

/** Complete naming the later ETag, and the object read back. */
export interface CompleteWithLaterEtag {
  complete: Exchange | undefined;
  /** What the object must hold: the parts with the later body for the overwritten number. */
  specs: readonly BodySpec[];
  read: ReadBack;
}

export const lastWins = defineCheck(
  {
    id: 'overwrite.upload-part.last-wins',
    title: 'Complete naming the later ETag of an overwritten part, read back',
    family: FAMILY,
    severity: 'must',
    specRef: REF,
    tags: ['upload-part', 'complete', 'overwrite', 'bytes'],
  },
  (input: CompleteWithLaterEtag, kit) => {
    const exchanges = [input.complete, input.read.exchange];
    const completeVerdict = judgeAnswer(kit, input.complete, 'Complete naming the later ETag');
    if (completeVerdict.outcome !== 'pass') return withExchanges(completeVerdict, exchanges);
    const problem = readBackProblem(input.specs, input.read);
    if (problem) return kit.fail(`object does not hold the later bytes: ${problem}`, { exchanges });
    return kit.pass('object holds the later bytes', { variantSeen: 'later', exchanges });
  },
);

/** Several concurrent uploads of one part number, then Complete with the listed ETag and a read-back. */
export interface ConcurrentOverwrite {
  partNumber: number;
  /** One per concurrent upload, with what it sent. */
  candidates: ReadonlyArray<{ upload: Exchange | undefined; spec: BodySpec; md5Hex: string }>;
  listing: PartListing;
  complete: Exchange | undefined;
  /** The other parts of the object, in part-number order, with `null` where the raced part goes. */
  layout: ReadonlyArray<BodySpec | null>;
  read: ReadBack;
}

export const concurrentNoMix = defineCheck(
  {
    id: 'overwrite.upload-part.concurrent-no-mix',
    title: 'Concurrent uploads of one part number, completed and read back',
    family: FAMILY,
    severity: 'must',
    specRef: `${REF}; peer-suites (d)11`,
    tags: ['upload-part', 'overwrite', 'concurrency', 'bytes'],
  },
  (input: ConcurrentOverwrite, kit) => {
    const exchanges = [
      ...input.candidates.map((candidate) => candidate.upload),
      input.listing.exchange,
      input.complete,
      input.read.exchange,
    ];
    const pre = requireSuccess(kit, input.listing.exchange, 'List Parts');
    if (pre) return withExchanges(pre, exchanges);
    const ok = input.candidates.filter(
      (candidate) => candidate.upload?.response && candidate.upload.response.status < 300,
    );
    if (ok.length === 0) return kit.error('no concurrent upload succeeded', { exchanges });
    const listed = listedPart(input.listing, input.partNumber);
    if (!listed) return kit.fail(`part ${input.partNumber} not listed after the race`, { exchanges });
    const winner = ok.findIndex((candidate) => `"${candidate.md5Hex}"` === listed.etag);
    if (winner < 0) {
      return kit.fail(`listed ETag ${listed.etag} is none of the ${ok.length} uploads (a mix?)`, {
        exchanges,
      });
    }
    const completeVerdict = judgeAnswer(kit, input.complete, 'Complete naming the listed ETag');
    if (completeVerdict.outcome !== 'pass') return withExchanges(completeVerdict, exchanges);
    const won = ok[winner];
    const specs = input.layout.map((spec) => spec ?? won.spec);
    const problem = readBackProblem(specs, input.read);
    if (problem)
      return kit.fail(`object is not upload ${winner + 1} of ${ok.length}: ${problem}`, { exchanges });
    return kit.pass(`object is exactly upload ${winner + 1} of ${ok.length}`, {
      variantSeen: 'one-of',
      exchanges,
    });
  },
);

export const OVERWRITE_CHECKS = [listShowsLater, earlierEtagRejected, lastWins, concurrentNoMix] as const;

/** What each profile allows (docs/spec.md §2.2, §2.5, §4.2; AWS UploadPart and CompleteMultipartUpload). */
export const OVERWRITE_EXPECTATIONS = {
  cos: {
    'overwrite.upload-part.list-shows-later': expect([
      named('later', doc('spec §2.2 [D7750]', 'the later upload overwrites the earlier')),
    ]),
    'overwrite.upload-part.earlier-etag-rejected': expect([
      rejected(
        'InvalidPart',
        COS_DOCS.complete,
        doc('spec §4.2 [D7730-old]', 'part missing or ETag invalid'),
      ),
    ]),
    'overwrite.upload-part.last-wins': expect([accepted('later', [200], COS_DOCS.uploadPart)]),
    'overwrite.upload-part.concurrent-no-mix': expect([
      accepted('one-of', [200], COS_DOCS.uploadPart, peerSuite('(d)11')),
    ]),
  },
  s3: {
    'overwrite.upload-part.list-shows-later': expect([named('later', S3_DOCS.uploadPart, peerSuite('B7'))]),
    'overwrite.upload-part.earlier-etag-rejected': expect([
      rejected('InvalidPart', S3_DOCS.complete, peerSuite('G5')),
    ]),
    'overwrite.upload-part.last-wins': expect([
      accepted('later', [200], S3_DOCS.uploadPart, peerSuite('B7')),
    ]),
    'overwrite.upload-part.concurrent-no-mix': expect([accepted('one-of', [200], peerSuite('B8, (d)11'))]),
  },
} satisfies FamilyExpectations<typeof OVERWRITE_CHECKS>;

/** Servers that break overwriting a part number (the later upload replaces the earlier, atomically). */
export const OVERWRITE_MUTANTS = [
  {
    name: 'first-write-wins',
    description: 'a second upload of a part number is answered 200 but the first one is kept',
    family: FAMILY,
    catches: [listShowsLater.id, earlierEtagRejected.id, lastWins.id],
    handlers: { uploadPart: 'firstWriteWins' },
  },
  {
    name: 'list-parts-keeps-first-etag',
    description: 'after an overwrite, List Parts still shows the ETag of the first upload of the part number',
    family: FAMILY,
    catches: [listShowsLater.id],
    handlers: { uploadPart: 'listedEtagOfFirstUpload' },
  },
  {
    name: 'torn-concurrent-overwrite',
    description: 'racing uploads of one part number leave the ETag of one and the bytes of another',
    family: FAMILY,
    catches: [concurrentNoMix.id],
    handlers: { uploadPart: 'tornOverwrite' },
  },
] as const satisfies readonly MutantDef[];
