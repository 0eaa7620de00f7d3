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
export function describeExpectation(def: CheckDef, expectation: CheckExpectation | undefined): string {
  if (!expectation) return '—';
  if ('notApplicable' in expectation) return 'n/a';
  if (def.observation) return 'observed';
  const response = responseVariants(expectation.variants);
  const parts =
    response.length > 0
      ? response.map((variant) => {
          const described = describeVariant(variant);
          return described === variant.name ||
            variant.name === variant.code ||
            described.endsWith(` ${variant.name}`)
            ? described
            : `${described} (${variant.name})`;
        })
      : expectation.variants.map((variant) => variant.name);
  return [...new Set(parts)].join(' or ');
}

/** The Markdown table of the catalogue. */
export function renderCatalogue(checks: readonly CheckDef[], profiles: readonly Profile[]): string {
  const head = [
    'Check id',
    'Family',
    'Severity',
    'Tiers',
    ...profiles.map((profile) => `\`${profile.name}\``),
    'Source',
    'Probed',
  ];
  const rows = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const check of checks) {
    const tiers = check.scope === 'run' ? 'run' : (check.tiers ?? ['quick', 'full']).join(', ');
    const allowed = profiles.map((profile) =>
      cell(describeExpectation(check, profile.expectations[check.id])),
    );
    rows.push(
      `| \`${check.id}\` | ${check.family} | ${check.severity} | ${tiers} | ${allowed.join(' | ')} | ${cell(check.specRef)} | ${cell(check.title)} |`,
    );
  }
  const counts = new Map<string, number>();
  for (const check of checks) counts.set(check.family, (counts.get(check.family) ?? 0) + 1);
  const summary = `${checks.length} checks: ${[...counts].map(([family, count]) => `${family} ${count}`).join(', ')}.`;
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
