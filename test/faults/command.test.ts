import { describe, expect, it } from 'vitest';
import { parseFaultParams, planFromCommand, runFaultProxyCommand } from '../../src/faults/command.ts';
import { call } from './client.ts';
import { startUpstream } from './upstream-fixture.ts';

describe('faults-proxy command', () => {
  it('builds a one-rule plan from flags', () => {
    const plan = planFromCommand({
      upstream: 'http://127.0.0.1:1',
      fault: 'trickle-response',
      match: 'uploadPart,listParts',
      times: 2,
      skip: 1,
      params: ['intervalMs=500', 'scope=all'],
      faultTimeoutMs: 5_000,
    });
    expect(plan).toEqual({
      rules: [
        {
          fault: { name: 'trickle-response', intervalMs: 500, scope: 'all' },
          match: { op: ['uploadPart', 'listParts'] },
          skip: 1,
          times: 2,
        },
      ],
      faultTimeoutMs: 5_000,
    });
    expect(parseFaultParams(['forward=false', 'holdMs=10'])).toEqual({ forward: false, holdMs: 10 });
  });

  it('rejects unknown faults, operations and parameters with a usage error', () => {
    const base = { upstream: 'http://127.0.0.1:1' };
    for (const opts of [
      { ...base, fault: 'explode' },
      { ...base, fault: 'pass', match: 'uploadParts' },
      { ...base, fault: 'stall-response', params: ['holdMS=5'] },
      { ...base, fault: 'stall-response', params: ['holdMs'] },
    ]) {
      expect(() => planFromCommand(opts)).toThrow(
        expect.objectContaining({ code: 'FAULT_PROXY_INVALID_PLAN' }),
      );
    }
  });

  it('runs until aborted, prints its URL first and a summary last', async () => {
    const up = await startUpstream();
    const lines: string[] = [];
    const stop = new AbortController();
    let announce: (url: string) => void = () => {};
    const announced = new Promise<string>((r) => {
      announce = r;
    });
    const done = runFaultProxyCommand({
      upstream: up.url,
      fault: 'status-503-xml',
      match: 'uploadPart',
      signal: stop.signal,
      out: (line) => {
        lines.push(line);
        const m = /^FAULT_PROXY_URL=(.*)$/.exec(line);
        if (m) announce(m[1]);
      },
    });
    const url = await announced;
    expect((await call(`${url}/k?partNumber=1&uploadId=u`, { method: 'PUT', body: 'x' })).status).toBe(503);
    expect((await call(`${url}/k?uploadId=u`)).status).toBe(200);
    stop.abort();
    const stats = await done;
    expect(stats.byFault).toEqual({ 'status-503-xml': 1, pass: 1 });
    expect(lines.at(-1)).toMatch(/stopped: 2 requests/);
    await up.close();
  });
});
