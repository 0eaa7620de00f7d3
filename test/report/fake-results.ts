/** Builders of fake runs for the report and gate tests: plain data, no vitest run, no server. */
import { checkById } from '../../src/checks/registry.ts';
import type { Outcome } from '../../src/checks/types.ts';
import type { Exchange } from '../../src/client/exchange.ts';
import { buildResults } from '../../src/report/build-results.ts';
import type { Baseline } from '../../src/report/baseline.ts';
import type { CheckEntry, Manifest, Results } from '../../src/report/results-schema.ts';
import { requestLine } from '../../src/report/reproduce.ts';

export function fakeExchange(over: Partial<Exchange> = {}): Exchange {
  return {
    seq: 7,
    op: 'uploadPart',
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 12,
    request: {
      method: 'PUT',
      url: 'http://127.0.0.1:9000/run/key?partNumber=1&uploadId=abc',
      path: '/run/key',
      query: { partNumber: '1', uploadId: 'abc' },
      headers: {
        host: 'examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com',
        authorization: 'q-sign-algorithm=sha1&q-ak=AKIDEXAMPLE&q-signature=<redacted>',
        'content-length': '5',
      },
      bodySize: 5,
      bodyMd5: '5d41402abc4b2a76b9719d911017c592',
    },
    response: {
      status: 400,
      headers: { 'x-cos-request-id': 'req-123', 'content-type': 'application/xml' },
      bodySize: 120,
      bodyMd5: '00',
      bodyText: '<Error><Code>InvalidArgument</Code><Message>bad </script> part</Message></Error>',
      error: { code: 'InvalidArgument', message: 'bad part', requestId: 'req-123' },
      requestId: 'req-123',
    },
    ...over,
  };
}

export function fakeEntry(checkId: string, outcome: Outcome, over: Partial<CheckEntry> = {}): CheckEntry {
  const family = over.family ?? checkById(checkId)?.family ?? checkId.split('.')[1] ?? 'basics';
  const ex = fakeExchange();
  return {
    checkId,
    title: `title of ${checkId}`,
    family,
    severity: 'must',
    specRef: 'spec §2.2 [D7750]',
    tags: ['upload-part'],
    test: { file: `specs/${family}.spec.ts`, name: checkId, fullName: `${family} > ${checkId}` },
    outcome,
    message: `${checkId} was ${outcome}`,
    seed: 1234,
    evidence: outcome === 'pass' || outcome === 'skip' ? [] : [{ ...ex, requestLine: requestLine(ex) }],
    ...(outcome === 'fail'
      ? { reproduction: { exchangeSeq: 7, shell: 'curl -sS -X PUT http://127.0.0.1:9000/run/key' } }
      : {}),
    ...over,
  };
}

export function fakeManifest(over: Partial<Manifest> = {}): Manifest {
  return {
    harness: { name: 'cos-conformance', version: '0.1.0', gitSha: 'unknown' },
    runtime: { node: 'v20.0.0', undici: '7.0.0', vitest: '4.1.0', fastCheck: '4.0.0' },
    target: {
      endpoint: 'http://127.0.0.1:9000',
      bucket: 'examplebucket-1250000000',
      region: 'ap-guangzhou',
      addressing: 'virtual-host',
      signer: 'cos',
      embedded: true,
    },
    profile: 'cos',
    tier: 'quick',
    runSeed: 42,
    keyPrefix: 'cos-conformance/run/',
    selection: { only: [], skip: [] },
    argv: ['run', '--embedded'],
    startedAt: '2025-01-01T00:00:00.000Z',
    endedAt: '2025-01-01T00:01:00.000Z',
    ...over,
  };
}

export interface FakeRunOptions {
  runId?: string;
  manifest?: Partial<Manifest>;
  uploadPart?: { attempted: number; succeeded: number };
  interrupted?: boolean;
  baseline?: Baseline;
  strict?: boolean;
  exchanges?: number;
}

export function fakeResults(checks: CheckEntry[], o: FakeRunOptions = {}): Results {
  return buildResults({
    runId: o.runId ?? 'run-1',
    manifest: fakeManifest(o.manifest),
    checks,
    unhandledErrors: [],
    interrupted: o.interrupted ?? false,
    history: {
      exchanges: o.exchanges ?? 10,
      malformed: 0,
      uploadPart: o.uploadPart ?? { attempted: 5, succeeded: 5 },
      bytes: 0,
    },
    ...(o.baseline ? { baseline: o.baseline, baselineFile: 'baseline.json' } : {}),
    strict: o.strict ?? false,
  });
}

/** A run with one check of each outcome in two families. */
export function mixedResults(o: FakeRunOptions = {}): Results {
  return fakeResults(
    [
      fakeEntry('basics.upload-part.status-200', 'pass'),
      fakeEntry('basics.upload-part.etag-md5', 'fail'),
      fakeEntry('overwrite.upload-part.last-wins', 'pass', { family: 'overwrite' }),
      fakeEntry('overwrite.upload-part.concurrent-no-mix', 'indeterminate', { family: 'overwrite' }),
      fakeEntry('basics.upload-part.crc64', 'skip'),
      fakeEntry('basics.upload-part.request-id', 'error'),
    ],
    o,
  );
}
