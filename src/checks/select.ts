/**
 * Choosing which checks run: `--only` / `--skip` by check id, id glob, id prefix, family or tag, then the
 * tier and the profile, and the shard of a run (`--shard`, {@link partitionIds}). The CLI
 * (src/cli/check-selection.ts) turns the selection into a vitest `testNamePattern` with
 * {@link testNamePatternFor}; specs also skip at run time what does not apply, so a check is never silently
 * dropped from a report.
 *
 * Sharding is by check id, not by spec file as vitest's own `--shard` does: ids are many and stable, so shards
 * are balanced (sizes differ by at most one) and, for a given selection, a check lands in the same shard on
 * every run, host and vendor.
 */
import { createHash } from 'node:crypto';
import type { Tier } from '../runner/context.ts';
import type { ProfileName } from '../target/types.ts';
import { CHECK_ID_ALIASES, renameNote } from './aliases.ts';
import type { CheckDef } from './types.ts';

export interface SelectOptions {
  /** Keep only checks matching one of these (empty or absent: all). */
  only?: readonly string[];
  /** Then drop checks matching one of these. */
  skip?: readonly string[];
  /** Drop checks whose `tiers` exclude this tier. */
  tier?: Tier;
  /** Drop checks whose `profiles` exclude this profile. */
  profile?: ProfileName;
  /** Keep run-level checks (`scope: 'run'`, judged by the reporter). Default false: only vitest tests. */
  includeRunScope?: boolean;
}

function globToRegExp(glob: string): RegExp {
  const src = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${src}$`);
}

/**
 * Whether a selector names a check. A selector is an exact id (`overwrite.upload-part.last-wins`), a glob
 * (`no-such-upload.*.after-abort`), an id prefix ending at a dot boundary (`overwrite.upload-part`), a family
 * (`complete`), or a tag (`heavy`, `tag:heavy`).
 */
export function matchesSelector(check: Pick<CheckDef, 'id' | 'family' | 'tags'>, selector: string): boolean {
  const trimmed = selector.trim();
  if (trimmed === '') return false;
  if (trimmed.startsWith('tag:')) return check.tags.includes(trimmed.slice(4));
  if (trimmed.startsWith('family:')) return check.family === trimmed.slice(7);
  if (trimmed === check.id || trimmed === check.family || check.tags.includes(trimmed)) return true;
  if (trimmed.includes('*') || trimmed.includes('?')) return globToRegExp(trimmed).test(check.id);
  return check.id.startsWith(`${trimmed}.`);
}

/** Selectors read through the alias table, and the notes to print about them. */
export interface RenamedSelectors {
  selectors: string[];
  /** `<old> is now <new>`, one per selector that named old ids. */
  notes: string[];
}

/**
 * Reads old ids in selectors (src/checks/aliases.ts): a selector that names no current check but names renamed
 * ids (an old id, an old prefix such as `upload-part.overwrite`, an old glob) becomes the current ids of those
 * checks, with a note. A selector that names a current check keeps its current meaning.
 */
export function resolveRenamedSelectors(
  all: readonly CheckDef[],
  selectors: readonly string[],
): RenamedSelectors {
  const out: string[] = [];
  const notes: string[] = [];
  for (const selector of selectors) {
    if (selector.trim() === '' || all.some((check) => matchesSelector(check, selector))) {
      out.push(selector);
      continue;
    }
    const renamed = Object.entries(CHECK_ID_ALIASES)
      .filter(([old]) => matchesSelector({ id: old, family: '', tags: [] }, selector))
      .map(([, current]) => current);
    if (renamed.length === 0) {
      out.push(selector);
      continue;
    }
    const current = [...new Set(renamed)];
    out.push(...current);
    notes.push(renameNote(selector.trim(), current.join(', ')));
  }
  return { selectors: out, notes };
}

/** Selectors that name no check at all (the CLI reports them as a usage error). */
export function unknownSelectors(all: readonly CheckDef[], selectors: readonly string[]): string[] {
  return selectors.filter((selector) => !all.some((check) => matchesSelector(check, selector)));
}

/** The checks to run, in catalogue order. */
export function selectChecks(all: readonly CheckDef[], opts: SelectOptions = {}): CheckDef[] {
  const only = (opts.only ?? []).filter((selector) => selector.trim() !== '');
  const skip = (opts.skip ?? []).filter((selector) => selector.trim() !== '');
  return all.filter((check) => {
    if (!opts.includeRunScope && check.scope === 'run') return false;
    if (only.length > 0 && !only.some((selector) => matchesSelector(check, selector))) return false;
    if (skip.some((selector) => matchesSelector(check, selector))) return false;
    if (opts.tier && check.tiers && !check.tiers.includes(opts.tier)) return false;
    if (opts.profile && check.profiles && !check.profiles.includes(opts.profile)) return false;
    return true;
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A vitest `testNamePattern` (regexp source) matching exactly the tests of `checks`. vitest matches it against
 * the full name (`<family> <id>`), so each id is anchored at its end and preceded by a space or the start.
 * Returns a pattern that matches nothing when `checks` is empty.
 */
export function testNamePatternFor(checks: readonly Pick<CheckDef, 'id'>[]): string {
  if (checks.length === 0) return '^(?!)$';
  return `(?:^|\\s)(?:${checks.map((check) => escapeRegExp(check.id)).join('|')})$`;
}

function hashOf(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/**
 * The ids of shard `index` (1-based) of `count`: ids ordered by a stable hash, then dealt round-robin. Every id
 * is in exactly one shard; the shards of one selection partition it.
 */
export function partitionIds(ids: readonly string[], index: number, count: number): string[] {
  const unique = [...new Set(ids)];
  const order = unique
    .map((id) => ({ id, h: hashOf(id) }))
    .sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : a.id < b.id ? -1 : 1))
    .map((check) => check.id);
  const mine = new Set(order.filter((_check, position) => (position % count) + 1 === index));
  return unique.filter((id) => mine.has(id));
}
