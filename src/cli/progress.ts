/**
 * Progress of a run, as a vitest Reporter. On a terminal: one line redrawn in place (checks done of total, the
 * current family, upload throughput). Not on a terminal, or when CI is set: one plain line per finished test.
 *
 * Throughput is read from the growth of history.ndjson (every exchange is appended when it completes), so it
 * moves as parts finish: a single 5 GiB part shows up once it is done.
 */
import { open, stat } from 'node:fs/promises';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { worstOutcome } from '../report/aggregate.ts';
import type { OutStream } from './io.ts';

export interface ProgressOptions {
  /** Redraw one line in place (a TTY, CI unset). */
  live: boolean;
  /** history.ndjson, read for throughput. */
  historyFile?: string;
  /** Keep only the tests the run selected (others are filtered out, not skipped). */
  selected?: (test: { name: string; fullName: string }) => boolean;
  /** Redraw interval on a terminal (ms). */
  intervalMs?: number;
}

const MARK: Readonly<Record<string, string>> = {
  pass: '✓',
  fail: '✗',
  error: '!',
  indeterminate: '?',
  skip: '-',
};

/** Human bytes per second. */
export function formatRate(bytesPerSecond: number): string {
  const units = ['B/s', 'KiB/s', 'MiB/s', 'GiB/s'];
  let scaled = bytesPerSecond;
  let unitIndex = 0;
  while (scaled >= 1024 && unitIndex < units.length - 1) {
    scaled /= 1024;
    unitIndex += 1;
  }
  return `${scaled.toFixed(unitIndex === 0 ? 0 : 1)} ${units[unitIndex]}`;
}

/** Sums the bytes sent in complete exchange lines; returns what is left of an incomplete last line. */
export function bytesInLines(text: string): { bytes: number; rest: string } {
  const lines = text.split('\n');
  const rest = lines.pop() ?? '';
  let bytes = 0;
  for (const line of lines) {
    if (!line) continue;
    try {
      const ex = JSON.parse(line) as { request?: { bodySize?: unknown } };
      if (typeof ex.request?.bodySize === 'number') bytes += ex.request.bodySize;
    } catch {
      // a torn line: ignored
    }
  }
  return { bytes, rest };
}

/** Tails a history file and keeps a sliding window of bytes sent. */
class ThroughputMeter {
  readonly #file: string;
  #offset = 0;
  #rest = '';
  readonly #samples: Array<{ at: number; bytes: number }> = [];
  readonly #windowMs = 10_000;

  constructor(file: string) {
    this.#file = file;
  }

  async poll(now = Date.now()): Promise<void> {
    let size: number;
    try {
      size = (await stat(this.#file)).size;
    } catch {
      return;
    }
    if (size <= this.#offset) return;
    const handle = await open(this.#file, 'r');
    try {
      const length = Math.min(size - this.#offset, 8 * 1024 * 1024);
      const buf = Buffer.alloc(length);
      await handle.read(buf, 0, length, this.#offset);
      this.#offset += length;
      const { bytes, rest } = bytesInLines(this.#rest + buf.toString('utf8'));
      this.#rest = rest.length > 1024 * 1024 ? '' : rest;
      if (bytes > 0) this.#samples.push({ at: now, bytes });
    } finally {
      await handle.close();
    }
    while (this.#samples.length > 0 && now - this.#samples[0]!.at > this.#windowMs) this.#samples.shift();
  }

  /** Bytes per second over the window, or undefined before any upload. */
  rate(now = Date.now()): number | undefined {
    const recent = this.#samples.filter((s) => now - s.at <= this.#windowMs);
    if (recent.length === 0) return undefined;
    const bytes = recent.reduce((n, s) => n + s.bytes, 0);
    const span = Math.max(1000, now - recent[0]!.at);
    return (bytes * 1000) / span;
  }
}

export class ProgressReporter implements Reporter {
  readonly #out: OutStream;
  readonly #options: ProgressOptions;
  readonly #meter: ThroughputMeter | undefined;
  readonly #counted = new Set<string>();
  readonly #done = new Set<string>();
  #family = '';
  #current = '';
  #timer: NodeJS.Timeout | undefined;
  #polling = false;
  #lineShown = false;

  constructor(out: OutStream, options: ProgressOptions) {
    this.#out = out;
    this.#options = options;
    this.#meter = options.historyFile ? new ThroughputMeter(options.historyFile) : undefined;
  }

  onTestRunStart(): void {
    if (this.#options.live) {
      this.#timer = setInterval(() => void this.#tick(), this.#options.intervalMs ?? 250);
      this.#timer.unref();
    }
  }

  onTestModuleCollected(testModule: TestModule): void {
    for (const test of testModule.children.allTests()) {
      if (this.#isSelected(test)) this.#counted.add(test.id);
    }
  }

  onTestCaseReady(testCase: TestCase): void {
    if (!this.#isSelected(testCase)) return;
    this.#counted.add(testCase.id);
    this.#family = testCase.parent.type === 'suite' ? testCase.parent.name : testCase.module.relativeModuleId;
    this.#current = testCase.name;
  }

  onTestCaseResult(testCase: TestCase): void {
    if (!this.#isSelected(testCase)) return;
    this.#counted.add(testCase.id);
    this.#done.add(testCase.id);
    if (this.#options.live) return;
    const checks = testCase.meta().cosChecks ?? [];
    const state = testCase.result().state;
    const outcome =
      checks.length > 0
        ? worstOutcome(checks.map((opResult) => opResult.outcome))
        : state === 'passed'
          ? 'pass'
          : state === 'failed'
            ? 'error'
            : 'skip';
    const family = testCase.parent.type === 'suite' ? `${testCase.parent.name} ` : '';
    const ms = testCase.diagnostic()?.duration;
    const time =
      ms !== undefined ? ` (${ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`})` : '';
    this.#out.write(
      `  ${MARK[outcome] ?? '?'} [${this.#done.size}/${this.#counted.size}] ${family}${testCase.name} ${outcome}${time}\n`,
    );
  }

  onTestRunEnd(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#lineShown) this.#out.write('\r\x1b[2K');
    this.#lineShown = false;
  }

  /** The status line a terminal shows. */
  statusLine(rate?: number): string {
    const parts = [`[${this.#done.size}/${this.#counted.size}]`];
    if (this.#family) parts.push(this.#family);
    if (this.#current) parts.push(this.#current);
    if (rate !== undefined) parts.push(formatRate(rate));
    const line = parts.join(' · ');
    const columns = this.#out.columns && this.#out.columns >= 20 ? this.#out.columns : 100;
    const width = columns - 1;
    return line.length > width ? `${line.slice(0, width - 1)}…` : line;
  }

  async #tick(): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      await this.#meter?.poll();
      if (!this.#timer) return;
      this.#out.write(`\r\x1b[2K${this.statusLine(this.#meter?.rate())}`);
      this.#lineShown = true;
    } finally {
      this.#polling = false;
    }
  }

  #isSelected(testCase: TestCase): boolean {
    return this.#options.selected?.({ name: testCase.name, fullName: testCase.fullName }) ?? true;
  }
}
