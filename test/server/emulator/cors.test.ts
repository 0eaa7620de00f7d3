/** CORS: preflight answered without a signature; Origin gets Allow-Origin and the exposed headers, errors too. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORS_EXPOSED_HEADERS } from '../../../src/server/http/cors.ts';
import { type RunningServer, startServer } from '../../../src/server/index.ts';
import { call, errorCode } from '../helpers.ts';

const ORIGIN = 'http://localhost:5173';

describe('CORS (permissive, for browser clients)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('a preflight is 200 without any signature and allows the method and headers asked for', async () => {
    const res = await call(server, {
      method: 'OPTIONS',
      key: 'photo.jpg',
      credentials: false,
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'authorization,content-type,x-cos-meta-a',
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.headers['access-control-allow-methods']).toContain('PUT');
    expect(res.headers['access-control-allow-headers']).toBe('authorization,content-type,x-cos-meta-a');
    expect(res.headers['x-cos-request-id']).toBeTruthy();
  });

  it('a preflight without Access-Control-Request-Method is 400; one for PATCH is 403', async () => {
    const bad = await call(server, {
      method: 'OPTIONS',
      key: 'k',
      credentials: false,
      headers: { origin: ORIGIN },
    });
    expect([bad.status, errorCode(bad)]).toEqual([400, 'InvalidRequest']);
    const patch = await call(server, {
      method: 'OPTIONS',
      key: 'k',
      credentials: false,
      headers: { origin: ORIGIN, 'access-control-request-method': 'PATCH' },
    });
    expect([patch.status, errorCode(patch)]).toEqual([403, 'AccessDenied']);
  });

  it('answers to a request with Origin expose ETag, the CRC-64 and the request id; errors carry them too', async () => {
    const put = await call(server, { method: 'PUT', key: 'k', body: 'x', headers: { origin: ORIGIN } });
    expect(put.status).toBe(200);
    expect(put.headers['access-control-allow-origin']).toBe(ORIGIN);
    const exposed = put.headers['access-control-expose-headers'].split(', ');
    for (const name of ['ETag', 'x-cos-hash-crc64ecma', 'x-cos-request-id']) expect(exposed).toContain(name);
    expect(exposed).toEqual([...CORS_EXPOSED_HEADERS]);
    const missing = await call(server, { method: 'GET', key: 'missing', headers: { origin: ORIGIN } });
    expect(missing.status).toBe(404);
    expect(missing.headers['access-control-allow-origin']).toBe(ORIGIN);
    const unsigned = await call(server, {
      method: 'GET',
      key: 'k',
      credentials: false,
      headers: { origin: ORIGIN },
    });
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers['access-control-allow-origin']).toBe(ORIGIN);
  });

  it('without Origin no CORS header is sent', async () => {
    const res = await call(server, { method: 'GET', key: 'k' });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
