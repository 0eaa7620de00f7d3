/** When an exchange started, as recorded (`startedAt`). */

let lastMs = Number.NaN;
let lastIso = '';

/**
 * `new Date().toISOString()`, formatted once per millisecond: a busy client starts several requests within one
 * millisecond, and formatting a date cost more than the rest of starting a request (npm run bench, small parts).
 */
export function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastIso;
}
