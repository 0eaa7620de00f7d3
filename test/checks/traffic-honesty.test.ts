/**
 * The traffic estimates (src/checks/traffic.ts) against what the suite really sends: the quick tier on the
 * embedded reference server, each test's requests and request-body bytes from `task.meta.cosTraffic`. Every
 * estimate must be an upper bound, and not a wild one (at most 3× the measurement + 1 MiB; 8× for a check bounded by its generator). A check measured at
 * nothing because an earlier check of its family paid the shared setup is held by the alone measurement below.
 */
import { expect, test } from 'vitest';
import { CHECKS, checkById } from '../../src/checks/registry.ts';
import { CHECK_TRAFFIC, estimateTraffic } from '../../src/checks/traffic.ts';
import { LIMITS } from '../../src/spec/limits.ts';
import { measureTraffic } from '../../scripts/traffic/measure.ts';

const MIB = 1024 * 1024;
const min = LIMITS.cosMinPartSize;

test('every estimate is an upper bound of the quick tier and within 3× + 1 MiB of it', {
  timeout: 300_000,
}, async () => {
  const measured = await measureTraffic([]);
  const tested = CHECKS.filter((c) => c.scope !== 'run' && (!c.tiers || c.tiers.includes('quick')));
  expect([...measured.keys()].sort()).toEqual(tested.map((c) => c.id).sort());
  const over: string[] = [];
  const loose: string[] = [];
  for (const check of tested) {
    const seen = measured.get(check.id)!;
    const estimate = estimateTraffic(check, 'quick', min);
    if (seen.bytes > estimate.bytes || seen.requests > estimate.requests)
      over.push(
        `${check.id}: sent ${seen.requests} req/${seen.bytes} B, estimate ${estimate.requests}/${estimate.bytes}`,
      );
    const factor = CHECK_TRAFFIC[check.id].generated ? 8 : 3;
    if (seen.bytes > 0 && estimate.bytes > factor * seen.bytes + MIB)
      loose.push(`${check.id}: sent ${seen.bytes} B, estimate ${estimate.bytes}`);
  }
  expect(over).toEqual([]);
  expect(loose).toEqual([]);
});

test('a check whose family shares a setup is estimated with that setup: what it sends alone', {
  timeout: 300_000,
}, async () => {
  for (const id of [
    'basics.upload-part.etag-md5',
    'complete.complete.crc64',
    'part-size.upload-part.non-last-boundary-measured',
  ]) {
    const check = checkById(id)!;
    const measured = await measureTraffic([check.family], 2, `(?:^|\\s)${id.replace(/\./g, '\\.')}$`);
    const seen = measured.get(id)!;
    expect(seen.bytes, id).toBeGreaterThan(0);
    const estimate = estimateTraffic(check, 'quick', min);
    expect(seen.bytes, id).toBeLessThanOrEqual(estimate.bytes);
    expect(estimate.bytes, id).toBeLessThanOrEqual(3 * seen.bytes + MIB);
  }
});
