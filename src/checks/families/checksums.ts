/**
 * Family 14, what the AWS SDKs send by default (docs/spec.md §6.7): since early 2025 they attach an additional
 * checksum to every upload (`x-amz-checksum-crc32` as a header, or as the trailer of an `aws-chunked` body).
 * Under the s3 profile such a part is accepted and the checksum echoed, a wrong checksum is 400 BadDigest and stores
 * nothing, and an aws-chunked body is stored decoded. Under the cos profile (COS documents its own CRC-64 scheme,
 * spec §5.3, and not these headers) whether the endpoint accepts or refuses them is recorded (`variantSeen`), never
 * a failure; an accepted aws-chunked body stored with its framing is a failure under both: the bytes are corrupt.
 */
import type { Exchange } from '../../client/exchange.ts';
import { type Check, defineCheck, withExchanges } from '../kit/define.ts';
import { describeAnswer, header, isSuccess } from '../kit/describe.ts';
import { QUOTED_MD5, unquote } from '../kit/etag.ts';
import { unreadableListing } from '../kit/listing.ts';
import { listedPart, type PartListing } from '../kit/observations.ts';
import {
  describeVariants,
  matchVariant,
  requireSuccess,
  responseVariants,
  transportResult,
} from '../kit/response.ts';
import { serverErrorOutcome } from '../kit/transport.ts';
import type { JudgeKit } from '../kit/define.ts';
import type { CheckResult } from '../types.ts';
import {
  decision,
  doc,
  expect,
  expectationTable,
  named,
  observed,
  rejected,
} from '../../profiles/evidence.ts';
import { S3_DOCS } from '../../profiles/sources.ts';
import type { CheckExpectation, FamilyExpectations } from '../../profiles/types.ts';
import type { MutantDef } from '../../server/mutants/types.ts';
import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm } from '../../body/flexible-checksums.ts';

const FAMILY = 'checksums';

/** The checksum the AWS SDKs send when the caller names none (`requestChecksumCalculation: WHEN_SUPPORTED`). */
export const SDK_DEFAULT_ALGORITHM: ChecksumAlgorithm = 'crc32';

/** Variant names the judges know (the profiles allow some of them per check). */
const VARIANTS = {
  /** Accepted, the checksum echoed as sent. */
  echoed: 'echoed',
  /** Accepted, no checksum header in the answer (an endpoint that does not know the header ignores it). */
  acceptedWithoutEcho: 'accepted-without-echo',
  /** Any 4xx (or 501) refusal: the endpoint does not take what the SDK sends by default. */
  refused: 'refused',
  /** A refusal saying the algorithm is not supported: the check is skipped (an optional algorithm). */
  unsupported: 'unsupported',
  /** A wrong checksum accepted: the endpoint does not verify it. */
  acceptedUnverified: 'accepted-unverified',
  /** An aws-chunked body stored as its payload. */
  decoded: 'decoded',
} as const;

/** Whether the profile allows the judge-level variant `name` for this check. */
function allows(kit: JudgeKit, name: string): boolean {
  return kit.variants.some((variant) => variant.name === name);
}

/** A refusal: a 4xx, or 501 Not Implemented (spec §4.2). */
function isRefusal(ex: Exchange): boolean {
  const status = ex.response?.status ?? 0;
  return (status >= 400 && status < 500) || status === 501;
}

/**
 * Statuses of a refusal of the request's content (its headers or its body): 400 (any code), 411, 413 and 501. A 403,
 * 404, 405 or 409 says something else (credentials, the upload, the operation), never that checksums are refused.
 */
const CONTENT_REFUSALS: ReadonlySet<number> = new Set([400, 411, 413, 501]);

/**
 * Under a profile that records refusals (`refused`, cos): a content refusal passes as `refused` with `message`; any
 * other refusal is an error (it says nothing about the rule). Undefined where the profile does not record them.
 */
function recordRefusal(
  kit: JudgeKit,
  ex: Exchange,
  what: string,
  message: string,
  exchanges: readonly (Exchange | undefined)[],
): CheckResult | undefined {
  if (!allows(kit, VARIANTS.refused)) return undefined;
  if (!CONTENT_REFUSALS.has(ex.response?.status ?? 0)) {
    return kit.error(`${what}: ${describeAnswer(ex)}, a refusal that says nothing about checksums`, {
      exchanges,
    });
  }
  return kit.pass(`${what}: ${message} (${describeAnswer(ex)})`, {
    variantSeen: VARIANTS.refused,
    exchanges,
  });
}

/** A message about checksums or their algorithm (`… CRC32C is not supported`, `Unsupported checksum algorithm`). */
const CHECKSUM_MESSAGE = /checksum|algorithm|crc|sha/i;

/**
 * Whether a refusal says the algorithm is unsupported: a 501, or a 400 whose `<Message>` (or code) is about the
 * checksum or its algorithm. Anything else (403, 404, an unrelated 400) is no such statement.
 */
export function saysChecksumUnsupported(ex: Exchange): boolean {
  const response = ex.response;
  if (!response) return false;
  if (response.status === 501) return true;
  if (response.status !== 400 || !response.error) return false;
  return CHECKSUM_MESSAGE.test(`${response.error.code ?? ''} ${response.error.message ?? ''}`);
}

/** The outcome of a 5xx other than 501: the endpoint failed, which says nothing about the rule. */
function serverFailure(
  kit: JudgeKit,
  ex: Exchange,
  what: string,
  exchanges: readonly (Exchange | undefined)[],
) {
  const status = ex.response?.status ?? 0;
  if (status < 500 || status === 501) return undefined;
  return kit.result(serverErrorOutcome(ex), `${what}: ${describeAnswer(ex)}, a server error`, { exchanges });
}

/** One Upload Part carrying the right `x-amz-checksum-<algorithm>` header. */
export interface ChecksumHeaderAttempt {
  upload: Exchange | undefined;
  /** The base64 checksum sent. */
  sent: string;
}

function rightChecksumCheck<const A extends ChecksumAlgorithm>(
  algorithm: A,
): Check<ChecksumHeaderAttempt, `checksums.upload-part.${A}`> {
  const fact = CHECKSUM_ALGORITHMS[algorithm];
  const sdkDefault = algorithm === SDK_DEFAULT_ALGORITHM;
  return defineCheck(
    {
      id: `checksums.upload-part.${algorithm}`,
      title: `Upload Part with the right ${fact.header}`,
      family: FAMILY,
      severity: sdkDefault ? 'must' : 'should',
      specRef: 'spec §6.7 [S3-UploadPart][S3-integrity]',
      tags: ['upload-part', 'checksums', 'headers', algorithm, ...(sdkDefault ? ['sdk-default'] : [])],
    },
    (input: ChecksumHeaderAttempt, kit) => {
      const what = `Upload Part with ${fact.header}: ${input.sent}`;
      const exchanges = [input.upload];
      const transport = transportResult(kit, input.upload, what);
      if (transport) return transport;
      const ex = input.upload!;
      const server = serverFailure(kit, ex, what, exchanges);
      if (server) return server;
      if (isSuccess(ex) && !ex.response!.error) {
        const got = header(ex, fact.header);
        if (got === input.sent) {
          return kit.pass(`${what}: accepted, ${fact.header} echoed`, {
            variantSeen: VARIANTS.echoed,
            exchanges,
          });
        }
        if (got !== undefined) {
          return kit.fail(`${what}: accepted, but the answer's ${fact.header} is ${JSON.stringify(got)}`, {
            expected: input.sent,
            observed: got,
            exchanges,
          });
        }
        return allows(kit, VARIANTS.acceptedWithoutEcho)
          ? kit.pass(
              `${what}: accepted without echoing ${fact.header} (the header is not verified or not known)`,
              {
                variantSeen: VARIANTS.acceptedWithoutEcho,
                exchanges,
              },
            )
          : kit.fail(`${what}: accepted, but ${fact.header} is not echoed`, {
              expected: input.sent,
              observed: '(absent)',
              exchanges,
            });
      }
      if (!isRefusal(ex)) return kit.fail(`${what}: ${describeAnswer(ex)}`, { exchanges });
      const recorded = recordRefusal(
        kit,
        ex,
        what,
        'this endpoint refuses AWS SDK checksummed uploads',
        exchanges,
      );
      if (recorded) return recorded;
      if (allows(kit, VARIANTS.unsupported) && saysChecksumUnsupported(ex)) {
        return kit.skip(
          `${what}: ${describeAnswer(ex)}, the endpoint does not support ${fact.title}, which the SDKs send only when asked (profile ${kit.profile.name})`,
          { variantSeen: VARIANTS.unsupported, exchanges },
        );
      }
      return kit.fail(`${what}: refused with ${describeAnswer(ex)}`, { expected: '200', exchanges });
    },
  );
}

export const crc32Right = rightChecksumCheck('crc32');
export const crc32cRight = rightChecksumCheck('crc32c');
export const crc64nvmeRight = rightChecksumCheck('crc64nvme');
export const sha1Right = rightChecksumCheck('sha1');
export const sha256Right = rightChecksumCheck('sha256');

/** A failed-looking upload of part `partNumber` (a number not used before) and the listing after it. */
export interface WrongChecksumAttempt {
  upload: Exchange | undefined;
  listing: PartListing;
  partNumber: number;
  /** For an aws-chunked body: its framed length (a part listed with it was stored with the framing). */
  framedSize?: number;
}

/**
 * A wrong checksum: refused (the profile's code; under cos any refusal) and nothing stored under the part number.
 * Accepted: a failure where the profile has no `accepted-unverified` variant; where it has (cos), the endpoint
 * simply does not verify the header, unless it stored the aws-chunked framing (corrupt bytes: a failure).
 */
function wrongChecksumCheck<const S extends string>(
  slug: S,
  title: string,
  what: string,
  tags: string[],
): Check<WrongChecksumAttempt, `checksums.upload-part.${S}`> {
  return defineCheck(
    {
      id: `checksums.upload-part.${slug}`,
      title,
      family: FAMILY,
      severity: 'must',
      specRef: 'spec §6.7 [S3-UploadPart][S3-errors]',
      tags: ['upload-part', 'checksums', 'list-parts', 'error-code', 'BadDigest', ...tags],
    },
    (input: WrongChecksumAttempt, kit) => {
      const exchanges = [input.upload, input.listing.exchange];
      const transport = transportResult(kit, input.upload, what);
      if (transport) return withExchanges(transport, exchanges);
      const ex = input.upload!;
      const server = serverFailure(kit, ex, what, exchanges);
      if (server) return server;
      const accepted = isSuccess(ex) && !ex.response!.error;
      if (accepted && !allows(kit, VARIANTS.acceptedUnverified)) {
        // Accepting is the failure: what the listing shows does not change it.
        return kit.fail(`${what}: accepted with ${describeAnswer(ex)}`, {
          expected: describeVariants(responseVariants(kit.variants)),
          observed: describeAnswer(ex),
          exchanges,
        });
      }
      const pre = requireSuccess(kit, input.listing.exchange, `List Parts after ${what}`);
      if (pre) return withExchanges(pre, exchanges);
      const unread = unreadableListing(kit, input.listing, `whether part ${input.partNumber} was stored`, {
        exchanges,
      });
      if (unread) return unread;
      const stored = listedPart(input.listing, input.partNumber);
      if (accepted) {
        if (stored && input.framedSize !== undefined && stored.size === input.framedSize) {
          return kit.violation(
            `${what}: accepted and part ${input.partNumber} is listed with ${stored.size} bytes, the framed length: stored with its aws-chunked framing`,
            { exchanges },
          );
        }
        return kit.pass(`${what}: accepted, the endpoint does not verify the checksum`, {
          variantSeen: VARIANTS.acceptedUnverified,
          exchanges,
        });
      }
      if (!isRefusal(ex)) return kit.fail(`${what}: ${describeAnswer(ex)}`, { exchanges });
      if (stored) {
        return kit.fail(
          `${what}: refused with ${describeAnswer(ex)}, yet part ${input.partNumber} is listed`,
          {
            exchanges,
          },
        );
      }
      // A code the profile names without a status (cos lists BadDigest beside its other observations).
      const seen =
        matchVariant(ex, responseVariants(kit.variants)) ??
        kit.variants.find(
          (variant) => variant.status === undefined && variant.name === ex.response?.error?.code,
        );
      if (seen)
        return kit.pass(`${what}: ${describeAnswer(ex)}, nothing stored`, {
          variantSeen: seen.name,
          exchanges,
        });
      const recorded = recordRefusal(kit, ex, what, 'refused, nothing stored', exchanges);
      if (recorded) return recorded;
      return kit.fail(
        `${what}: expected ${describeVariants(responseVariants(kit.variants))}, got ${describeAnswer(ex)}`,
        {
          expected: describeVariants(responseVariants(kit.variants)),
          observed: describeAnswer(ex),
          exchanges,
        },
      );
    },
  );
}

export const crc32Wrong = wrongChecksumCheck(
  'crc32-wrong',
  'Upload Part with a wrong x-amz-checksum-crc32, and List Parts after it',
  'Upload Part with a wrong x-amz-checksum-crc32',
  ['crc32', 'sdk-default'],
);

/** An aws-chunked Upload Part with a trailing checksum, what it carried, and the listing after it. */
export interface AwsChunkedAttempt {
  upload: Exchange | undefined;
  listing: PartListing;
  partNumber: number;
  /** The payload: its length and MD5 (hex). */
  decoded: { size: number; md5Hex: string };
  /** The framed body as sent: its length and MD5 (hex). */
  framed: { size: number; md5Hex: string };
  /** The trailing checksum sent. */
  trailer: { header: string; value: string };
}

export const awsChunked = defineCheck(
  {
    id: 'checksums.upload-part.aws-chunked',
    title:
      'Upload Part with an aws-chunked body and a trailing x-amz-checksum-crc32, and List Parts after it',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §6.7 [S3-chunked][S3-UploadPart]',
    tags: ['upload-part', 'checksums', 'aws-chunked', 'list-parts', 'bytes', 'crc32', 'sdk-default'],
  },
  (input: AwsChunkedAttempt, kit) => {
    const what = `Upload Part of ${input.decoded.size} bytes as aws-chunked (${input.framed.size} framed) with ${input.trailer.header} trailing`;
    const exchanges = [input.upload, input.listing.exchange];
    const transport = transportResult(kit, input.upload, what);
    if (transport) return withExchanges(transport, exchanges);
    const ex = input.upload!;
    const server = serverFailure(kit, ex, what, exchanges);
    if (server) return server;
    if (!isSuccess(ex) || ex.response!.error) {
      const recorded = isRefusal(ex)
        ? recordRefusal(kit, ex, what, 'this endpoint refuses AWS SDK default streaming uploads', exchanges)
        : undefined;
      if (recorded) return recorded;
      return kit.fail(`${what}: ${describeAnswer(ex)}`, {
        expected: '200',
        observed: describeAnswer(ex),
        exchanges,
      });
    }
    const answered = header(ex, 'etag');
    if (answered !== undefined && unquote(answered).toLowerCase() === input.framed.md5Hex) {
      // The answer alone shows it: the ETag is the MD5 of the framed body.
      return kit.violation(
        `${what}: accepted with ETag ${answered}, the MD5 of the framed body: stored with its aws-chunked framing`,
        {
          expected: `"${input.decoded.md5Hex}"`,
          observed: answered,
          exchanges,
        },
      );
    }
    const pre = requireSuccess(kit, input.listing.exchange, `List Parts after ${what}`);
    if (pre) return withExchanges(pre, exchanges);
    const unread = unreadableListing(kit, input.listing, `what part ${input.partNumber} holds`, {
      exchanges,
    });
    if (unread) return unread;
    const listed = listedPart(input.listing, input.partNumber);
    if (!listed)
      return kit.violation(`${what}: accepted, but part ${input.partNumber} is not listed`, { exchanges });
    const etags = [header(ex, 'etag'), listed.etag].filter((etag): etag is string => etag !== undefined);
    const framing =
      listed.size === input.framed.size ||
      etags.some((etag) => unquote(etag).toLowerCase() === input.framed.md5Hex);
    if (framing) {
      return kit.violation(
        `${what}: accepted and stored with its aws-chunked framing (List Parts: ${listed.size} bytes, ETag ${listed.etag})`,
        {
          expected: `${input.decoded.size} bytes, "${input.decoded.md5Hex}"`,
          observed: `${listed.size} bytes, ${listed.etag}`,
          exchanges,
        },
      );
    }
    const otherMd5 = etags.find((etag) => QUOTED_MD5.test(etag) && unquote(etag) !== input.decoded.md5Hex);
    if (listed.size !== input.decoded.size || otherMd5 !== undefined) {
      return kit.violation(
        `${what}: accepted, but List Parts shows ${listed.size} bytes with ETag ${otherMd5 ?? listed.etag}, not the payload's`,
        {
          expected: `${input.decoded.size} bytes, "${input.decoded.md5Hex}"`,
          observed: `${listed.size} bytes, ${listed.etag}`,
          exchanges,
        },
      );
    }
    const echoed = header(ex, input.trailer.header);
    return kit.pass(
      `${what}: decoded, ${listed.size} bytes stored${echoed === input.trailer.value ? `, ${input.trailer.header} echoed` : ''}`,
      {
        variantSeen: VARIANTS.decoded,
        measured: { checksumEchoed: echoed === input.trailer.value },
        exchanges,
      },
    );
  },
);

export const awsChunkedTrailerWrong = wrongChecksumCheck(
  'aws-chunked-trailer-wrong',
  'Upload Part with an aws-chunked body whose trailing x-amz-checksum-crc32 is wrong, and List Parts after it',
  'Upload Part as aws-chunked with a wrong trailing x-amz-checksum-crc32',
  ['aws-chunked', 'crc32', 'sdk-default'],
);

export const CHECKSUMS_CHECKS = [
  crc32Right,
  crc32cRight,
  crc64nvmeRight,
  sha1Right,
  sha256Right,
  crc32Wrong,
  awsChunked,
  awsChunkedTrailerWrong,
] as const;

const AWS = 'https://docs.aws.amazon.com/AmazonS3/latest';
const S3_INTEGRITY = doc(
  `${AWS}/userguide/checking-object-integrity.html`,
  'additional checksums; SDK defaults',
);
const S3_CHUNKED = doc(
  `${AWS}/API/sigv4-streaming.html`,
  'aws-chunked bodies, unsigned payload with trailer',
);
const S3_BAD_DIGEST = doc(
  `${AWS}/API/ErrorResponses.html`,
  'BadDigest: the Content-MD5 or checksum value did not match what the server received',
);
const SPEC = doc('spec §6.7', 'additional checksums and aws-chunked bodies');
const COS_OWN_SCHEME = doc(
  'spec §5.3 [D40334]',
  'COS documents CRC-64 (x-cos-hash-crc64ecma), not x-amz-checksum-*',
);
const COS_IGNORES = observed(
  'spec §6.7 [OBS-milvus]',
  'COS ignores x-amz-checksum-* and honours only Content-MD5',
);
const COS_NO_CHUNKED = observed('spec §6.7 [OBS-doris]', 'COS refused an aws-chunked upload as unsupported');
const OBSERVE_ON_COS = decision(
  'spec §6.7',
  'under cos whether an endpoint takes AWS SDK default uploads is recorded, never a failure: COS documents none of it',
);
const CORRUPTION_FAILS = decision(
  'spec §6.7',
  'an aws-chunked body that is accepted must be stored decoded under every profile: a part stored with its framing holds other bytes than the client uploaded',
);
/** Only BadDigest: AWS documents InvalidRequest for a malformed or repeated checksum, not for a mismatch. */
const BAD_DIGEST_ONLY = decision(
  'spec §6.7',
  'AWS answers a well-formed checksum that does not match with BadDigest; InvalidRequest is for malformed or several checksums',
);

/** What the right-checksum checks expect under s3: the SDK default must be taken, the others may be unsupported. */
function s3Right(algorithm: ChecksumAlgorithm): CheckExpectation {
  const echoed = named(VARIANTS.echoed, S3_DOCS.uploadPart, S3_INTEGRITY);
  return algorithm === SDK_DEFAULT_ALGORITHM
    ? expect([echoed])
    : expect([
        echoed,
        named(
          VARIANTS.unsupported,
          decision('spec §6.7', 'the SDKs send it only when asked; an endpoint may refuse it as unsupported'),
        ),
      ]);
}

const cosRight = expect(
  [
    named(VARIANTS.echoed, SPEC),
    named(VARIANTS.acceptedWithoutEcho, COS_IGNORES, COS_OWN_SCHEME),
    named(VARIANTS.refused, OBSERVE_ON_COS, COS_OWN_SCHEME),
  ],
  { confidence: 'inferred' },
);

const ALGORITHMS = Object.keys(CHECKSUM_ALGORITHMS) as ChecksumAlgorithm[];

/** What each profile allows (docs/spec.md §6.7; AWS UploadPart, error responses, chunked uploads). */
export const CHECKSUMS_EXPECTATIONS = {
  cos: {
    ...expectationTable(
      ALGORITHMS.map((algorithm) => [`checksums.upload-part.${algorithm}`, cosRight] as const),
    ),
    'checksums.upload-part.crc32-wrong': expect(
      [
        named('BadDigest', SPEC),
        named(VARIANTS.refused, OBSERVE_ON_COS),
        named(VARIANTS.acceptedUnverified, COS_IGNORES, OBSERVE_ON_COS),
      ],
      { confidence: 'inferred' },
    ),
    'checksums.upload-part.aws-chunked': expect(
      [
        named(VARIANTS.decoded, SPEC, CORRUPTION_FAILS),
        named(VARIANTS.refused, COS_NO_CHUNKED, OBSERVE_ON_COS),
      ],
      { confidence: 'inferred' },
    ),
    'checksums.upload-part.aws-chunked-trailer-wrong': expect(
      [
        named('BadDigest', SPEC),
        named(VARIANTS.refused, COS_NO_CHUNKED, OBSERVE_ON_COS),
        named(VARIANTS.acceptedUnverified, OBSERVE_ON_COS, CORRUPTION_FAILS),
      ],
      { confidence: 'inferred' },
    ),
  },
  s3: {
    'checksums.upload-part.crc32': s3Right('crc32'),
    'checksums.upload-part.crc32c': s3Right('crc32c'),
    'checksums.upload-part.crc64nvme': s3Right('crc64nvme'),
    'checksums.upload-part.sha1': s3Right('sha1'),
    'checksums.upload-part.sha256': s3Right('sha256'),
    'checksums.upload-part.crc32-wrong': expect([
      rejected('BadDigest', S3_BAD_DIGEST, S3_DOCS.uploadPart, BAD_DIGEST_ONLY),
    ]),
    'checksums.upload-part.aws-chunked': expect([
      named(VARIANTS.decoded, S3_CHUNKED, S3_DOCS.uploadPart, CORRUPTION_FAILS),
    ]),
    'checksums.upload-part.aws-chunked-trailer-wrong': expect([
      rejected('BadDigest', S3_BAD_DIGEST, S3_CHUNKED, BAD_DIGEST_ONLY),
    ]),
  },
} satisfies FamilyExpectations<typeof CHECKSUMS_CHECKS>;

/** Servers that break the family's rules (all but the stored framing are allowed under cos: judged under s3). */
export const CHECKSUMS_MUTANTS = [
  {
    name: 'checksum-unverified',
    description:
      'an x-amz-checksum-* header is not compared with the body: a part with a wrong checksum is stored',
    family: FAMILY,
    catches: [crc32Wrong.id],
    behaviour: { checkChecksumHeader: false },
    run: { profile: 's3' },
  },
  {
    name: 'checksum-not-echoed',
    description: 'a verified x-amz-checksum-* is not echoed in the Upload Part answer',
    family: FAMILY,
    catches: [crc32Right.id, crc32cRight.id, crc64nvmeRight.id, sha1Right.id, sha256Right.id],
    behaviour: { echoChecksum: false },
    run: { profile: 's3' },
  },
  {
    name: 'aws-chunked-stored-raw',
    description: 'an aws-chunked body is stored as it came, chunk framing and trailer included',
    family: FAMILY,
    catches: [awsChunked.id, awsChunkedTrailerWrong.id],
    behaviour: { decodeAwsChunked: false },
  },
  {
    name: 'trailer-checksum-ignored',
    description: 'the trailing x-amz-checksum-* of an aws-chunked body is not compared with the payload',
    family: FAMILY,
    catches: [awsChunkedTrailerWrong.id],
    behaviour: { checkChecksumTrailer: false },
    run: { profile: 's3' },
  },
] as const satisfies readonly MutantDef[];
