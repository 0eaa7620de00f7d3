/**
 * Family 3, out-of-order upload (spec §2.2 [D7750] "out-of-order upload allowed"; peer-suites (d)4): parts sent
 * in a generated permutation, one after another or all at once, complete into the concatenation of the parts in
 * part-number order, byte for byte: the whole object, every part as a range, and every boundary ±1 byte.
 */
import type { BodySpec } from '../../body/generate.ts';
import type { Exchange } from '../../client/exchange.ts';
import { type ReadBack, readBackProblem } from '../kit/bytes.ts';
import { type Check, defineCheck, type JudgeKit, withExchanges } from '../kit/define.ts';
import { describeAnswer } from '../kit/describe.ts';
import { judgeAnswer, transportResult } from '../kit/response.ts';
import { serverErrorOutcome } from '../kit/transport.ts';
import type { CheckResult } from '../types.ts';
import { accepted, doc, expect, named, peerSuite } from '../../profiles/evidence.ts';
import { COS_DOCS, S3_DOCS } from '../../profiles/sources.ts';
import type { FamilyExpectations } from '../../profiles/types.ts';
import type { MutantDef } from '../../server/mutants/types.ts';
import { pagingMaxParts } from './list-parts.ts';

const FAMILY = 'out-of-order';
const REF = 'spec §2.2 [D7750]; §2.5 [D7742]';

/** One generated upload: the order parts were sent in, Complete, and the whole object read back. */
export interface PermutedUpload {
  /** Part numbers in the order they were sent. */
  order: readonly number[];
  /** Upload Part answers, in sending order. */
  uploads: readonly (Exchange | undefined)[];
  complete: Exchange | undefined;
  /** Bodies of the parts in part-number order: what the object must be. */
  specs: readonly BodySpec[];
  read: ReadBack;
}

function judgeWholeObject(input: PermutedUpload, kit: JudgeKit): CheckResult {
  const exchanges = [...input.uploads, input.complete, input.read.exchange];
  for (const [index, up] of input.uploads.entries()) {
    const verdict = judgeAnswer(
      kit,
      up,
      `Upload Part #${input.order[index]} (sent ${index + 1} of ${input.order.length})`,
    );
    if (verdict.outcome !== 'pass') return withExchanges(verdict, exchanges);
  }
  const completeVerdict = judgeAnswer(kit, input.complete, 'Complete');
  if (completeVerdict.outcome !== 'pass') return withExchanges(completeVerdict, exchanges);
  const problem = readBackProblem(input.specs, input.read);
  const sent = `parts sent in order [${input.order.join(',')}]`;
  if (problem) return kit.fail(`${sent}: object differs: ${problem}`, { exchanges });
  return kit.pass(`${sent}: object equals the parts in part-number order`, {
    variantSeen: 'equal',
    exchanges,
  });
}

export const sequential = defineCheck(
  {
    id: 'out-of-order.upload-part.sequential',
    title: 'Parts uploaded one by one in a random order, completed and read back',
    family: FAMILY,
    severity: 'must',
    specRef: REF,
    tags: ['upload-part', 'complete', 'property', 'bytes'],
  },
  judgeWholeObject,
);

export const concurrent = defineCheck(
  {
    id: 'out-of-order.upload-part.concurrent',
    title: 'Parts uploaded concurrently, completed and read back',
    family: FAMILY,
    severity: 'must',
    specRef: REF,
    tags: ['upload-part', 'complete', 'property', 'concurrency', 'bytes'],
  },
  judgeWholeObject,
);

/** Ranged reads of completed objects. */
export interface RangeReads {
  /** Each read with a label (`part 3`, `boundary 2|3`) and the parts of the object it reads. */
  reads: ReadonlyArray<{ label: string; read: ReadBack; specs: readonly BodySpec[] }>;
}

function rangeCheck<const S extends string>(
  slug: S,
  title: string,
): Check<RangeReads, `out-of-order.upload-part.${S}`> {
  return defineCheck(
    {
      id: `out-of-order.upload-part.${slug}`,
      title,
      family: FAMILY,
      severity: 'must',
      specRef: `${REF}; peer-suites (d)4`,
      tags: ['upload-part', 'range', 'bytes'],
    },
    (input: RangeReads, kit) => {
      const exchanges = input.reads.map((rangeRead) => rangeRead.read.exchange);
      if (input.reads.length === 0) return kit.error('no reads were made', { exchanges });
      for (const { label, read, specs } of input.reads) {
        // A read that got no answer, or a server error, says nothing about the bytes: not judged.
        const transport = transportResult(kit, read.exchange, label);
        if (transport) return withExchanges(transport, exchanges);
        if (read.exchange!.response!.status >= 500) {
          return kit.result(
            serverErrorOutcome(read.exchange!),
            `${label}: ${describeAnswer(read.exchange)}`,
            {
              exchanges,
            },
          );
        }
        const problem = readBackProblem(specs, read);
        if (problem) {
          return kit.fail(`${label} (bytes ${read.offset}..${read.offset + read.length - 1}): ${problem}`, {
            exchanges: [read.exchange, ...exchanges],
          });
        }
      }
      return kit.pass(`${input.reads.length} reads exact`, { variantSeen: 'equal', exchanges });
    },
  );
}

export const partRanges = rangeCheck('part-ranges', 'Each part read back as a byte range of the object');
export const boundaryReads = rangeCheck(
  'boundary-reads',
  'Reads straddling every part boundary by one and two bytes',
);

export const OUT_OF_ORDER_CHECKS = [sequential, concurrent, partRanges, boundaryReads] as const;

/** What each profile allows (docs/spec.md §2.2, §2.5; AWS UploadPart, and the peer suites). */
export const OUT_OF_ORDER_EXPECTATIONS = {
  cos: {
    'out-of-order.upload-part.sequential': expect([
      accepted('equal', [200], doc('spec §2.2 [D7750]', 'parts may be uploaded out of order')),
    ]),
    'out-of-order.upload-part.concurrent': expect([
      accepted('equal', [200], doc('spec §2.2 [D7750]', 'parts may be uploaded out of order')),
    ]),
    'out-of-order.upload-part.part-ranges': expect([named('equal', COS_DOCS.complete, peerSuite('(d)4'))]),
    'out-of-order.upload-part.boundary-reads': expect([
      named('equal', COS_DOCS.complete, peerSuite('(d)4, I4')),
    ]),
  },
  s3: {
    'out-of-order.upload-part.sequential': expect([
      accepted('equal', [200], S3_DOCS.uploadPart, peerSuite('(d)4')),
    ]),
    'out-of-order.upload-part.concurrent': expect([
      accepted('equal', [200], S3_DOCS.uploadPart, peerSuite('(d)4')),
    ]),
    'out-of-order.upload-part.part-ranges': expect([named('equal', peerSuite('(d)4, I1'))]),
    'out-of-order.upload-part.boundary-reads': expect([named('equal', peerSuite('(d)4, I4'))]),
  },
} satisfies FamilyExpectations<typeof OUT_OF_ORDER_CHECKS>;

/** Servers that break part order in the completed object. */
export const OUT_OF_ORDER_MUTANTS = [
  {
    name: 'assemble-in-upload-order',
    description: 'Complete concatenates the parts in the order they were uploaded, not by part number',
    family: FAMILY,
    // The size rule is applied in that order too, so the concurrent and fixed-object cases may end in
    // EntityTooSmall (an error of their setup) instead: only the sequential property is certain to fail.
    catches: [sequential.id],
    behaviour: { assembleOrder: 'upload-time' },
  },
  {
    name: 'concurrent-parts-lost',
    description:
      'parts uploaded at the same time are lost: each commit writes back the part list it read first',
    family: FAMILY,
    catches: [concurrent.id, pagingMaxParts.id],
    handlers: { uploadPart: 'concurrentPartsLost' },
  },
  {
    name: 'range-end-exclusive',
    description: 'Get Object serves bytes=a-b without byte b (the range end read as exclusive)',
    family: FAMILY,
    catches: [partRanges.id, boundaryReads.id],
    behaviour: { rangeEndInclusive: false },
  },
] as const satisfies readonly MutantDef[];
