/**
 * The last line of defence of results.json and the reports rendered from it: known secrets are scrubbed from the
 * string values of the document, never from its keys, and each value as what it is (redact.ts `ScrubMode`).
 * Free text (messages, error stacks, the command line) is scrubbed as a message: a short secret where it stands
 * as a whole word. Everything else (check ids, families, versions, evidence the checks judged, replay tokens)
 * only of distinctive secrets, so that a secret like `test` or `complete` never rewrites the structure.
 */
import { type ScrubMode, scrubSecrets } from '../client/redact.ts';
import type { Results } from './results-schema.ts';

/** The mode of the value at `path`: free text is scrubbed as a message, everything else as data. */
function modeAt(path: readonly PropertyKey[]): ScrubMode {
  const [top, , field] = path;
  if (top === 'unhandledErrors') return 'message';
  if (top === 'manifest' && path[1] === 'argv') return 'message';
  if (top === 'checks' && typeof field === 'string' && FREE_TEXT_FIELDS.has(field)) return 'message';
  return 'data';
}

/** Fields of a check entry that are free text (the rest are identifiers and recorded evidence). */
const FREE_TEXT_FIELDS: ReadonlySet<string> = new Set([
  'message',
  'expected',
  'observed',
  'variantSeen',
  'measured',
]);

/** A copy of `value` with every string scrubbed in the mode of its path; keys and their order are kept. */
function scrubDeep(value: unknown, secrets: readonly string[], path: PropertyKey[]): unknown {
  if (typeof value === 'string') return scrubSecrets(value, secrets, modeAt(path));
  if (Array.isArray(value)) return value.map((v, i) => scrubDeep(v, secrets, [...path, i]));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = scrubDeep(v, secrets, [...path, key]);
    return out;
  }
  return value;
}

/** A copy of `results` with the known secrets scrubbed from its values (see the module comment). */
export function scrubResults(results: Results, secrets: readonly string[]): Results {
  const live = secrets.filter((s) => s.length > 0);
  if (live.length === 0) return results;
  return scrubDeep(results, live, []) as Results;
}
