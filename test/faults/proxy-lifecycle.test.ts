/**
 * The proxy as a component: request selection (first / every / n-th Upload Part), plan changes and healing,
 * keep-alive, teardown with faults in flight, non-HTTP input, an unreachable upstream, secrets in the log.
 */
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { everyOp, faultPlan, firstOp, nthOp, nthRequest } from '../../src/faults/plan.ts';
import { startFaultProxy, withFaultProxy } from '../../src/faults/proxy.ts';
import type { FaultPlan, FaultProxy } from '../../src/faults/types.ts';
import { refusedEndpoint } from '../refused-endpoint.ts';
import { call, testAgent } from './client.ts';
import { startUpstream, type Upstream } from './upstream-fixture.ts';

let up: Upstream;
let proxy: FaultProxy | undefined;

beforeAll(async () => {
  up = await startUpstream();
});
afterAll(async () => {
  await up.close();
});
beforeEach(() => {
  up.seen.length = 0;
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

/** Writes `data` on a raw socket (then half-closes if `end`) and collects everything until the proxy closes. */
function rawExchange(url: string, data: string, end = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(Number(new URL(url).port), '127.0.0.1', () => {
      s.write(data);
      if (end) s.end();
    });
    let got = '';
    s.on('data', (d) => {
      got += d.toString('latin1');
    });
    s.on('close', () => resolve(got));
    s.on('error', reject);
  });
}

async function withPlan(plan: FaultPlan): Promise<string> {
  proxy = await startFaultProxy({ upstream: up.url, plan });
  return proxy.url;
}

/** Statuses of four Upload Parts and one List Parts in between, in order. */
async function sequence(url: string): Promise<(number | undefined)[]> {
  const out: (number | undefined)[] = [];
  for (const n of [1, 2])
    out.push((await call(`${url}/k?partNumber=${n}&uploadId=u`, { method: 'PUT', body: 'x' })).status);
  out.push((await call(`${url}/k?uploadId=u`)).status);
  for (const n of [3, 4])
    out.push((await call(`${url}/k?partNumber=${n}&uploadId=u`, { method: 'PUT', body: 'x' })).status);
  return out;
}

describe('selecting requests', () => {
  it('the first Upload Part', async () => {
    expect(await sequence(await withPlan(faultPlan(firstOp('uploadPart', 'status-500-xml'))))).toEqual([
      500, 200, 200, 200, 200,
    ]);
  });

  it('every Upload Part', async () => {
    expect(await sequence(await withPlan(faultPlan(everyOp('uploadPart', 'status-500-xml'))))).toEqual([
      500, 500, 200, 500, 500,
    ]);
  });

  it('the 3rd Upload Part', async () => {
    expect(await sequence(await withPlan(faultPlan(nthOp('uploadPart', 3, 'status-500-xml'))))).toEqual([
      200, 200, 200, 500, 200,
    ]);
  });

  it('the 2nd request, whatever it is', async () => {
    expect(await sequence(await withPlan(faultPlan(nthRequest(3, 'status-503-empty'))))).toEqual([
      200, 200, 503, 200, 200,
    ]);
  });

  it('skip and times, falling through to later rules', async () => {
    const plan = faultPlan(
      { match: { op: 'uploadPart' }, skip: 1, times: 2, fault: 'status-500-xml' },
      { match: { method: 'PUT' }, fault: 'status-503-xml' },
    );
    expect(await sequence(await withPlan(plan))).toEqual([503, 500, 200, 500, 503]);
  });

  it('a predicate and a query match', async () => {
    const plan = faultPlan(
      { match: (req) => req.query.partNumber === '4', fault: 'status-503-xml' },
      { match: { query: { partNumber: '2', uploadId: true } }, fault: 'status-500-xml' },
    );
    expect(await sequence(await withPlan(plan))).toEqual([200, 500, 200, 200, 503]);
  });

  it('setPlan restarts budgets; heal passes everything', async () => {
    const url = await withPlan(faultPlan(firstOp('uploadPart', 'status-500-xml')));
    expect(await sequence(url)).toEqual([500, 200, 200, 200, 200]);
    proxy!.setPlan(faultPlan(firstOp('uploadPart', 'status-503-xml')));
    expect(await sequence(url)).toEqual([503, 200, 200, 200, 200]);
    proxy!.setPlan(faultPlan(everyOp('uploadPart', 'status-500-empty')));
    proxy!.heal();
    expect(await sequence(url)).toEqual([200, 200, 200, 200, 200]);
  });
});

describe('connections', () => {
  it('keeps client connections alive across requests, faulted or not', async () => {
    const url = await withPlan(faultPlan(nthRequest(2, 'status-500-xml'), nthRequest(4, 'malformed-xml')));
    const agent = testAgent({ connections: 1 });
    try {
      for (let i = 0; i < 5; i++) {
        const res = await call(`${url}/k?uploadId=u`, { dispatcher: agent });
        expect(res.body).toBeDefined();
      }
    } finally {
      await agent.close();
    }
    const stats = proxy!.stats();
    expect(stats.requests).toBe(5);
    expect(stats.connections.accepted).toBe(1);
    expect(stats.byFault).toEqual({ pass: 3, 'status-500-xml': 1, 'malformed-xml': 1 });
  });

  it('close() tears down stalled and idle connections at once, and is idempotent', async () => {
    const url = await withPlan(faultPlan(everyOp('listParts', { name: 'stall-response', holdMs: 600_000 })));
    const idle = testAgent();
    await call(`${url}/object`, { dispatcher: idle });
    const stalled = call(`${url}/k?uploadId=u`, { headersTimeout: 60_000 });
    await new Promise((r) => setTimeout(r, 100));
    expect(proxy!.stats().connections.open).toBe(2);
    const t0 = performance.now();
    await Promise.all([proxy!.close(), proxy!.close()]);
    expect(performance.now() - t0).toBeLessThan(1_000);
    const res = await stalled;
    expect(res.status).toBeUndefined();
    expect(res.ms).toBeLessThan(2_000);
    expect(proxy!.stats().connections.open).toBe(0);
    await idle.close();
  });

  it('tunnels input that is not HTTP/1.x to the upstream untouched', async () => {
    const url = await withPlan(faultPlan());
    const port = Number(new URL(url).port);
    const answer = await new Promise<string>((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => s.write('THIS IS NOT HTTP\r\n\r\n'));
      let got = '';
      s.on('data', (d) => {
        got += d.toString('latin1');
      });
      s.on('close', () => resolve(got));
      s.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect(proxy!.stats().log[0].note).toMatch(/tunnelled/);
  });

  it('forwards Expect: 100-continue and the interim answer', async () => {
    const url = await withPlan(faultPlan());
    const port = Number(new URL(url).port);
    const answer = await new Promise<string>((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () =>
        s.write(
          'PUT /k?partNumber=1&uploadId=u HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n',
        ),
      );
      let got = '';
      s.on('data', (d) => {
        got += d.toString('latin1');
        if (got.startsWith('HTTP/1.1 100') && got.endsWith('\r\n\r\n') && !got.includes('200'))
          s.write('hello');
        if (got.includes('HTTP/1.1 200')) s.end();
      });
      s.on('close', () => resolve(got));
      s.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK/);
    expect(up.seen[0]).toMatchObject({ bytes: 5, complete: true });
  });

  it('serves pipelined requests in order, each with its own fault', async () => {
    const url = await withPlan(faultPlan(nthRequest(2, 'status-503-empty')));
    const answer = await rawExchange(
      url,
      'GET /k?uploadId=u HTTP/1.1\r\nHost: x\r\n\r\nGET /k?uploadId=u HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect(answer.match(/HTTP\/1\.1 \d{3}/g)).toEqual(['HTTP/1.1 200', 'HTTP/1.1 503']);
  });

  it('drops the exchange when the client ends its side in the middle of a body', async () => {
    const url = await withPlan(faultPlan());
    const t0 = performance.now();
    await rawExchange(
      url,
      'PUT /k?partNumber=1&uploadId=u HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789',
      true,
    );
    expect(performance.now() - t0).toBeLessThan(1_000);
    await vi.waitFor(() => expect(up.seen[0]).toMatchObject({ bytes: 10, complete: false }));
    expect(proxy!.stats().log[0].note).toMatch(/client ended/);
  });

  it('withFaultProxy closes the proxy even when the callback throws', async () => {
    let seen: FaultProxy | undefined;
    await expect(
      withFaultProxy(up.url, faultPlan(), async (p) => {
        seen = p;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const res = await call(`${seen!.url}/object`);
    expect(res.headError).toBe('ECONNREFUSED');
  });

  it('answers 502 when the upstream is unreachable', async () => {
    const { url: deadUrl } = await refusedEndpoint();
    proxy = await startFaultProxy({ upstream: deadUrl, plan: faultPlan() });
    const res = await call(`${proxy.url}/k?uploadId=u`);
    expect(res.status).toBe(502);
    expect(proxy.stats().log[0].note).toMatch(/ECONNREFUSED/);
  });

  it('redacts signature and token query values in its log', async () => {
    const url = await withPlan(faultPlan());
    await call(`${url}/k?uploadId=u&q-signature=SECRETSIG&x-cos-security-token=SECRETTOKEN&q-ak=AKID`);
    const logged = JSON.stringify(proxy!.stats());
    expect(logged).not.toContain('SECRET');
    expect(logged).toContain('AKID');
  });
});

describe('options', () => {
  it('rejects an upstream that is not an http origin', async () => {
    await expect(
      startFaultProxy({ upstream: 'https://127.0.0.1:1', plan: faultPlan() }),
    ).rejects.toMatchObject({
      code: 'FAULT_PROXY_INVALID_UPSTREAM',
    });
    await expect(
      startFaultProxy({ upstream: 'http://127.0.0.1:1/path', plan: faultPlan() }),
    ).rejects.toMatchObject({
      code: 'FAULT_PROXY_INVALID_UPSTREAM',
    });
  });

  it('rejects a plan with an unknown fault or parameter before listening', async () => {
    await expect(
      startFaultProxy({ upstream: up.url, plan: faultPlan({ fault: 'explode' as never }) }),
    ).rejects.toMatchObject({ code: 'FAULT_PROXY_INVALID_PLAN' });
    await expect(
      startFaultProxy({
        upstream: up.url,
        plan: faultPlan({ fault: { name: 'trickle-response', intervalMS: 5 } as never }),
      }),
    ).rejects.toThrow(/intervalMS/);
  });
});
