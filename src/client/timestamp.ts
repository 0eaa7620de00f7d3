/** When an exchange started, as recorded (`startedAt`). */

let lastMs = Number.NaN;
let lastIso = '';
/** The second {@link secondPrefix} is of, in ms since the epoch (a multiple of 1000). */
let secondMs = Number.NaN;
/** `new Date(secondMs).toISOString()` up to and with the `.` before the milliseconds. */
let secondPrefix = '';

/** `000` … `999`: the milliseconds field of an ISO timestamp. */
const MILLIS: readonly string[] = Array.from({ length: 1000 }, (_, ms) => String(ms).padStart(3, '0'));

/**
 * `new Date().toISOString()`, with the date formatted once per second and the milliseconds appended: a busy client
 * starts a request every fraction of a millisecond, and formatting a date cost more than the rest of starting a
 * request (npm run bench, small parts). Dates outside years 0–9999 (never the clock's) are formatted whole.
 */
export function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    const second = ms - (ms % 1000);
    if (second !== secondMs) {
      const iso = new Date(ms).toISOString();
      if (iso.length !== 24 || ms < 0) {
        lastMs = ms;
        lastIso = iso;
        return iso;
      }
      secondMs = second;
      secondPrefix = iso.slice(0, 20);
    }
    lastIso = `${secondPrefix}${MILLIS[ms - second]}Z`;
    lastMs = ms;
  }
  return lastIso;
}
