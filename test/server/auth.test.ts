import { createHash } from 'node:crypto';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { cosSign } from '../../src/sign/cos-sign.ts';
import { sigv4SignHeaders } from '../../src/sign/sigv4.ts';
import {
  call,
  type CallInput,
  errorCode,
  initiate,
  LOCAL,
  listPartsMap,
  uploadPart,
  VHOST,
} from './helpers.ts';

describe('signatures (spec §6)', () => {
  let server: RunningServer;
  let uploadId: string;
  const key = 'auth/obj';
  const lines: string[] = [];
  beforeAll(async () => {
    server = await startServer({ log: (line) => lines.push(line) });
    uploadId = await initiate(server, key);
  });
  afterAll(async () => {
    await server.close();
  });

  function partCall(overrides: Partial<CallInput>): CallInput {
    return {
      method: 'PUT',
      key,
      query: [
        ['partNumber', '1'],
        ['uploadId', uploadId],
      ],
      body: 'must not be stored',
      ...overrides,
    };
  }

  /** Expects a 403 with `code` and no part stored. */
  async function expectRefused(res: Awaited<ReturnType<typeof call>>, code: string) {
    expect(res.status).toBe(403);
    expect(errorCode(res)).toBe(code);
    expect(res.headers['x-cos-request-id']).toBeTruthy();
    expect(res.headers['x-cos-trace-id']).toBeTruthy();
    expect((await listPartsMap(server, key, uploadId)).size).toBe(0);
  }

  it('a wrong SecretKey is 403 SignatureDoesNotMatch', async () => {
    const res = await call(
      server,
      partCall({ credentials: { secretId: LOCAL.secretId, secretKey: 'wrong' } }),
    );
    await expectRefused(res, 'SignatureDoesNotMatch');
    expect(res.text).not.toContain('wrong');
  });

  it('an unknown SecretId is 403 InvalidAccessKeyId', async () => {
    const res = await call(
      server,
      partCall({ credentials: { secretId: 'AKIDunknown', secretKey: LOCAL.secretKey } }),
    );
    await expectRefused(res, 'InvalidAccessKeyId');
  });

  it('an expired signature is 403 RequestTimeTooSkewed', async () => {
    const now = Math.floor(Date.now() / 1000);
    const res = await call(server, partCall({ keyTime: `${now - 7200};${now - 3600}` }));
    await expectRefused(res, 'RequestTimeTooSkewed');
  });

  it('an anonymous request is 403 AccessDenied', async () => {
    await expectRefused(await call(server, partCall({ credentials: false })), 'AccessDenied');
    const list = await call(server, { method: 'GET', credentials: false });
    expect(list.status).toBe(403);
    expect(errorCode(list)).toBe('AccessDenied');
  });

  it('a signed query parameter changed after signing is 403 SignatureDoesNotMatch', async () => {
    const sig = cosSign({
      ...LOCAL,
      method: 'PUT',
      pathname: `/${key}`,
      query: [
        ['partNumber', '1'],
        ['uploadId', uploadId],
      ],
      headers: { host: VHOST },
    });
    const res = await request(`${server.url}/auth/obj?partNumber=2&uploadId=${uploadId}`, {
      method: 'PUT',
      headers: { host: VHOST, authorization: sig.authorization },
      body: 'tampered',
    });
    expect(res.statusCode).toBe(403);
    expect(await res.body.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect((await listPartsMap(server, key, uploadId)).size).toBe(0);
  });

  it('a tampered query-string signature is refused; an intact one is accepted', async () => {
    const ok = await call(server, {
      method: 'GET',
      key: 'auth',
      signInQuery: true,
      query: [['uploads', null]],
    });
    // Not an object GET: key 'auth' has no object, so the signature passed and the handler answered.
    expect(ok.status).toBe(404);
    expect(errorCode(ok)).toBe('NoSuchKey');
    const sig = cosSign({ ...LOCAL, method: 'GET', pathname: '/auth/obj', headers: { host: VHOST } });
    const params = new URLSearchParams(sig.authorization);
    params.set('q-signature', '0'.repeat(40));
    const res = await request(`${server.url}/auth/obj?${params.toString()}`, { headers: { host: VHOST } });
    expect(res.statusCode).toBe(403);
    expect(await res.body.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('an upload signed in the query string is stored', async () => {
    const res = await uploadPartViaQuery();
    expect(res.status).toBe(200);
    expect((await listPartsMap(server, key, uploadId)).get(1)?.size).toBe(5);
    // Clean up so that the other tests see no part.
    const fresh = await initiate(server, key);
    uploadId = fresh;
  });

  async function uploadPartViaQuery() {
    return call(server, {
      method: 'PUT',
      key,
      query: [
        ['partNumber', '1'],
        ['uploadId', uploadId],
      ],
      body: 'hello',
      signInQuery: true,
    });
  }

  it('SigV4: a valid signature with a matching payload hash is accepted, a wrong secret is refused', async () => {
    const body = Buffer.from('sigv4 body');
    const sha = createHash('sha256').update(body).digest('hex');
    const url = new URL(`${server.url}/examplebucket-1250000000/auth/v4?partNumber=1&uploadId=${uploadId}`);
    const signed = await sigv4SignHeaders({
      method: 'PUT',
      url,
      headers: { 'content-length': String(body.length) },
      region: 'ap-guangzhou',
      credentials: { accessKeyId: LOCAL.secretId, secretAccessKey: LOCAL.secretKey },
      payloadHash: sha,
    });
    // The upload belongs to another key: the signature passes and the upload lookup answers.
    const res = await request(url, { method: 'PUT', headers: signed, body });
    expect(res.statusCode).toBe(404);
    expect(await res.body.text()).toContain('<Code>NoSuchUpload</Code>');

    const v4Id = await initiate(server, 'auth/v4');
    const url2 = new URL(`${server.url}/examplebucket-1250000000/auth/v4?partNumber=1&uploadId=${v4Id}`);
    const good = await sigv4SignHeaders({
      method: 'PUT',
      url: url2,
      headers: {},
      region: 'ap-guangzhou',
      credentials: { accessKeyId: LOCAL.secretId, secretAccessKey: LOCAL.secretKey },
      payloadHash: sha,
    });
    const stored = await request(url2, { method: 'PUT', headers: good, body });
    expect(stored.statusCode).toBe(200);
    await stored.body.text();
    const badBody = await request(url2, { method: 'PUT', headers: good, body: 'other body' });
    expect(badBody.statusCode).toBe(400);
    expect(await badBody.body.text()).toContain('<Code>XAmzContentSHA256Mismatch</Code>');
    const wrong = await sigv4SignHeaders({
      method: 'PUT',
      url: url2,
      headers: {},
      region: 'ap-guangzhou',
      credentials: { accessKeyId: LOCAL.secretId, secretAccessKey: 'wrong' },
      payloadHash: sha,
    });
    const refused = await request(url2, { method: 'PUT', headers: wrong, body });
    expect(refused.statusCode).toBe(403);
    expect(await refused.body.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect((await listPartsMap(server, 'auth/v4', v4Id)).get(1)?.size).toBe(body.length);
  });

  it('never logs the secret key or a signature', async () => {
    await uploadPart(server, key, uploadId, 1, 'x');
    const joined = lines.join('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(joined).not.toContain(LOCAL.secretKey);
    expect(joined).not.toMatch(/q-signature|[0-9a-f]{40}/);
  });
});
