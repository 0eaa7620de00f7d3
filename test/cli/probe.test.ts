import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { probeBucket, classifyProbe } from '../../src/cli/probe.ts';
import { ConnectivityError } from '../../src/cli/errors.ts';
import { CosClient } from '../../src/client/cos-client.ts';
import type { OpResult } from '../../src/client/exchange.ts';
import { LOCAL_SECRET_ID, LOCAL_SECRET_KEY } from '../../src/server/defaults.ts';
import type { RunningServer } from '../../src/server/options.ts';
import { startServer } from '../../src/server/start.ts';
import type { Target } from '../../src/target/types.ts';
import { fakeExchange } from '../report/fake-results.ts';

const ctx = {
  endpoint: 'http://127.0.0.1:1',
  bucket: 'b-1250000000',
  region: 'ap-guangzhou',
  addressing: 'virtual-host',
  credentialsSource: 'COS_SECRET_ID/COS_SECRET_KEY',
};

function answer(status: number | undefined, code?: string, transport?: string): OpResult<unknown> {
  return {
    exchange: fakeExchange(),
    headers: {},
    ...(status !== undefined ? { status } : {}),
    ...(code ? { error: { code } } : {}),
    ...(transport ? { transportError: { code: transport, message: 'x' } } : {}),
  };
}

describe('classifyProbe', () => {
  test('2xx is ok and 404 is a missing bucket', () => {
    expect(classifyProbe(answer(200), ctx)).toEqual({ kind: 'ok' });
    expect(classifyProbe(answer(404, 'NoSuchBucket'), ctx)).toEqual({ kind: 'missing-bucket' });
  });

  test.each([
    [
      answer(undefined, undefined, 'ECONNREFUSED'),
      'E_ENDPOINT_UNREACHABLE',
      /cannot reach http:\/\/127\.0\.0\.1:1: ECONNREFUSED/,
    ],
    [
      answer(403, 'SignatureDoesNotMatch'),
      'E_CREDENTIALS_REJECTED',
      /403 SignatureDoesNotMatch; check the key pair \(from COS_SECRET_ID/,
    ],
    [answer(403, 'PathStyleDomainForbidden'), 'E_CREDENTIALS_REJECTED', /drop --addressing path/],
    [answer(301, 'PermanentRedirect'), 'E_WRONG_REGION', /not in region ap-guangzhou/],
    [answer(503), 'E_UNEXPECTED_PROBE_RESPONSE', /answered 503/],
  ])('%#: refusals are connectivity errors with a hint', (result, code, message) => {
    const err = (() => {
      try {
        classifyProbe(result, ctx);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ConnectivityError);
    expect(err).toMatchObject({ code, exitCode: 2 });
    expect((err as Error).message).toMatch(message);
  });
});

describe('probeBucket against the reference server', () => {
  let server: RunningServer;
  let client: CosClient;
  beforeAll(async () => {
    server = await startServer({ buckets: [] });
    const target: Target = {
      endpoint: server.url,
      bucket: 'fresh-1250000000',
      region: 'ap-guangzhou',
      addressing: 'virtual-host',
      signer: 'cos',
      profile: 'cos',
      credentials: { secretId: LOCAL_SECRET_ID, secretKey: LOCAL_SECRET_KEY },
      timeouts: { connectMs: 5000, headersMs: 5000, bodyMs: 5000 },
    };
    client = new CosClient(target);
  });
  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  test('a missing bucket is an error unless --create-bucket, which creates it once', async () => {
    const c = { ...ctx, endpoint: server.url, bucket: 'fresh-1250000000' };
    await expect(probeBucket(client, c, false)).rejects.toMatchObject({ code: 'E_BUCKET_NOT_FOUND' });
    expect(await probeBucket(client, c, true)).toEqual({ created: true });
    expect(await probeBucket(client, c, true)).toEqual({ created: false });
  });
});
