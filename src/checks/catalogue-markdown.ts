/**
 * The catalogue as Markdown: one row per check with its id, family, severity, tiers, what each profile allows,
 * where the rule comes from and what is probed (the title). The expected outcome is written once, per profile,
 * never in the title. Written into README.md between markers by scripts/gen-catalogue.ts; a test
 * fails when the README is stale.
 */
import type { CheckExpectation, Profile } from '../profiles/types.ts';
import { describeVariant, responseVariants } from './kit/response.ts';
import type { CheckDef } from './types.ts';
import { CosConformanceError, HARNESS_ERROR_CODES } from '../errors.ts';

export const CATALOGUE_START = '<!-- catalogue:start -->';
export const CATALOGUE_END = '<!-- catalogue:end -->';

/** A README without the markers. */
export class CatalogueMarkersError extends CosConformanceError {
  constructor(message: string) {
    super(HARNESS_ERROR_CODES.checks.catalogueMarkers, message);
  }
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** What a profile allows for a check, in a few words. */
export function describeExpectation(def: CheckDef, e: CheckExpectation | undefined): string {
  if (!e) return '—';
  if ('notApplicable' in e) return 'n/a';
  if (def.observation) return 'observed';
  const response = responseVariants(e.variants);
  const parts =
    response.length > 0
      ? response.map((v) => {
          const d = describeVariant(v);
          return d === v.name || v.name === v.code || d.endsWith(` ${v.name}`) ? d : `${d} (${v.name})`;
        })
      : e.variants.map((v) => v.name);
  return [...new Set(parts)].join(' or ');
}

/** The Markdown table of the catalogue. */
export function renderCatalogue(checks: readonly CheckDef[], profiles: readonly Profile[]): string {
  const head = [
    'Check id',
    'Family',
    'Severity',
    'Tiers',
    ...profiles.map((p) => `\`${p.name}\``),
    'Source',
    'Probed',
  ];
  const rows = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const c of checks) {
    const tiers = c.scope === 'run' ? 'run' : (c.tiers ?? ['quick', 'full']).join(', ');
    const allowed = profiles.map((p) => cell(describeExpectation(c, p.expectations[c.id])));
    rows.push(
      `| \`${c.id}\` | ${c.family} | ${c.severity} | ${tiers} | ${allowed.join(' | ')} | ${cell(c.specRef)} | ${cell(c.title)} |`,
    );
  }
  const counts = new Map<string, number>();
  for (const c of checks) counts.set(c.family, (counts.get(c.family) ?? 0) + 1);
  const summary = `${checks.length} checks: ${[...counts].map(([f, n]) => `${f} ${n}`).join(', ')}.`;
  return `${summary}\n\n${rows.join('\n')}\n`;
}

/** The README with the block between the markers replaced (markers appended at the end when absent). */
export function withCatalogue(readme: string, table: string, opts: { appendMarkers?: boolean } = {}): string {
  const start = readme.indexOf(CATALOGUE_START);
  const end = readme.indexOf(CATALOGUE_END);
  const block = `${CATALOGUE_START}\n${table}${CATALOGUE_END}`;
  if (start < 0 || end < 0 || end < start) {
    if (!opts.appendMarkers)
      throw new CatalogueMarkersError(`README has no ${CATALOGUE_START} … ${CATALOGUE_END} block`);
    return `${readme.replace(/\n*$/, '\n')}\n## Check catalogue\n\n${block}\n`;
  }
  return readme.slice(0, start) + block + readme.slice(end + CATALOGUE_END.length);
}

/** The block currently between the markers, or undefined. */
export function currentCatalogue(readme: string): string | undefined {
  const start = readme.indexOf(CATALOGUE_START);
  const end = readme.indexOf(CATALOGUE_END);
  if (start < 0 || end < 0 || end < start) return undefined;
  return readme.slice(start + CATALOGUE_START.length + 1, end);
}
