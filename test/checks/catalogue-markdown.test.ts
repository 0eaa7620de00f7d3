import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  CATALOGUE_END,
  CATALOGUE_START,
  CatalogueMarkersError,
  currentCatalogue,
  renderCatalogue,
  withCatalogue,
} from '../../src/checks/catalogue-markdown.ts';
import { CHECKS } from '../../src/checks/registry.ts';
import { COS_PROFILE, S3_PROFILE } from '../../src/profiles/index.ts';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

describe('README catalogue', () => {
  test('is up to date with the registry (run `node --import tsx scripts/gen-catalogue.ts`)', () => {
    const readme = readFileSync(README, 'utf8');
    expect(currentCatalogue(readme), 'README.md has no catalogue markers').toBeDefined();
    expect(currentCatalogue(readme)).toBe(renderCatalogue(CHECKS, [COS_PROFILE, S3_PROFILE]));
  });

  test('has one row per check with each profile column', () => {
    const table = renderCatalogue(CHECKS, [COS_PROFILE, S3_PROFILE]);
    for (const c of CHECKS) expect(table).toContain(`| \`${c.id}\` |`);
    expect(table).toContain(
      '| `complete.complete.etag-s3-formula` | complete | should | quick, full | n/a |',
    );
  });
});

describe('withCatalogue', () => {
  test('replaces only the block between the markers', () => {
    const before = `# x\n\n${CATALOGUE_START}\nold\n${CATALOGUE_END}\n\ntail\n`;
    const after = withCatalogue(before, 'new\n');
    expect(after).toBe(`# x\n\n${CATALOGUE_START}\nnew\n${CATALOGUE_END}\n\ntail\n`);
    expect(currentCatalogue(after)).toBe('new\n');
  });

  test('appends markers when asked, refuses otherwise', () => {
    expect(() => withCatalogue('# x\n', 't\n')).toThrow(CatalogueMarkersError);
    const out = withCatalogue('# x\n', 't\n', { appendMarkers: true });
    expect(out.endsWith(`${CATALOGUE_START}\nt\n${CATALOGUE_END}\n`)).toBe(true);
    expect(withCatalogue(out, 't\n')).toBe(out);
  });

  test('a stale README is detected', () => {
    const stale = withCatalogue('# x\n', renderCatalogue(CHECKS.slice(1), [COS_PROFILE]), {
      appendMarkers: true,
    });
    expect(currentCatalogue(stale)).not.toBe(renderCatalogue(CHECKS, [COS_PROFILE, S3_PROFILE]));
  });
});
