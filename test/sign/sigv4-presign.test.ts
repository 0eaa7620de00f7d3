import { describe, expect, it } from 'vitest';
import { decodeQueryPairs } from '../../src/sign/query.ts';
import { verifySigV4Presigned } from '../../src/sign/sigv4-presign-verify.ts';
import type { SigV4VerifyRequest } from '../../src/sign/sigv4-verify.ts';
import type { VerifyResult } from '../../src/sign/verify-result.ts';
import { presignV4 } from './presign-v4.ts';

/** The AWS documentation's presigned-URL example (S3 API reference, "Authenticating Requests: Using Query Parameters"). */
const DOC_KEY = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const DOC_QUERY: Array<[string, string]> = [
  ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
  ['X-Amz-Credential', 'AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request'],
  ['X-Amz-Date', '20130524T000000Z'],
  ['X-Amz-Expires', '86400'],
  ['X-Amz-SignedHeaders', 'host'],
  ['X-Amz-Signature', 'aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404'],
];
const lookup = (id: string) => (id === DOC_KEY.accessKeyId ? DOC_KEY.secretAccessKey : undefined);
const docRequest = (query = DOC_QUERY, rawPath = '/test.txt'): SigV4VerifyRequest => ({
  method: 'GET',
  rawPath,
  query,
  headers: { host: 'examplebucket.s3.amazonaws.com' },
});
const within = new Date('2013-05-24T12:00:00Z');

function expectCode(result: VerifyResult, code: string): void {
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.code).toBe(code);
    expect(result.reason).not.toContain(DOC_KEY.secretAccessKey);
  }
}

describe('SigV4 presigned URLs (verifySigV4Presigned)', () => {
  it('accepts the AWS documentation example within its day', async () => {
    const result = await verifySigV4Presigned(docRequest(), lookup, within);
    expect(result).toMatchObject({ ok: true, secretId: DOC_KEY.accessKeyId, transport: 'query' });
  });

  it('after X-Amz-Date + X-Amz-Expires: AccessDenied "Request has expired"', async () => {
    const result = await verifySigV4Presigned(docRequest(), lookup, new Date('2013-05-25T00:00:01Z'));
    expectCode(result, 'AccessDenied');
    if (!result.ok) expect(result.message).toBe('Request has expired');
  });

  it('a tampered path, parameter or signature is SignatureDoesNotMatch', async () => {
    expectCode(
      await verifySigV4Presigned(docRequest(DOC_QUERY, '/test2.txt'), lookup, within),
      'SignatureDoesNotMatch',
    );
    const extra: Array<[string, string]> = [...DOC_QUERY, ['partNumber', '2']];
    expectCode(await verifySigV4Presigned(docRequest(extra), lookup, within), 'SignatureDoesNotMatch');
    const sig = DOC_QUERY.map(([k, v]): [string, string] => [
      k,
      k === 'X-Amz-Signature' ? `${v.slice(0, 63)}0` : v,
    ]);
    expectCode(await verifySigV4Presigned(docRequest(sig), lookup, within), 'SignatureDoesNotMatch');
  });

  it('malformed or missing parameters are 400 AuthorizationQueryParametersError; an unknown key InvalidAccessKeyId', async () => {
    const set = (name: string, value: string | undefined) =>
      DOC_QUERY.flatMap(
        ([k, v]): Array<[string, string]> =>
          k !== name ? [[k, v]] : value === undefined ? [] : [[k, value]],
      );
    for (const q of [
      set('X-Amz-Expires', '604801'),
      set('X-Amz-Expires', '0'),
      set('X-Amz-Expires', undefined),
      set('X-Amz-Algorithm', 'AWS4-HMAC-SHA1'),
      set('X-Amz-Date', '2013-05-24'),
      set('X-Amz-Credential', 'AKIAIOSFODNN7EXAMPLE/20130525/us-east-1/s3/aws4_request'),
      set('X-Amz-SignedHeaders', 'range'),
    ]) {
      expectCode(
        await verifySigV4Presigned(docRequest(q), lookup, within),
        'AuthorizationQueryParametersError',
      );
    }
    const other = set('X-Amz-Credential', 'AKIDOTHER/20130524/us-east-1/s3/aws4_request');
    expectCode(await verifySigV4Presigned(docRequest(other), lookup, within), 'InvalidAccessKeyId');
  });

  it('verifies what smithy presign produced, with a session token and a signed header', async () => {
    const { url, headers } = await presignV4({
      method: 'PUT',
      url: new URL('http://127.0.0.1:9000/b/a%20key?partNumber=3&uploadId=u1'),
      headers: { 'content-md5': 'XUFAKrxLKna5cZ2REBfFkg==' },
      credentials: { ...DOC_KEY, sessionToken: 'token/with+chars=' },
      expiresIn: 60,
      signingDate: within,
    });
    const req: SigV4VerifyRequest = {
      method: 'PUT',
      rawPath: url.pathname,
      query: decodeQueryPairs(url.search),
      headers,
    };
    expect(await verifySigV4Presigned(req, lookup, within)).toMatchObject({
      ok: true,
      securityToken: 'token/with+chars=',
      signedHeaders: ['content-md5', 'host'],
    });
    const changedHeader = { ...req, headers: { ...req.headers, 'content-md5': '1B2M2Y8AsgTpgAmY7PhCfg==' } };
    expectCode(await verifySigV4Presigned(changedHeader, lookup, within), 'SignatureDoesNotMatch');
    expectCode(await verifySigV4Presigned(req, lookup, new Date(within.getTime() + 61_000)), 'AccessDenied');
  });
});
