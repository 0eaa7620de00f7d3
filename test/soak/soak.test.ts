/**
 * The soak in its short, bounded form (the full one is `npm run soak`, src/soak/run-soak.ts): a durable reference
 * server as a child process under model-checked load, every kind of bad input beside it, and one SIGKILL with a
 * restart on the same data directory. Then the self-test: the same soak against a server without a data
 * directory must report losses, so a pass above means something.
 */
import { describe, expect, it } from 'vitest';
import { ABUSE_KINDS } from '../../src/soak/abuse.ts';
import { runSoak } from '../../src/soak/run-soak.ts';

const MIB = 1024 * 1024;

describe('soak (short form)', () => {
  it('loses nothing, corrupts nothing, answers no 5xx and refuses every bad input across a SIGKILL', async () => {
    const figures = await runSoak({
      durationMs: 14_000,
      concurrency: 4,
      kills: 1,
      seed: 12,
      maxPartBytes: 1.5 * MIB,
      headersTimeoutMs: 1500,
    });
    const summary = JSON.stringify(
      {
        findings: figures.findings,
        failures: figures.badInputs.failures,
        unjudged: figures.badInputs.unjudged,
      },
      null,
      1,
    );
    expect(figures.kills.done, summary).toBe(1);
    expect(figures.operations.total, summary).toBeGreaterThan(10);
    expect(figures.losses, summary).toBe(0);
    expect(figures.corruptions, summary).toBe(0);
    expect(figures.serverErrors, summary).toBe(0);
    expect(figures.unexpectedAnswers, summary).toBe(0);
    expect(figures.badInputs.failures, summary).toEqual([]);
    expect(figures.badInputs.unjudged, summary).toEqual([]);
    expect(Object.keys(figures.badInputs.byKind).sort()).toEqual(ABUSE_KINDS.map((k) => k.name).sort());
    expect(figures.escapedFiles).toEqual([]);
    expect(figures.peakRssMiB).toBeGreaterThan(0);
    expect(figures.passed, summary).toBe(true);
  }, 90_000);

  it('self-test: against a server that keeps nothing across a kill, the soak reports losses', async () => {
    const figures = await runSoak({
      durationMs: 8000,
      concurrency: 2,
      kills: 1,
      seed: 3,
      maxPartBytes: MIB,
      abuse: false,
      ephemeralServer: true,
    });
    expect(figures.kills.done).toBe(1);
    expect(figures.losses).toBeGreaterThan(0);
    expect(figures.passed).toBe(false);
  }, 60_000);
});
