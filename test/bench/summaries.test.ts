/**
 * How the bench's figures are summarized: for the small parts the median pass of a run, the median of the runs'
 * medians over `--repeat` and the range of every timed pass; for the big part the median run and the range.
 */
import { describe, expect, it } from 'vitest';
import { summarizeBigPart } from '../../scripts/bench/big-part.ts';
import {
  pairedRatio,
  type SmallPartsRun,
  summarizeRuns,
  type TimedPass,
} from '../../scripts/bench/small-parts.ts';
import { median, range } from '../../scripts/bench/stats.ts';

const pass = (requestsPerSecond: number, clientCpuMsPerRequest: number): TimedPass => ({
  seconds: 2000 / requestsPerSecond,
  requestsPerSecond,
  clientCpuMsPerRequest,
  serverCpuSeconds: 0.25,
  serverPeakRssMiB: requestsPerSecond / 100,
});

function run(
  passes: TimedPass[],
  requestsPerSecond: number,
  clientCpuMsPerRequest: number,
  index = 0,
): SmallPartsRun {
  return {
    run: index,
    seconds: 2000 / requestsPerSecond,
    requestsPerSecond,
    clientCpuMsPerRequest,
    serverCpuSeconds: 0.25,
    serverPeakRssMiB: Math.max(...passes.map((p) => p.serverPeakRssMiB)),
    spread: {
      requestsPerSecond: range(passes.map((p) => p.requestsPerSecond)),
      clientCpuMsPerRequest: range(passes.map((p) => p.clientCpuMsPerRequest)),
    },
    firstPass: { seconds: 1, requestsPerSecond: requestsPerSecond / 2, clientCpuMsPerRequest: 0.3 },
    passes,
  };
}

describe('small-parts summary', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
    expect(range([4, 1, 3, 10])).toEqual([1, 10]);
  });

  it('judges runs by the median of their medians, with the range of every pass and the highest RSS', () => {
    const a = run([pass(7000, 0.12), pass(8000, 0.11), pass(3000, 0.25)], 7000, 0.12);
    const b = run([pass(7600, 0.1), pass(7700, 0.1), pass(7800, 0.105)], 7700, 0.1);
    const c = run([pass(9000, 0.09), pass(7500, 0.115), pass(7400, 0.118)], 7500, 0.115);
    const f = summarizeRuns([a, b, c], []);
    // The best run (b or c) would give 7700 req/s and 0.1 ms; the median run gives the middle of each figure.
    expect(f.requestsPerSecond).toBe(7500);
    expect(f.clientCpuMsPerRequest).toBe(0.115);
    expect(f.spread.requestsPerSecond).toEqual([3000, 9000]);
    expect(f.spread.clientCpuMsPerRequest).toEqual([0.09, 0.25]);
    expect(f.serverPeakRssMiB).toBe(90);
    expect(f.firstPass.requestsPerSecond).toBe(3750);
    expect(f.runs).toHaveLength(3);
    expect(f.failures).toBeUndefined();
    expect(summarizeRuns([a, b], ['run 3: HTTP 503']).failures).toEqual(['run 3: HTTP 503']);
    expect(summarizeRuns([a, b], []).requestsPerSecond).toBe(7350);
  });
});

describe('paired ratio', () => {
  it('is the median of the ratios of the passes that took turns, in the same run', () => {
    // The machine got busy for pass 3 and the second run: both sides slowed together.
    const harness = summarizeRuns(
      [
        run([pass(7000, 0.1), pass(7200, 0.1), pass(3000, 0.1)], 7000, 0.1, 0),
        run([pass(3500, 0.1), pass(3600, 0.1), pass(3400, 0.1)], 3500, 0.1, 1),
      ],
      [],
    );
    const undici = summarizeRuns(
      [
        run([pass(7000, 0.1), pass(8000, 0.1), pass(3000, 0.1)], 7000, 0.1, 0),
        run([pass(7000, 0.1), pass(3600, 0.1), pass(3600, 0.1)], 3600, 0.1, 1),
      ],
      [],
    );
    // Pairs: 1, 0.9, 1 and 0.5, 1, 0.944: median 0.97, not the ratio of the medians (5250 / 5300).
    expect(pairedRatio(harness, undici)).toBe(0.97);
    expect(harness.requestsPerSecond / undici.requestsPerSecond).not.toBeCloseTo(0.97, 2);
    // Only runs both clients completed are paired: undici's second run failed.
    const undiciRun0 = summarizeRuns([undici.runs[0]!], ['HTTP 503']);
    expect(pairedRatio(harness, undiciRun0)).toBe(1);
    expect(pairedRatio(harness, summarizeRuns([{ ...undici.runs[0]!, run: 5 }], []))).toBeNull();
  });
});

describe('big-part summary', () => {
  it('gives the median run, the range of speeds and the highest peak RSS', () => {
    const f = summarizeBigPart([
      { seconds: 4, mibPerSecond: 256, md5Hex: 'aa', clientPeakRssMiB: 150, serverPeakRssMiB: 140 },
      { seconds: 2, mibPerSecond: 512, md5Hex: 'aa', clientPeakRssMiB: 190, serverPeakRssMiB: 130 },
      { seconds: 8, mibPerSecond: 128, md5Hex: 'aa', clientPeakRssMiB: 160, serverPeakRssMiB: 120 },
    ]);
    expect(f.mibPerSecond).toBe(256);
    expect(f.seconds).toBe(4);
    expect(f.spread).toEqual([128, 512]);
    expect(f.clientPeakRssMiB).toBe(190);
    expect(f.serverPeakRssMiB).toBe(140);
    expect(f.md5Hex).toBe('aa');
    expect(f.runs).toHaveLength(3);
    expect(f).not.toHaveProperty('clientCpuSeconds');
  });
});
