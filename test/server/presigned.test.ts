/**
 * Presigned URLs (COS query-string q-sign, spec §6.1 "Transport"; SigV4 query parameters, spec §6.5) and temporary
 * credentials (spec §6.6) against the reference server: GET, PUT and Upload Part through a URL alone; expired URLs
 * 403 AccessDenied "Request has expired"; tampered ones 403 SignatureDoesNotMatch; refusals store nothing; the token
 * is never logged nor echoed.
 */
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BUCKET } from '../../src/server/defaults.ts';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { cosAuthorizationQueryPairs } from '../../src/sign/cos-authorization.ts';
import { cosSign } from '../../src/sign/cos-sign.ts';
import { sigv4SignHeaders } from '../../src/sign/sigv4.ts';
import { cosUrlEncode } from '../../src/sign/url-encode.ts';
import { presignV4 } from '../sign/presign-v4.ts';
import { call, errorCode, initiate, LOCAL, listPartsMap, VHOST } from './helpers.ts';

const TEMP = {
  secretId: 'AKIDTEMPORARYKEY0001',
  secretKey: 'temporarySecretKey0001',
  securityToken: 'sts-token/abc+def==',
};
const V4_LOCAL = { accessKeyId: LOCAL.secretId, secretAccessKey: LOCAL.secretKey };

interface Sent {
  status: number;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

async function send(
  url: URL | string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Sent> {
  const res = await request(url, { method, headers, ...(body !== undefined ? { body } : {}) });
  return { status: res.statusCode, text: await res.body.text(), headers: res.headers };
}

const codeOf = (r: Sent) => /<Code>([^<]*)<\/Code>/.exec(r.text)?.[1];
const messageOf = (r: Sent) => /<Message>([^<]*)<\/Message>/.exec(r.text)?.[1];

/** A COS presigned URL (virtual-host Host header, sent to the server's port): q-* fields and the token in the query. */
function cosPresigned(
  server: RunningServer,
  method: string,
  key: string,
  query: Array<[string, string]>,
  opts: { keyTime?: string; creds?: { secretId: string; secretKey: string }; token?: string } = {},
): string {
  const sig = cosSign({
    ...(opts.creds ?? LOCAL),
    method,
    pathname: `/${key}`,
    query,
    headers: { host: VHOST },
    ...(opts.keyTime ? { keyTime: opts.keyTime } : {}),
  });
  const all = [...query, ...cosAuthorizationQueryPairs(sig.fields)];
  if (opts.token !== undefined) all.push(['x-cos-security-token', opts.token]);
  const qs = all.map(([k, v]) => `${cosUrlEncode(k)}=${cosUrlEncode(v)}`).join('&');
  return `${server.url}/${key.split('/').map(cosUrlEncode).join('/')}?${qs}`;
}

describe('presigned URLs and temporary credentials', () => {
  let server: RunningServer;
  const lines: string[] = [];
  beforeAll(async () => {
    server = await startServer({ temporaryCredentials: [TEMP], log: (l) => lines.push(l) });
  });
  afterAll(async () => {
    await server.close();
  });

  describe('COS query-string signature', () => {
    it('PUT, GET and Upload Part through presigned URLs', async () => {
      const put = await send(
        cosPresigned(server, 'PUT', 'pre/cos', []),
        'PUT',
        { host: VHOST },
        'presigned body',
      );
      expect(put.status).toBe(200);
      const get = await send(cosPresigned(server, 'GET', 'pre/cos', []), 'GET', { host: VHOST });
      expect(get.status).toBe(200);
      expect(get.text).toBe('presigned body');
      const id = await initiate(server, 'pre/cos-mp');
      const q: Array<[string, string]> = [
        ['partNumber', '2'],
        ['uploadId', id],
      ];
      const part = await send(
        cosPresigned(server, 'PUT', 'pre/cos-mp', q),
        'PUT',
        { host: VHOST },
        'part bytes',
      );
      expect(part.status).toBe(200);
      expect((await listPartsMap(server, 'pre/cos-mp', id)).get(2)?.size).toBe(10);
    });

    it('an expired URL is 403 AccessDenied "Request has expired" and stores nothing', async () => {
      const now = Math.floor(Date.now() / 1000);
      const url = cosPresigned(server, 'PUT', 'pre/cos-expired', [], { keyTime: `${now - 120};${now - 60}` });
      const res = await send(url, 'PUT', { host: VHOST }, 'never stored');
      expect(res.status).toBe(403);
      expect(codeOf(res)).toBe('AccessDenied');
      expect(messageOf(res)).toMatch(/^Request has expired/);
      expect(
        (await send(cosPresigned(server, 'GET', 'pre/cos-expired', []), 'GET', { host: VHOST })).status,
      ).toBe(404);
    });

    it('a URL used for another key, another part number or with another signature is 403 SignatureDoesNotMatch', async () => {
      const id = await initiate(server, 'pre/cos-tamper');
      const good = cosPresigned(server, 'PUT', 'pre/cos-tamper', [
        ['partNumber', '1'],
        ['uploadId', id],
      ]);
      const tampered = [
        good.replace('partNumber=1', 'partNumber=2'),
        good.replace('/pre/cos-tamper?', '/pre/cos-tamper2?'),
        good.replace(/q-signature=[0-9a-f]{40}/, `q-signature=${'1'.repeat(40)}`),
      ];
      for (const url of tampered) {
        const res = await send(url, 'PUT', { host: VHOST }, 'never stored');
        expect(res.status).toBe(403);
        expect(codeOf(res)).toBe('SignatureDoesNotMatch');
      }
      expect((await listPartsMap(server, 'pre/cos-tamper', id)).size).toBe(0);
    });
  });

  describe('SigV4 presigned URL', () => {
    const base = () => `${server.url}/${DEFAULT_BUCKET}`;

    it('PUT, GET and Upload Part through presigned URLs', async () => {
      const put = await presignV4({
        method: 'PUT',
        url: new URL(`${base()}/pre/v4`),
        credentials: V4_LOCAL,
        expiresIn: 300,
      });
      expect((await send(put.url, 'PUT', put.headers, 'v4 presigned')).status).toBe(200);
      const get = await presignV4({
        method: 'GET',
        url: new URL(`${base()}/pre/v4`),
        credentials: V4_LOCAL,
        expiresIn: 300,
      });
      const got = await send(get.url, 'GET', get.headers);
      expect(got.status).toBe(200);
      expect(got.text).toBe('v4 presigned');
      const id = await initiate(server, 'pre/v4-mp');
      const part = await presignV4({
        method: 'PUT',
        url: new URL(`${base()}/pre/v4-mp?partNumber=3&uploadId=${id}`),
        credentials: V4_LOCAL,
        expiresIn: 300,
      });
      expect((await send(part.url, 'PUT', part.headers, 'v4 part')).status).toBe(200);
      expect((await listPartsMap(server, 'pre/v4-mp', id)).get(3)?.size).toBe(7);
    });

    it('expired: 403 AccessDenied "Request has expired"; tampered: 403 SignatureDoesNotMatch; nothing stored', async () => {
      const id = await initiate(server, 'pre/v4-bad');
      const target = new URL(`${base()}/pre/v4-bad?partNumber=1&uploadId=${id}`);
      const old = await presignV4({
        method: 'PUT',
        url: target,
        credentials: V4_LOCAL,
        expiresIn: 60,
        signingDate: new Date(Date.now() - 120_000),
      });
      const expired = await send(old.url, 'PUT', old.headers, 'never');
      expect(expired.status).toBe(403);
      expect(codeOf(expired)).toBe('AccessDenied');
      expect(messageOf(expired)).toMatch(/^Request has expired/);
      const fresh = await presignV4({ method: 'PUT', url: target, credentials: V4_LOCAL, expiresIn: 60 });
      const other = new URL(fresh.url);
      other.searchParams.set('partNumber', '2');
      const tampered = await send(other, 'PUT', fresh.headers, 'never');
      expect(tampered.status).toBe(403);
      expect(codeOf(tampered)).toBe('SignatureDoesNotMatch');
      const wrongKey = await presignV4({
        method: 'PUT',
        url: target,
        credentials: { ...V4_LOCAL, secretAccessKey: 'not-the-key' },
        expiresIn: 60,
      });
      const refused = await send(wrongKey.url, 'PUT', wrongKey.headers, 'never');
      expect(codeOf(refused)).toBe('SignatureDoesNotMatch');
      expect((await listPartsMap(server, 'pre/v4-bad', id)).size).toBe(0);
    });

    it('X-Amz-Expires over a week is 400 AuthorizationQueryParametersError', async () => {
      const signed = await presignV4({
        method: 'GET',
        url: new URL(`${base()}/pre/v4`),
        credentials: V4_LOCAL,
        expiresIn: 60,
      });
      signed.url.searchParams.set('X-Amz-Expires', '604801');
      const res = await send(signed.url, 'GET', signed.headers);
      expect(res.status).toBe(400);
      expect(codeOf(res)).toBe('AuthorizationQueryParametersError');
    });
  });

  describe('temporary credentials', () => {
    const tempCos = { secretId: TEMP.secretId, secretKey: TEMP.secretKey };

    it('COS header signature: accepted with the token, 403 without it or with another', async () => {
      const ok = await call(server, {
        method: 'PUT',
        key: 'tmp/cos',
        credentials: tempCos,
        body: 'temp',
        unsignedHeaders: { 'x-cos-security-token': TEMP.securityToken },
      });
      expect(ok.status).toBe(200);
      const signedToken = await call(server, {
        method: 'GET',
        key: 'tmp/cos',
        credentials: tempCos,
        headers: { 'x-cos-security-token': TEMP.securityToken },
      });
      expect(signedToken.status).toBe(200);
      const missing = await call(server, {
        method: 'PUT',
        key: 'tmp/cos-missing',
        credentials: tempCos,
        body: 'x',
      });
      expect(missing.status).toBe(403);
      expect(errorCode(missing)).toBe('InvalidAccessKeyId');
      const wrong = await call(server, {
        method: 'PUT',
        key: 'tmp/cos-missing',
        credentials: tempCos,
        body: 'x',
        unsignedHeaders: { 'x-cos-security-token': 'sts-token/abc+deg==' },
      });
      expect(wrong.status).toBe(403);
      expect(errorCode(wrong)).toBe('AccessDenied');
      expect(wrong.text).not.toContain('sts-token');
      const permanent = await call(server, {
        method: 'PUT',
        key: 'tmp/cos-missing',
        body: 'x',
        unsignedHeaders: { 'x-cos-security-token': TEMP.securityToken },
      });
      expect(errorCode(permanent)).toBe('AccessDenied');
      expect((await call(server, { method: 'GET', key: 'tmp/cos-missing' })).status).toBe(404);
    });

    it('COS presigned URL: the token as a query parameter', async () => {
      const ok = await send(
        cosPresigned(server, 'GET', 'tmp/cos', [], { creds: tempCos, token: TEMP.securityToken }),
        'GET',
        {
          host: VHOST,
        },
      );
      expect(ok.status).toBe(200);
      expect(ok.text).toBe('temp');
      const wrong = await send(
        cosPresigned(server, 'GET', 'tmp/cos', [], { creds: tempCos, token: 'nope' }),
        'GET',
        {
          host: VHOST,
        },
      );
      expect(wrong.status).toBe(403);
      expect(codeOf(wrong)).toBe('AccessDenied');
      const none = await send(cosPresigned(server, 'GET', 'tmp/cos', [], { creds: tempCos }), 'GET', {
        host: VHOST,
      });
      expect(codeOf(none)).toBe('InvalidAccessKeyId');
    });

    it('SigV4: x-amz-security-token header and X-Amz-Security-Token query', async () => {
      const url = new URL(`${server.url}/${DEFAULT_BUCKET}/tmp/v4`);
      const creds = {
        accessKeyId: TEMP.secretId,
        secretAccessKey: TEMP.secretKey,
        sessionToken: TEMP.securityToken,
      };
      const headers = await sigv4SignHeaders({
        method: 'PUT',
        url,
        headers: {},
        region: 'ap-guangzhou',
        credentials: creds,
      });
      expect(headers['x-amz-security-token']).toBe(TEMP.securityToken);
      expect((await send(url, 'PUT', headers, 'v4 temp')).status).toBe(200);
      const wrongHeaders = await sigv4SignHeaders({
        method: 'PUT',
        url,
        headers: {},
        region: 'ap-guangzhou',
        credentials: { ...creds, sessionToken: 'other-token' },
      });
      expect(codeOf(await send(url, 'PUT', wrongHeaders, 'never'))).toBe('AccessDenied');
      const noToken = await sigv4SignHeaders({
        method: 'PUT',
        url,
        headers: {},
        region: 'ap-guangzhou',
        credentials: { accessKeyId: TEMP.secretId, secretAccessKey: TEMP.secretKey },
      });
      expect(codeOf(await send(url, 'PUT', noToken, 'never'))).toBe('InvalidAccessKeyId');
      const presigned = await presignV4({ method: 'GET', url, credentials: creds, expiresIn: 60 });
      const got = await send(presigned.url, 'GET', presigned.headers);
      expect(got.status).toBe(200);
      expect(got.text).toBe('v4 temp');
      const badPresigned = await presignV4({
        method: 'GET',
        url,
        credentials: { ...creds, sessionToken: 'x' },
        expiresIn: 60,
      });
      expect(codeOf(await send(badPresigned.url, 'GET', badPresigned.headers))).toBe('AccessDenied');
    });

    it('never logs the token, a signature or a secret key', () => {
      const joined = lines.join('\n');
      expect(lines.length).toBeGreaterThan(10);
      expect(joined).not.toContain(TEMP.securityToken);
      expect(joined).not.toContain('sts-token');
      expect(joined).not.toContain(TEMP.secretKey);
      expect(joined).not.toMatch(/q-signature|X-Amz-Signature|[0-9a-f]{40}/i);
    });
  });
});
