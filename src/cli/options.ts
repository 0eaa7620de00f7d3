/** Option parsers for commander: each rejects a bad value with a message that says what is expected. */
import { InvalidArgumentError } from 'commander';

/** An integer option in [min, max]. */
export function intOption(min: number, max: number = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim()))
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}.`);
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}.`);
    }
    return n;
  };
}

/** A repeatable, comma-separated list option: `--only a,b --only c` gives `['a', 'b', 'c']`. */
export function listOption(value: string, previous: string[] | undefined): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (items.length === 0) throw new InvalidArgumentError('expected one or more comma-separated ids or tags.');
  return [...(previous ?? []), ...items];
}

/** A repeatable option collecting values in order. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `name=value` pairs (e.g. `--baseline minio=baselines/minio.json`). */
export function pairOption(
  value: string,
  previous: Array<[string, string]> | undefined,
): Array<[string, string]> {
  const eq = value.indexOf('=');
  if (eq <= 0 || eq === value.length - 1)
    throw new InvalidArgumentError('expected name=value, e.g. minio=baselines/minio.json.');
  return [...(previous ?? []), [value.slice(0, eq), value.slice(eq + 1)]];
}

/** `i/n` with 1 <= i <= n. */
export function shardOption(value: string): string {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!match || Number(match[2]) < 1 || Number(match[1]) < 1 || Number(match[1]) > Number(match[2])) {
    throw new InvalidArgumentError('expected i/n with 1 <= i <= n, e.g. 2/4.');
  }
  return value.trim();
}
