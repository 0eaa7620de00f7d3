/**
 * Request headers of Upload Part (spec §1.2, §2.2, §2.2a). Each check has its own upload (small parts only):
 * x-cos-traffic-limit at both ends of its range (listed afterwards) and just outside it or not a number;
 * Expect: 100-continue on a valid part (raw path: undici will not send Expect); Content-Length malformed (headers
 * only) or shorter than the body (raw path, listed afterwards); a 0-byte last part with its Content-MD5,
 * completed; parts of binary bytes sent as text/plain and application/json (listed afterwards); a part breaking
 * its own x-cos-psize-max or x-cos-psize-min (observations, listed afterwards).
 */
import { describe } from 'vitest';
import { bodyBytes, digestOf } from '../src/body/part-body.ts';
import {
  bodyLongerThanContentLength,
  contentLengthNegative,
  contentLengthNotNumeric,
  contentTypeBytesKept,
  EMPTY_MD5,
  expectContinueAccepted,
  md5EmptyLastPart,
  PSIZE_PROBE,
  type PsizeAttempt,
  psizeMaxBelowSize,
  psizeMinAboveSize,
  type SentWithHeader,
  trafficLimitAboveMax,
  trafficLimitBelowMin,
  trafficLimitInRange,
  trafficLimitNotNumeric,
} from '../src/checks/families/request-headers.ts';
import { listedPart, type PartListing } from '../src/checks/kit/observations.ts';
import { LIMITS } from '../src/spec/limits.ts';
import {
  completeList,
  listing,
  nextUploadNo,
  partSpec,
  rawUploadPart,
  sendParts,
  startUpload,
} from './support/parts.ts';
import { assertFamilyCovered, checkTest, useSuite } from './support/suite.ts';

const suite = useSuite('request-headers');
/** Size of every part with a body: small, so that 819200 bit/s (100 KB/s) takes a fraction of a second. */
const PART = 3_000;
/** How long the Expect test holds the body waiting for 100 Continue before sending it anyway. */
const CONTINUE_WAIT_MS = 2_000;
/** How long a raw request may stay silent. */
const RAW_TIMEOUT_MS = 15_000;

/**
 * Parts sent each with its own header (`headers[i]` for part i+1), then a listing: the input of a stored-intact
 * check.
 */
async function sentWithHeaders(
  name: string,
  seed: number,
  cases: ReadonlyArray<{ label: string; headers: Record<string, string> }>,
): Promise<{ parts: SentWithHeader[]; listing: PartListing }> {
  const key = suite.key(name);
  const uploadId = await startUpload(suite, key);
  const uploadNo = nextUploadNo();
  const parts: SentWithHeader[] = [];
  for (const [index, c] of cases.entries()) {
    const partNumber = index + 1;
    const spec = partSpec(seed, uploadNo, partNumber, PART);
    const [sent] = await sendParts(suite, key, uploadId, [{ partNumber, spec }], {
      options: { headers: c.headers },
    });
    parts.push({
      label: c.label,
      partNumber,
      upload: sent.res.exchange,
      size: PART,
      md5Hex: sent.digest.md5Hex,
    });
  }
  return { parts, listing: await listing(suite, key, uploadId) };
}

/** One part of a fresh upload sent with `headers`: the answer is what the check judges. */
async function oneWithHeaders(name: string, seed: number, headers: Record<string, string>) {
  const key = suite.key(name);
  const uploadId = await startUpload(suite, key);
  const [sent] = await sendParts(
    suite,
    key,
    uploadId,
    [{ partNumber: 1, spec: partSpec(seed, nextUploadNo(), 1, PART) }],
    {
      options: { headers },
    },
  );
  return { upload: sent.res.exchange };
}

/** An Upload Part whose Content-Length line is `value` verbatim (unsigned), headers only. */
async function malformedLength(name: string, value: string) {
  const key = suite.key(name);
  const uploadId = await startUpload(suite, key);
  const answer = await rawUploadPart(suite, key, uploadId, 1, {
    declaredLength: null,
    rawHeaderLines: [`Content-Length: ${value}`],
    endAfterHeaders: true,
    timeoutMs: RAW_TIMEOUT_MS,
  });
  return { upload: answer.exchange };
}

/**
 * Lists the upload until part `partNumber` shows or `tries` listings were made: a server may answer the trailing
 * bytes at once and store the declared part a moment later, so one early listing could miss what it stored.
 */
async function settledListing(
  key: string,
  uploadId: string,
  partNumber: number,
  tries = 4,
): Promise<PartListing> {
  let seen = await listing(suite, key, uploadId);
  for (let i = 1; i < tries && !listedPart(seen, partNumber) && seen.parts; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    seen = await listing(suite, key, uploadId);
  }
  return seen;
}

/** One part of {@link PSIZE_PROBE}.size bytes with a psize header it breaks, then a listing. */
async function psizeAttempt(
  seed: number,
  header: 'x-cos-psize-max' | 'x-cos-psize-min',
  limit: number,
): Promise<PsizeAttempt> {
  const key = suite.key(header);
  const uploadId = await startUpload(suite, key);
  const spec = partSpec(seed, nextUploadNo(), 1, PSIZE_PROBE.size);
  const [sent] = await sendParts(suite, key, uploadId, [{ partNumber: 1, spec }], {
    options: { headers: { [header]: String(limit) } },
  });
  return {
    label: `${header}: ${limit} (a part of ${PSIZE_PROBE.size} bytes)`,
    upload: sent.res.exchange,
    partNumber: 1,
    size: PSIZE_PROBE.size,
    md5Hex: sent.digest.md5Hex,
    listing: await listing(suite, key, uploadId),
  };
}

describe('request-headers', () => {
  checkTest(suite, trafficLimitInRange, ({ seed }) =>
    sentWithHeaders('traffic-limit-in-range', seed, [
      {
        label: 'x-cos-traffic-limit: 819200',
        headers: { 'x-cos-traffic-limit': String(LIMITS.minTrafficLimit) },
      },
      {
        label: 'x-cos-traffic-limit: 838860800',
        headers: { 'x-cos-traffic-limit': String(LIMITS.maxTrafficLimit) },
      },
    ]),
  );
  checkTest(suite, trafficLimitBelowMin, ({ seed }) =>
    oneWithHeaders('traffic-limit-below', seed, {
      'x-cos-traffic-limit': String(LIMITS.minTrafficLimit - 1),
    }),
  );
  checkTest(suite, trafficLimitAboveMax, ({ seed }) =>
    oneWithHeaders('traffic-limit-above', seed, {
      'x-cos-traffic-limit': String(LIMITS.maxTrafficLimit + 1),
    }),
  );
  checkTest(suite, trafficLimitNotNumeric, ({ seed }) =>
    oneWithHeaders('traffic-limit-not-numeric', seed, { 'x-cos-traffic-limit': 'fast' }),
  );

  checkTest(suite, expectContinueAccepted, async ({ seed }) => {
    const key = suite.key('expect-continue');
    const uploadId = await startUpload(suite, key);
    const spec = partSpec(seed, nextUploadNo(), 1, PART);
    const answer = await rawUploadPart(suite, key, uploadId, 1, {
      body: bodyBytes(spec),
      expectContinue: true,
      continueWaitMs: CONTINUE_WAIT_MS,
      timeoutMs: RAW_TIMEOUT_MS,
    });
    return { upload: answer.exchange, md5Hex: (await digestOf(spec)).md5Hex, waitMs: CONTINUE_WAIT_MS };
  });

  checkTest(suite, contentLengthNotNumeric, () => malformedLength('content-length-abc', 'abc'));
  checkTest(suite, contentLengthNegative, () => malformedLength('content-length-negative', '-5'));

  checkTest(suite, bodyLongerThanContentLength, async ({ seed }) => {
    const key = suite.key('body-longer');
    const uploadId = await startUpload(suite, key);
    const uploadNo = nextUploadNo();
    const declaredSpec = partSpec(seed, uploadNo, 1, PART);
    const declared = bodyBytes(declaredSpec);
    const extra = bodyBytes(partSpec(seed, uploadNo, 1, 500, 1));
    const answer = await rawUploadPart(suite, key, uploadId, 1, {
      body: Buffer.concat([declared, extra]),
      declaredLength: declared.length,
      timeoutMs: RAW_TIMEOUT_MS,
    });
    return {
      upload: answer.exchange,
      partNumber: 1,
      declared: { size: declared.length, md5Hex: (await digestOf(declaredSpec)).md5Hex },
      sent: declared.length + extra.length,
      listing: await settledListing(key, uploadId, 1),
    };
  });

  checkTest(suite, md5EmptyLastPart, async ({ seed }) => {
    const key = suite.key('md5-empty');
    const uploadId = await startUpload(suite, key);
    const [sent] = await sendParts(
      suite,
      key,
      uploadId,
      [{ partNumber: 1, spec: partSpec(seed, nextUploadNo(), 1, 0) }],
      {
        options: { contentMd5: EMPTY_MD5.base64 },
      },
    );
    if (!sent.res.status || sent.res.status >= 300) return { upload: sent.res.exchange, complete: undefined };
    const complete = await suite.complete(key, uploadId, completeList([sent]));
    return { upload: sent.res.exchange, complete: complete.exchange };
  });

  checkTest(suite, contentTypeBytesKept, ({ seed }) =>
    sentWithHeaders('content-type', seed, [
      { label: 'Content-Type: text/plain', headers: { 'content-type': 'text/plain' } },
      { label: 'Content-Type: application/json', headers: { 'content-type': 'application/json' } },
    ]),
  );

  checkTest(suite, psizeMaxBelowSize, ({ seed }) => psizeAttempt(seed, 'x-cos-psize-max', PSIZE_PROBE.max));
  checkTest(suite, psizeMinAboveSize, ({ seed }) => psizeAttempt(seed, 'x-cos-psize-min', PSIZE_PROBE.min));

  assertFamilyCovered(suite);
});
