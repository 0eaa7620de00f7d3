// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are literal ${VAR} references under test
import { describe, expect, test } from 'vitest';
import type { Exchange } from '../../src/client/exchange.ts';
import {
  bodyCommand,
  curlFor,
  exchangeToReproduce,
  reproductionFor,
  requestLine,
  shellQuote,
} from '../../src/report/reproduce.ts';
import { fakeExchange } from './fake-results.ts';

describe('reproductions', () => {
  test('shell quoting survives quotes and leaves plain words alone', () => {
    expect(shellQuote('abc-1.2/x')).toBe('abc-1.2/x');
    expect(shellQuote("it's here")).toBe(`'it'\\''s here'`);
    expect(shellQuote('$HOME')).toBe(`'$HOME'`);
  });

  test('the request line comes from the recorded URL', () => {
    expect(requestLine(fakeExchange())).toBe('PUT /run/key?partNumber=1&uploadId=abc HTTP/1.1');
    const broken = fakeExchange();
    broken.request.url = 'not a url';
    broken.request.query = { uploads: '' };
    expect(requestLine(broken)).toBe('PUT /run/key?uploads= HTTP/1.1');
  });

  test('curl uses placeholders for the signature and tokens, and never a recorded secret', () => {
    const ex = fakeExchange();
    ex.request.headers['x-cos-security-token'] = '<redacted>';
    ex.request.headers['x-cos-meta-custom'] = 'sig <redacted>';
    const curl = curlFor(ex);
    expect(curl).toContain('-H "authorization: $COS_AUTHORIZATION"');
    expect(curl).toContain('-H "x-cos-security-token: $COS_SECURITY_TOKEN"');
    expect(curl).toContain('-H "x-cos-meta-custom: ${X_COS_META_CUSTOM}"');
    expect(curl).not.toContain('<redacted>');
    expect(curl).not.toMatch(/content-length/i);
    // loopback virtual-host: the Host header differs from the URL and must be kept
    expect(curl).toContain("-H 'host: examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com'");
  });

  test('a generated body is regenerated with the body command; an unknown one is asked for', () => {
    const ex = fakeExchange();
    (ex.request as unknown as { body: unknown }).body = { seed: 77, size: 5, stamp: { upload: 2, part: 1 } };
    const curl = curlFor(ex);
    expect(curl).toContain('cos-conformance body --seed 77 --size 5 --upload 2 --part 1 > part.bin');
    expect(curl).toContain('--data-binary @part.bin');
    expect(curlFor(fakeExchange())).toMatch(
      /5-byte request body \(MD5 5d41402abc4b2a76b9719d911017c592\) was not recorded/,
    );
    expect(bodyCommand({ seed: 1, size: 2 })).toBe('cos-conformance body --seed 1 --size 2');
  });

  test('the reproduced exchange is the last error, else the last one', () => {
    const ok = (seq: number): Exchange => ({
      ...fakeExchange({ seq }),
      response: { ...fakeExchange().response!, status: 200 },
    });
    const bad = fakeExchange({ seq: 2 });
    expect(exchangeToReproduce([ok(1), bad, ok(3)])?.seq).toBe(2);
    expect(exchangeToReproduce([ok(1), ok(3)])?.seq).toBe(3);
    const reset = fakeExchange({ seq: 4, transportError: { code: 'ECONNRESET', message: 'reset' } });
    delete reset.response;
    expect(exchangeToReproduce([ok(1), reset])?.seq).toBe(4);
    expect(exchangeToReproduce([])).toBeUndefined();
  });

  test('a reproduction carries the replay command with the run flags', () => {
    const r = reproductionFor([fakeExchange()], 'seed:1:2', '--embedded --seed 5 ');
    expect(r?.exchangeSeq).toBe(7);
    expect(r?.replay).toBe('cos-conformance run --embedded --seed 5 --replay seed:1:2');
    expect(reproductionFor([], undefined, '')).toBeUndefined();
  });
});
