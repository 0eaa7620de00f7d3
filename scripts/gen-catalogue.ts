/**
 * Writes the check catalogue table into README.md between `<!-- catalogue:start -->` and
 * `<!-- catalogue:end -->` (appending the markers under a "Check catalogue" heading when absent).
 * `--check`: write nothing, exit 1 when the README is stale.
 *
 *   node --import tsx scripts/gen-catalogue.ts [--check]
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderCatalogue, withCatalogue } from '../src/checks/catalogue-markdown.ts';
import { CHECKS } from '../src/checks/registry.ts';
import { COS_PROFILE, S3_PROFILE } from '../src/profiles/index.ts';

const README = fileURLToPath(new URL('../README.md', import.meta.url));

const before = await readFile(README, 'utf8');
const after = withCatalogue(before, renderCatalogue(CHECKS, [COS_PROFILE, S3_PROFILE]), {
  appendMarkers: true,
});
if (process.argv.includes('--check')) {
  if (after !== before) {
    console.error('README.md catalogue is stale: run `node --import tsx scripts/gen-catalogue.ts`');
    process.exitCode = 1;
  } else {
    console.log('README.md catalogue is up to date');
  }
} else if (after !== before) {
  const tmp = `${README}.tmp-${process.pid}`;
  await writeFile(tmp, after, 'utf8');
  await rename(tmp, README);
  console.log(`README.md catalogue written (${CHECKS.length} checks)`);
} else {
  console.log('README.md catalogue already up to date');
}
