import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeQueryPairs } from '../../src/sign/query.ts';
import { s3UriEncodePath, sigv4SignHeaders, type SigV4SignInput } from '../../src/sign/sigv4.ts';
import {
  parseSigV4Authorization,
  type SigV4VerifyRequest,
  verifySigV4,
} from '../../src/sign/sigv4-verify.ts';
import { cosUrlEncode } from '../../src/sign/url-encode.ts';
import type { VerifyFailureCode, VerifyResult } from '../../src/sign/verify-result.ts';
import { objectKeyArb } from './arbitraries.ts';

/** The AWS documentation's example credentials and time (S3 API reference, sig-v4-header-based-auth examples). */
const AWS_DOC = {
  credentials: {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  },
  region: 'us-east-1',
  date: new Date('2013-05-24T00:00:00Z'),
};
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const ACCESS_KEY = 'AKIDSIGV4TEST000000000000000000000';
const SECRET = 'sigv4TestSecretKey000000000000000';
const lookup = (id: string) =>
  id === ACCESS_KEY
    ? SECRET
    : id === AWS_DOC.credentials.accessKeyId
      ? AWS_DOC.credentials.secretAccessKey
      : undefined;
const NOW = new Date('2026-03-01T12:00:00Z');

/** The request a server receives when `headers` are sent to `url`. */
function wireOf(method: string, url: URL, headers: Record<string, string>): SigV4VerifyRequest {
  return { method, rawPath: url.pathname, query: decodeQueryPairs(url.search), headers };
}

function expectFailure(result: VerifyResult, code: VerifyFailureCode, reason?: RegExp) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.code).toBe(code);
  expect(result.reason).not.toContain(SECRET);
  expect(result.reason).not.toContain(AWS_DOC.credentials.secretAccessKey);
  if (reason) expect(result.reason).toMatch(reason);
}

const signatureOf = (authorization: string | undefined) =>
  parseSigV4Authorization(authorization ?? '')?.signature;

describe('SigV4 signing matches the AWS documentation examples', () => {
  it('GET Object with Range (signature f0e8bdb8…)', async () => {
    const headers = await sigv4SignHeaders({
      ...AWS_DOC,
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
      headers: { Range: 'bytes=0-9' },
      payloadHash: EMPTY_SHA256,
    });
    expect(headers).toMatchObject({
      host: 'examplebucket.s3.amazonaws.com',
      range: 'bytes=0-9',
      'x-amz-date': '20130524T000000Z',
      'x-amz-content-sha256': EMPTY_SHA256,
    });
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, ' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('GET Bucket (list objects) with a query (signature 34b48302…)', async () => {
    const headers = await sigv4SignHeaders({
      ...AWS_DOC,
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J'),
      headers: {},
      payloadHash: EMPTY_SHA256,
    });
    expect(signatureOf(headers.authorization)).toBe(
      '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7',
    );
  });

  it('verifies the PUT Object example, which signs `date` and a `$` encoded in the path (98ad7217…)', async () => {
    const req: SigV4VerifyRequest = {
      method: 'PUT',
      rawPath: '/test%24file.text',
      query: [],
      headers: {
        host: 'examplebucket.s3.amazonaws.com',
        date: 'Fri, 24 May 2013 00:00:00 GMT',
        'x-amz-date': '20130524T000000Z',
        'x-amz-storage-class': 'REDUCED_REDUNDANCY',
        'x-amz-content-sha256': '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
          'SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,' +
          'Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd',
      },
    };
    const result = await verifySigV4(req, lookup, AWS_DOC.date);
    expect(result).toMatchObject({
      ok: true,
      scheme: 'sigv4',
      secretId: 'AKIAIOSFODNN7EXAMPLE',
      payloadHash: '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072',
      signedHeaders: ['date', 'host', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-storage-class'],
    });
    // The same request with the `$` sent literally is accepted through the S3 re-encoding of the path.
    expect((await verifySigV4({ ...req, rawPath: '/test$file.text' }, lookup, AWS_DOC.date)).ok).toBe(true);
    expectFailure(
      await verifySigV4(
        { ...req, headers: { ...req.headers, 'x-amz-storage-class': 'STANDARD' } },
        lookup,
        AWS_DOC.date,
      ),
      'SignatureDoesNotMatch',
    );
  });
});

describe('SigV4 sign → verify round trip', () => {
  const queryArb = fc.array(
    fc.tuple(
      fc.constantFrom('partNumber', 'uploadId', 'uploads', 'prefix', 'max-keys', 'a b', 'x+y', '腾'),
      fc.string({ unit: fc.constantFrom(...'az09 +%/=&?#~', '腾', '😀'), maxLength: 8 }),
    ),
    { maxLength: 4 },
  );

  it('verifies what it signed, for keys with spaces, unicode, +, %, //, ? and # (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        objectKeyArb.filter((k) => k.split('/').every((s) => s !== '.' && s !== '..')),
        queryArb,
        fc.constantFrom('GET', 'PUT', 'POST', 'DELETE'),
        fc.option(fc.constantFrom('session-token-1', 'tok/with+chars='), { nil: undefined }),
        async (key, query, method, sessionToken) => {
          const path = `/examplebucket/${s3UriEncodePath(key)}`;
          const search = query.map(([k, v]) => `${cosUrlEncode(k)}=${cosUrlEncode(v)}`).join('&');
          const url = new URL(`http://127.0.0.1:9000${path}${search ? `?${search}` : ''}`);
          expect(url.pathname).toBe(path);
          const headers = await sigv4SignHeaders({
            method,
            url,
            headers: { 'Content-Length': '5', 'Content-MD5': 'XUFAKrxLKna5cZ2REBfFkg==' },
            region: 'ap-guangzhou',
            credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET, sessionToken },
            date: NOW,
          });
          const result = await verifySigV4(wireOf(method, url, headers), lookup, NOW);
          expect(result).toMatchObject({ ok: true, secretId: ACCESS_KEY, payloadHash: 'UNSIGNED-PAYLOAD' });
          if (result.ok) expect(result.securityToken).toBe(sessionToken);
          if (sessionToken) expect(headers['x-amz-security-token']).toBe(sessionToken);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('signs the path as given, never normalizing `//` or double-encoding `%`', async () => {
    const url = new URL('http://127.0.0.1:9000/b//a%2520b+c!');
    const headers = await sigv4SignHeaders(signInput(url));
    expect((await verifySigV4(wireOf('PUT', url, headers), lookup, NOW)).ok).toBe(true);
    for (const other of ['/b/a%2520b+c!', '/b//a%20b+c!', '/b//a%252520b+c!']) {
      expectFailure(
        await verifySigV4({ ...wireOf('PUT', url, headers), rawPath: other }, lookup, NOW),
        'SignatureDoesNotMatch',
      );
    }
  });

  it('drops a `date` header (smithy signs x-amz-date instead)', async () => {
    const url = new URL('http://127.0.0.1:9000/b/k');
    const headers = await sigv4SignHeaders({
      ...signInput(url),
      headers: { Date: 'Sun, 01 Mar 2026 12:00:00 GMT' },
    });
    expect(headers.date).toBeUndefined();
    expect(parseSigV4Authorization(headers.authorization)?.signedHeaders).toEqual([
      'host',
      'x-amz-content-sha256',
      'x-amz-date',
    ]);
  });
});

function signInput(url: URL): SigV4SignInput {
  return {
    method: 'PUT',
    url,
    headers: { 'content-length': '5' },
    region: 'ap-guangzhou',
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET },
    payloadHash: EMPTY_SHA256,
    date: NOW,
  };
}

describe('verifySigV4 rejects', async () => {
  const url = new URL('http://127.0.0.1:9000/examplebucket/dir/obj%201.bin?partNumber=1&uploadId=abc');
  const headers = await sigv4SignHeaders(signInput(url));
  const wire = wireOf('PUT', url, headers);
  const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

  it('tampered headers, parameters, path, method or signature', async () => {
    const sig = signatureOf(headers.authorization)!;
    const flipped = headers.authorization.replace(sig, sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0'));
    const cases: SigV4VerifyRequest[] = [
      { ...wire, headers: { ...wire.headers, 'content-length': '6' } },
      { ...wire, headers: { ...wire.headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
      {
        ...wire,
        query: [
          ['partNumber', '2'],
          ['uploadId', 'abc'],
        ],
      },
      { ...wire, query: [['partNumber', '1']] },
      { ...wire, rawPath: '/examplebucket/dir/obj%202.bin' },
      { ...wire, method: 'POST' },
      { ...wire, headers: { ...wire.headers, authorization: flipped } },
    ];
    for (const req of cases) expectFailure(await verifySigV4(req, lookup, NOW), 'SignatureDoesNotMatch');
  });

  it('a signature made with another secret, and an unknown access key', async () => {
    const other = await sigv4SignHeaders({
      ...signInput(url),
      credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: 'anotherSecret' },
    });
    expectFailure(await verifySigV4(wireOf('PUT', url, other), lookup, NOW), 'SignatureDoesNotMatch');
    const unknown = await sigv4SignHeaders({
      ...signInput(url),
      credentials: { accessKeyId: 'AKIDNOBODY', secretAccessKey: SECRET },
    });
    expectFailure(
      await verifySigV4(wireOf('PUT', url, unknown), lookup, NOW),
      'InvalidAccessKeyId',
      /AKIDNOBODY/,
    );
  });

  it('a request time more than 15 minutes away (configurable)', async () => {
    expect((await verifySigV4(wire, lookup, minutes(15))).ok).toBe(true);
    expectFailure(await verifySigV4(wire, lookup, minutes(16)), 'RequestTimeTooSkewed', /expired/);
    expectFailure(await verifySigV4(wire, lookup, minutes(-16)), 'RequestTimeTooSkewed', /not yet valid/);
    expectFailure(await verifySigV4(wire, lookup, minutes(2), { maxSkewSec: 60 }), 'RequestTimeTooSkewed');
  });

  it('a signed header missing, a missing x-amz-date, a scope date that is not x-amz-date', async () => {
    const { 'content-length': _cl, ...noLength } = wire.headers as Record<string, string>;
    expectFailure(
      await verifySigV4({ ...wire, headers: noLength }, lookup, NOW),
      'SignatureDoesNotMatch',
      /content-length/,
    );
    const { 'x-amz-date': _d, ...noDate } = wire.headers as Record<string, string>;
    expectFailure(await verifySigV4({ ...wire, headers: noDate }, lookup, NOW), 'AccessDenied', /x-amz-date/);
    const moved = { ...wire.headers, 'x-amz-date': '20260302T120000Z' };
    expectFailure(await verifySigV4({ ...wire, headers: moved }, lookup, NOW), 'AccessDenied', /scope date/);
  });

  it('anonymous, presigned and malformed requests with AccessDenied', async () => {
    const { authorization: _a, ...anonymous } = wire.headers as Record<string, string>;
    expectFailure(
      await verifySigV4({ ...wire, headers: anonymous }, lookup, NOW),
      'AccessDenied',
      /anonymous/,
    );
    expectFailure(
      await verifySigV4({ ...wire, headers: anonymous, query: [['X-Amz-Signature', 'ab']] }, lookup, NOW),
      'AccessDenied',
      /presigned/,
    );
    for (const bad of [
      'AWS4-HMAC-SHA256 Credential=x',
      'q-sign-algorithm=sha1',
      'AWS4-HMAC-SHA256 Credential=a/20260301/r/s3/aws4_request, SignedHeaders=host, Signature=zz',
    ]) {
      expectFailure(
        await verifySigV4({ ...wire, headers: { ...wire.headers, authorization: bad } }, lookup, NOW),
        'AccessDenied',
      );
    }
  });
});

describe('parseSigV4Authorization', () => {
  it('reads the credential scope, signed headers and signature, with or without spaces', () => {
    const expected = {
      accessKeyId: 'AK',
      date: '20130524',
      region: 'us-east-1',
      service: 's3',
      signedHeaders: ['host', 'x-amz-date'],
      signature: 'ab12',
    };
    expect(
      parseSigV4Authorization(
        'AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=ab12',
      ),
    ).toEqual(expected);
    expect(
      parseSigV4Authorization(
        'AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-date,Signature=ab12',
      ),
    ).toEqual(expected);
    expect(
      parseSigV4Authorization(
        'AWS4-HMAC-SHA256 Credential=AK/2013/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=ab',
      ),
    ).toBeUndefined();
    expect(parseSigV4Authorization('AWS AK:sig')).toBeUndefined();
  });
});
