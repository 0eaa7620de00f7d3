/**
 * Byte sizes on the command line (`--max-bytes 10MiB`): plain bytes or a number with a unit. IEC units (KiB, MiB,
 * GiB, TiB) are powers of 1024, SI ones (KB, MB, GB, TB) powers of 1000, a bare K/M/G/T is read as IEC.
 */
import { ERROR_CODES, UsageError } from './errors.ts';

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1024,
  kib: 1024,
  kb: 1000,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  mb: 1000 ** 2,
  g: 1024 ** 3,
  gib: 1024 ** 3,
  gb: 1000 ** 3,
  t: 1024 ** 4,
  tib: 1024 ** 4,
  tb: 1000 ** 4,
};

/** The number of bytes `text` names, rounded down; a usage error (exit 2) saying what to write when it is none. */
export function parseByteSize(text: string | number, option = '--max-bytes'): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(String(text));
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  const bytes = match && unit !== undefined ? Math.floor(Number(match[1]) * unit) : Number.NaN;
  if (!Number.isSafeInteger(bytes)) {
    throw new UsageError(
      ERROR_CODES.badOption,
      `${option} ${text}: expected bytes as a whole number or with a unit, e.g. ${option} 1048576, 10MiB or 5GiB`,
    );
  }
  return bytes;
}

/** Bytes for people: exact below 1 KiB, else two decimals in the largest IEC unit. */
export function formatBytes(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes;
  let unit = 'B';
  for (const next of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return `${value.toFixed(2)} ${unit}`;
}
