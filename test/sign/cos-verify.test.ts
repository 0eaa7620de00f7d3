import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cosCanonicalName,
  cosHttpString,
  cosSignatureOf,
  cosSignKey,
  cosStringToSign,
} from '../../src/sign/cos-algorithm.ts';
import { cosAuthorizationQueryPairs } from '../../src/sign/cos-authorization.ts';
import { type CosSignature, type CosSignInput, cosSign, queryPairs } from '../../src/sign/cos-sign.ts';
import { signAllHeaders } from '../../src/sign/cos-sign-headers.ts';
import { type CosVerifyRequest, verifyCos } from '../../src/sign/cos-verify.ts';
import { digestsEqual, signaturesEqual } from '../../src/sign/timing-safe.ts';
import type { VerifyFailureCode, VerifyResult } from '../../src/sign/verify-result.ts';
import { headersArb, keyTimeArb, methodArb, objectKeyArb, queryRecordArb } from './arbitraries.ts';

type GetAuthorization = (opts: Record<string, unknown>) => string;
const COS = createRequire(import.meta.url)('cos-nodejs-sdk-v5') as { getAuthorization: GetAuthorization };

const SECRET_ID = 'AKIDVERIFYTEST000000000000000000000';
const SECRET_KEY = 'verifyTestSecretKey00000000000000';
const lookup = (id: string) => (id === SECRET_ID ? SECRET_KEY : undefined);
const NOW = 1_700_000_100;

const base: CosSignInput = {
  secretId: SECRET_ID,
  secretKey: SECRET_KEY,
  method: 'PUT',
  pathname: '/dir/obj 1.bin',
  query: { partNumber: '1', uploadId: 'abc' },
  headers: { Host: 'examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com', 'Content-Length': '5' },
  keyTime: '1700000000;1700000900',
};

/** The request as a server would see it after sending `input` signed as `sig` in the Authorization header. */
function wireOf(input: CosSignInput, sig: CosSignature): CosVerifyRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...input.headers, ...sig.extraHeaders }))
    headers[k.toLowerCase()] = v;
  headers.authorization = sig.authorization;
  return {
    method: input.method.toUpperCase(),
    pathname: input.pathname.startsWith('/') ? input.pathname : `/${input.pathname}`,
    query: queryPairs(input.query),
    headers,
  };
}

/**
 * Reorders query pairs by descending canonical name. Values of one name keep their order: a client sends them in
 * the order it signed them (or sorted, Go), and a verifier cannot know any other order.
 */
function reverseNames(query: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  return [...query]
    .map(([k, v]): [string, string] => [k, v])
    .sort(([a], [b]) => {
      const ca = cosCanonicalName(a);
      const cb = cosCanonicalName(b);
      return ca === cb ? 0 : ca < cb ? 1 : -1;
    });
}

/** Asserts a failure with `code` whose reason leaks neither the secret key nor the genuine signature. */
function expectFailure(
  result: VerifyResult,
  code: VerifyFailureCode,
  genuine: CosSignature,
  reason?: RegExp,
) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.code).toBe(code);
  expect(result.reason).not.toContain(SECRET_KEY);
  expect(result.reason).not.toContain(genuine.signature);
  expect(result.reason).not.toContain(genuine.signKey);
  if (reason) expect(result.reason).toMatch(reason);
}

describe('verifyCos accepts genuine signatures', () => {
  it('accepts what cosSign produced, whatever the wire order and unsigned extras (property)', () => {
    fc.assert(
      fc.property(
        methodArb,
        objectKeyArb,
        queryRecordArb,
        headersArb,
        keyTimeArb,
        fc.boolean(),
        fc.boolean(),
        (method, key, query, headers, keyTime, signAll, reverse) => {
          const input: CosSignInput = {
            secretId: SECRET_ID,
            secretKey: SECRET_KEY,
            method,
            pathname: key,
            query,
            headers,
            keyTime,
            ...(signAll ? { signHeader: signAllHeaders } : {}),
          };
          const sig = cosSign(input);
          const wire = wireOf(input, sig);
          const shuffled: CosVerifyRequest = {
            ...wire,
            query: [...(reverse ? reverseNames(wire.query) : wire.query), ['unsigned-extra', 'x']],
            headers: { ...wire.headers, 'x-unsigned-extra': 'y' },
          };
          const start = Number(keyTime.split(';')[0]);
          const result = verifyCos(shuffled, lookup, start);
          expect(result).toMatchObject({ ok: true, secretId: SECRET_ID, scheme: 'cos', transport: 'header' });
          if (result.ok) {
            expect(result.signedHeaders.join(';')).toBe(sig.headerList);
            expect(result.signedParams?.join(';')).toBe(
              [...new Set(sig.urlParamList.split(';'))].filter(Boolean).join(';'),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('accepts what cos-nodejs-sdk-v5 COS.getAuthorization produced, including its ordering quirk (property)', () => {
    fc.assert(
      fc.property(
        methodArb,
        objectKeyArb,
        queryRecordArb,
        headersArb,
        keyTimeArb,
        (method, key, query, headers, keyTime) => {
          const authorization = COS.getAuthorization({
            SecretId: SECRET_ID,
            SecretKey: SECRET_KEY,
            Method: method,
            Key: key,
            Query: query,
            Headers: headers,
            KeyTime: keyTime,
          });
          const wireHeaders: Record<string, string> = { authorization };
          for (const [k, v] of Object.entries(headers)) wireHeaders[k.toLowerCase()] = v;
          const result = verifyCos(
            {
              method: method.toUpperCase(),
              pathname: key.startsWith('/') ? key : `/${key}`,
              query: queryPairs(query),
              headers: wireHeaders,
            },
            lookup,
            Number(keyTime.split(';')[1]),
          );
          expect(result.ok).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('accepts a query-string signature (spec §6.1 Transport) with an unsigned security token', () => {
    const sig = cosSign({ ...base, securityToken: 'temporary-token' });
    const wire = wireOf(base, sig);
    const { authorization: _dropped, ...headers } = wire.headers;
    const result = verifyCos(
      {
        ...wire,
        headers,
        query: [
          ...cosAuthorizationQueryPairs(sig.fields),
          ...wire.query,
          ['x-cos-security-token', 'temporary-token'],
        ],
      },
      lookup,
      NOW,
    );
    expect(result).toMatchObject({ ok: true, transport: 'query', securityToken: 'temporary-token' });
  });

  it('accepts x-cos-security-token whether or not it is signed (spec §6.6)', () => {
    const unsigned = cosSign({ ...base, securityToken: 'tok' });
    expect(verifyCos(wireOf(base, unsigned), lookup, NOW)).toMatchObject({ ok: true, securityToken: 'tok' });
    const signed = cosSign({ ...base, securityToken: 'tok', signSecurityToken: true });
    expect(verifyCos(wireOf(base, signed), lookup, NOW)).toMatchObject({ ok: true, securityToken: 'tok' });
    // Once signed, the token is covered: changing it breaks the signature.
    const wire = wireOf(base, signed);
    expectFailure(
      verifyCos({ ...wire, headers: { ...wire.headers, 'x-cos-security-token': 'other' } }, lookup, NOW),
      'SignatureDoesNotMatch',
      signed,
    );
  });

  it('accepts the q-signature in upper-case hex digits', () => {
    const sig = cosSign(base);
    const wire = wireOf(base, sig);
    const upper = sig.authorization.replace(sig.signature, sig.signature.toUpperCase());
    expect(upper).not.toBe(sig.authorization);
    expect(verifyCos({ ...wire, headers: { ...wire.headers, authorization: upper } }, lookup, NOW).ok).toBe(
      true,
    );
  });

  it('compares list names case-insensitively (old doc examples: partNumber;uploadId)', () => {
    const sig = cosSign(base);
    const wire = wireOf(base, sig);
    const mixed = sig.authorization
      .replace('q-url-param-list=partnumber;uploadid', 'q-url-param-list=partNumber;uploadId')
      .replace('q-header-list=content-length;host', 'q-header-list=Content-Length;Host');
    expect(mixed).not.toBe(sig.authorization);
    expect(verifyCos({ ...wire, headers: { ...wire.headers, authorization: mixed } }, lookup, NOW).ok).toBe(
      true,
    );
  });

  it('accepts repeated parameters signed Go-style (values sorted, name listed per value)', () => {
    const input: CosSignInput = {
      ...base,
      query: [
        ['tag', 'a'],
        ['tag', 'b'],
      ],
    };
    const sig = cosSign(input);
    expect(sig.urlParamList).toBe('tag;tag');
    const wire = wireOf(input, sig);
    expect(
      verifyCos(
        {
          ...wire,
          query: [
            ['tag', 'b'],
            ['tag', 'a'],
          ],
        },
        lookup,
        NOW,
      ).ok,
    ).toBe(true);
    expectFailure(
      verifyCos(
        {
          ...wire,
          query: [
            ['tag', 'b'],
            ['tag', 'c'],
          ],
        },
        lookup,
        NOW,
      ),
      'SignatureDoesNotMatch',
      sig,
    );
  });

  it('accepts q-key-time ≠ q-sign-time with either in the StringToSign (Node uses sign time, Go key time)', () => {
    const signTime = '1700000050;1700000200';
    const keyTime = '1700000000;1700003600';
    const httpString = cosHttpString('put', '/k', '', 'host=h');
    const signKey = cosSignKey(SECRET_KEY, keyTime);
    for (const timeInStringToSign of [signTime, keyTime]) {
      const signature = cosSignatureOf(signKey, cosStringToSign(timeInStringToSign, httpString));
      const authorization = `q-sign-algorithm=sha1&q-ak=${SECRET_ID}&q-sign-time=${signTime}&q-key-time=${keyTime}&q-header-list=host&q-url-param-list=&q-signature=${signature}`;
      const req = { method: 'PUT', pathname: '/k', query: [], headers: { host: 'h', authorization } };
      expect(verifyCos(req, lookup, NOW).ok).toBe(true);
      // The window is q-sign-time's, not q-key-time's.
      expect(verifyCos(req, lookup, 1700000300)).toMatchObject({ ok: false, code: 'RequestTimeTooSkewed' });
    }
  });
});

describe('verifyCos rejects', () => {
  const sig = cosSign(base);
  const wire = wireOf(base, sig);
  const withAuth = (authorization: string) => ({ ...wire, headers: { ...wire.headers, authorization } });

  it('a flipped signature byte', () => {
    const last = sig.signature.at(-1) === '0' ? '1' : '0';
    const flipped = sig.authorization.slice(0, -1) + last;
    expectFailure(verifyCos(withAuth(flipped), lookup, NOW), 'SignatureDoesNotMatch', sig);
  });

  it('a signature made with another secret', () => {
    const other = cosSign({ ...base, secretKey: 'someOtherSecretKey000000000000000' });
    expectFailure(verifyCos(wireOf(base, other), lookup, NOW), 'SignatureDoesNotMatch', sig);
  });

  it('an unknown SecretId', () => {
    const other = cosSign({ ...base, secretId: 'AKIDUNKNOWN' });
    expectFailure(verifyCos(wireOf(base, other), lookup, NOW), 'InvalidAccessKeyId', sig, /AKIDUNKNOWN/);
  });

  it('an expired or not-yet-valid window, and honours clockSkewSec', () => {
    expectFailure(verifyCos(wire, lookup, 1700000901), 'RequestTimeTooSkewed', sig, /expired/);
    expectFailure(verifyCos(wire, lookup, 1699999999), 'RequestTimeTooSkewed', sig, /not yet valid/);
    expect(verifyCos(wire, lookup, 1700000900).ok).toBe(true);
    expect(verifyCos(wire, lookup, 1700000000).ok).toBe(true);
    expect(verifyCos(wire, lookup, 1699999990, { clockSkewSec: 10 }).ok).toBe(true);
  });

  it('a listed header missing from the request', () => {
    const { 'content-length': _gone, ...headers } = wire.headers;
    expectFailure(
      verifyCos({ ...wire, headers }, lookup, NOW),
      'SignatureDoesNotMatch',
      sig,
      /content-length/,
    );
  });

  it('a listed parameter missing from the request', () => {
    const query = wire.query.filter(([k]) => k !== 'uploadId');
    expectFailure(verifyCos({ ...wire, query }, lookup, NOW), 'SignatureDoesNotMatch', sig, /uploadid/);
  });

  it('a tampered header, parameter, path or method', () => {
    const cases: CosVerifyRequest[] = [
      { ...wire, headers: { ...wire.headers, 'content-length': '6' } },
      { ...wire, query: wire.query.map(([k, v]) => (k === 'partNumber' ? [k, '2'] : [k, v])) },
      { ...wire, pathname: '/dir/obj 2.bin' },
      { ...wire, pathname: '/dir/obj%201.bin' },
      { ...wire, method: 'POST' },
    ];
    for (const req of cases) expectFailure(verifyCos(req, lookup, NOW), 'SignatureDoesNotMatch', sig);
  });

  it('anonymous, malformed or non-sha1 signatures with AccessDenied', () => {
    const { authorization: _a, ...anonymous } = wire.headers;
    expectFailure(verifyCos({ ...wire, headers: anonymous }, lookup, NOW), 'AccessDenied', sig, /anonymous/);
    expectFailure(verifyCos(withAuth('q-sign-algorithm=sha1&q-ak=x'), lookup, NOW), 'AccessDenied', sig);
    expectFailure(
      verifyCos(withAuth(sig.authorization.replace('=sha1&', '=md5&')), lookup, NOW),
      'AccessDenied',
      sig,
    );
    expectFailure(
      verifyCos(withAuth(sig.authorization.replace(/q-sign-time=[^&]*/, 'q-sign-time=soon')), lookup, NOW),
      'AccessDenied',
      sig,
    );
    expectFailure(verifyCos(withAuth(`${sig.authorization}0`), lookup, NOW), 'AccessDenied', sig);
    expectFailure(
      verifyCos({ ...wire, headers: anonymous, query: [['q-ak', SECRET_ID]] }, lookup, NOW),
      'AccessDenied',
      sig,
    );
  });

  it('never puts the secret key or the expected signature in a reason (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.nat({ max: 2_000_000_000 }), (noise, now) => {
        const tampered = withAuth(
          sig.authorization.replace(/q-signature=.*/, `q-signature=${'a'.repeat(40)}`),
        );
        for (const req of [tampered, { ...tampered, pathname: `/${noise}` }, withAuth(noise)]) {
          const result = verifyCos(req, lookup, now);
          if (!result.ok) {
            expect(result.reason).not.toContain(SECRET_KEY);
            expect(result.reason).not.toContain(sig.signature);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('signaturesEqual', () => {
  it('matches equal hex case-insensitively and nothing else', () => {
    expect(signaturesEqual('abcdef', 'ABCDEF')).toBe(true);
    expect(signaturesEqual('abcdef', 'abcdee')).toBe(false);
    expect(signaturesEqual('abcdef', 'abcdef0')).toBe(false);
    expect(signaturesEqual('', '')).toBe(true);
  });
});

describe('digestsEqual', () => {
  it('matches equal bytes and nothing else', () => {
    expect(digestsEqual(Buffer.from('abcdef', 'hex'), Buffer.from('ABCDEF', 'hex'))).toBe(true);
    expect(digestsEqual(Buffer.from('abcdef', 'hex'), Buffer.from('abcdee', 'hex'))).toBe(false);
    expect(digestsEqual(Buffer.from('abcdef', 'hex'), Buffer.from('abcdef00', 'hex'))).toBe(false);
    expect(digestsEqual(Buffer.alloc(0), Buffer.alloc(0))).toBe(true);
  });
});
