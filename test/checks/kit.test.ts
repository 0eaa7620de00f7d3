import { describe, expect, test } from 'vitest';
import { bodyBytes } from '../../src/body/part-body.ts';
import { expectedMd5, readBackProblem } from '../../src/checks/kit/bytes.ts';
import { defineCheck, withExchanges } from '../../src/checks/kit/define.ts';
import { describeExchange } from '../../src/checks/kit/describe.ts';
import { partEtagProblem, s3MultipartEtag, unquote } from '../../src/checks/kit/etag.ts';
import { status204 } from '../../src/checks/families/abort.ts';
import { internalErrorOf, judgeSecondTry, matchVariant } from '../../src/checks/kit/response.ts';
import type { Exchange } from '../../src/client/exchange.ts';
import { COS_PROFILE } from '../../src/profiles/index.ts';
import { transportOutcome } from '../../src/checks/kit/transport.ts';
import { accepted, doc, rejected } from '../../src/profiles/evidence.ts';
import { err, ex, got, ok } from './fixtures.ts';
import { createHash } from 'node:crypto';

describe('variants', () => {
  const variants = [accepted('200', [200], doc('x')), rejected('NoSuchUpload', doc('y'))];
  test('match by status and code; a 2xx with an Error body is no success', () => {
    expect(matchVariant(ok(), variants)?.name).toBe('200');
    expect(matchVariant(err('NoSuchUpload'), variants)?.name).toBe('NoSuchUpload');
    expect(matchVariant(err('NoSuchKey'), variants)).toBeUndefined();
    expect(matchVariant(ex({ status: 200, error: { code: 'InternalError' } }), variants)).toBeUndefined();
    expect(matchVariant(ok(204), variants)).toBeUndefined();
  });
});

describe('transport outcomes', () => {
  test('timeouts and resets are indeterminate, refusals are errors', () => {
    expect(transportOutcome(ex({ transport: 'HEADERS_TIMEOUT' }))).toBe('indeterminate');
    expect(transportOutcome(ex({ transport: 'ECONNRESET' }))).toBe('indeterminate');
    expect(transportOutcome(ex({ transport: 'ECONNREFUSED' }))).toBe('error');
    expect(transportOutcome(undefined)).toBe('error');
    expect(transportOutcome(ok())).toBeUndefined();
  });
});

describe('etags', () => {
  test('S3 formula: MD5 of the binary part MD5s, -N (s3-tests known answer for 3 x 5 MiB of A, B, C)', () => {
    const md5s = ['A', 'B', 'C'].map((ch) =>
      createHash('md5')
        .update(Buffer.alloc(5 * 1024 * 1024, ch))
        .digest('hex'),
    );
    expect(s3MultipartEtag(md5s)).toBe('"b2add96cc9702bbf4efb0ccdfc6b7747-3"');
  });
  test('part ETag problems are named', () => {
    const m = '5d41402abc4b2a76b9719d911017c592';
    expect(partEtagProblem(`"${m}"`, m)).toBeUndefined();
    expect(partEtagProblem(m, m)).toMatch(/not quoted/);
    expect(partEtagProblem(`"${m.toUpperCase()}"`, m)).toMatch(/upper-case/);
    expect(partEtagProblem(undefined, m)).toMatch(/no ETag/);
    expect(partEtagProblem(`"${'0'.repeat(32)}"`, m)).toMatch(/not of the bytes/);
    expect(unquote('"x"')).toBe('x');
  });
});

describe('read-back comparison', () => {
  const A = { seed: 3, size: 1000, stamp: { upload: 4, part: 1 } };
  const B = { seed: 3, size: 500, stamp: { upload: 4, part: 2 } };
  const bytes = Buffer.concat([bodyBytes(A), bodyBytes(B)]);
  test('exact bytes pass, by bytes or by digest', () => {
    expect(
      readBackProblem([A, B], { exchange: got(bytes), offset: 0, length: 1500, actual: bytes }),
    ).toBeUndefined();
    expect(readBackProblem([A, B], { exchange: got(bytes), offset: 0, length: 1500 })).toBeUndefined();
    expect(expectedMd5([A, B], 0, 1500)).toBe(createHash('md5').update(bytes).digest('hex'));
  });
  test('a misplaced part is located by its stamps', () => {
    const swapped = Buffer.concat([bodyBytes(B), bodyBytes(A)]);
    expect(
      readBackProblem([A, B], { exchange: got(swapped), offset: 0, length: 1500, actual: swapped }),
    ).toMatch(/byte 0: expected upload 4 part 1.*found upload 4 part 2/);
  });
  test('short, failed and missing reads are problems', () => {
    expect(
      readBackProblem([A, B], { exchange: got(bytes.subarray(0, 10)), offset: 0, length: 1500 }),
    ).toMatch(/10 bytes/);
    expect(readBackProblem([A, B], { exchange: err('NoSuchKey'), offset: 0, length: 1500 })).toMatch(/404/);
    expect(readBackProblem([A, B], { exchange: undefined, offset: 0, length: 1500 })).toMatch(/no answer/);
  });
});

describe('describeExchange', () => {
  test('shortens long query values', () => {
    const e = ex({
      query: { partNumber: '1', uploadId: 'x'.repeat(74) },
      status: 404,
      error: { code: 'NoSuchUpload' },
    });
    expect(describeExchange(e)).toBe('PUT /b/k?partNumber=1&uploadId=xxxxxxxxxxxxxxx… → 404 NoSuchUpload');
  });
});

describe('observations', () => {
  // A real observation id (the profile has an expectation for it) with judges that say what is tested.
  const def = {
    id: 'complete.complete.duplicate-part-numbers' as const,
    title: 't',
    family: 'complete' as const,
    severity: 'should' as const,
    specRef: 'spec §2.5',
    tags: [],
  };
  const env = { profile: COS_PROFILE, seed: 1 };
  const observation = { ...def, observation: true };

  test('a fail of an observation (another variant chosen) becomes a recorded pass', () => {
    const r = defineCheck(observation, (_i: null, kit) => kit.fail('chose B', { variantSeen: 'B' })).judge(
      null,
      env,
    );
    expect(r.outcome).toBe('pass');
    expect(r.message).toBe('observed: chose B');
    expect(r.variantSeen).toBe('B');
  });

  test('a violation stays a fail in an observation, also when its evidence was replaced', () => {
    const plain = defineCheck(observation, (_i: null, kit) => kit.violation('a 200 that stored nothing'));
    const r = plain.judge(null, env);
    expect(r.outcome).toBe('fail');
    expect(r.message).toBe('a 200 that stored nothing');
    const rewrapped = defineCheck(observation, (_i: null, kit) =>
      withExchanges(kit.violation('stored the wrong bytes'), [ok()]),
    ).judge(null, env);
    expect(rewrapped.outcome).toBe('fail');
    expect(rewrapped.exchanges).toHaveLength(1);
  });

  test('the violation mark is not part of the result', () => {
    const r = defineCheck(observation, (_i: null, kit) => kit.violation('x')).judge(null, env);
    expect(Object.getOwnPropertySymbols(r)).toEqual([]);
    expect(JSON.parse(JSON.stringify(r))).toEqual({ ...r });
  });

  test('outside observations fail and violation are both fails', () => {
    for (const verdict of ['fail', 'violation'] as const) {
      const r = defineCheck(def, (_i: null, kit) => kit[verdict]('wrong')).judge(null, env);
      expect(r.outcome, verdict).toBe('fail');
      expect(r.message).toBe('wrong');
    }
  });
});

describe('a 500 on valid input, tried twice', () => {
  const env = { profile: COS_PROFILE, seed: 1 };
  const abort = (status: number, code: string) =>
    ex({ op: 'abortMultipartUpload', method: 'DELETE', status, error: { code } });
  const judged = (e: Exchange) => status204.judge({ abort: e }, env);

  test('a 500 again on the second try is a fail: "the endpoint errors on valid input", both exchanges', () => {
    const first = judged(abort(500, 'InternalError'));
    expect(first.outcome).toBe('indeterminate');
    expect(internalErrorOf(first)).toBeDefined();
    const again = abort(500, 'InternalError');
    const r = judgeSecondTry(first, judged(again));
    expect(r.outcome).toBe('fail');
    expect(r.message).toMatch(/^the endpoint errors on valid input: abortMultipartUpload answered 500/);
    expect(r.exchanges.map((e) => e.seq)).toEqual([first.exchanges[0]!.seq, again.seq]);
  });

  test('a 500 that does not repeat stays as it was (indeterminate), and says so', () => {
    const first = judged(abort(500, 'InternalError'));
    const r = judgeSecondTry(first, judged(ok(204)));
    expect(r.outcome).toBe('indeterminate');
    expect(r.message).toContain('did not repeat on a second try');
    expect(r.exchanges).toEqual(first.exchanges);
  });

  test('a 503 SlowDown is never tried again; a 500 on another operation, or the same exchange, is no repeat', () => {
    expect(internalErrorOf(judged(abort(503, 'SlowDown')))).toBeUndefined();
    const first = judged(abort(500, 'InternalError'));
    const other = ex({ op: 'listParts', method: 'GET', status: 500, error: { code: 'InternalError' } });
    const elsewhere = { ...first, exchanges: [other] };
    expect(judgeSecondTry(first, elsewhere).outcome).toBe('indeterminate');
    // A shared scenario that was not run again hands back the first exchange: not a second try.
    expect(judgeSecondTry(first, first).outcome).toBe('indeterminate');
  });

  test('a second try that fails on its own is that fail; a pass or fail first is left alone', () => {
    const first = judged(abort(500, 'InternalError'));
    const wrong = judged(abort(200, ''));
    expect(wrong.outcome).toBe('fail');
    expect(judgeSecondTry(first, wrong)).toBe(wrong);
    const passed = judged(ok(204));
    expect(internalErrorOf(passed)).toBeUndefined();
    expect(judgeSecondTry(passed, judged(abort(500, 'InternalError')))).toBe(passed);
  });
});
