/**
 * Compares the verdicts of two results.json files (or two directories of runs holding them) across the check id
 * rename: each old id is mapped through the alias table (src/checks/aliases.ts) before comparing. Prints the
 * number of checks compared and every verdict that differs; exit 1 when one differs. A check judged on one side
 * only (a selection that differs, e.g. a mutation subset whose conformant run selects fewer families) is counted
 * apart and listed with --list-unpaired.
 *
 *   node --import tsx scripts/ids/compare-verdicts.ts BEFORE AFTER
 *
 * BEFORE and AFTER: a results.json, a run directory, or a directory whose subdirectories are run directories
 * (e.g. the `runs/` of `npm run mutation`); runs are paired by subdirectory name.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { renamedTo } from '../../src/checks/aliases.ts';

function verdicts(file: string): Map<string, string> {
  const results = JSON.parse(readFileSync(file, 'utf8')) as {
    checks: { checkId: string; outcome: string }[];
  };
  return new Map(results.checks.map((c) => [renamedTo(c.checkId) ?? c.checkId, c.outcome]));
}

/** Run name → results.json under `path`. */
function runs(path: string): Map<string, string> {
  if (statSync(path).isFile()) return new Map([['', path]]);
  if (existsSync(join(path, 'results.json'))) return new Map([['', join(path, 'results.json')]]);
  const out = new Map<string, string>();
  for (const name of readdirSync(path)) {
    const file = join(path, name, 'results.json');
    if (existsSync(file)) out.set(name, file);
  }
  return out;
}

const args = process.argv.slice(2).filter((a) => a !== '--list-unpaired');
const listUnpaired = process.argv.includes('--list-unpaired');
const [before, after] = args;
if (!before || !after) {
  console.error('usage: compare-verdicts.ts BEFORE AFTER');
  process.exit(2);
}
const a = runs(before);
const b = runs(after);
let compared = 0;
let differences = 0;
let unpaired = 0;
let pairs = 0;
for (const [name, fileA] of a) {
  const fileB = b.get(name);
  if (!fileB) continue;
  pairs += 1;
  const va = verdicts(fileA);
  const vb = verdicts(fileB);
  for (const [id, outcome] of va) {
    const other = vb.get(id);
    if (other === undefined) {
      if (listUnpaired) console.log(`${name || '.'}: ${id} only before (${outcome})`);
      unpaired += 1;
      continue;
    }
    compared += 1;
    if (other !== outcome) {
      console.log(`${name || '.'}: ${id} ${outcome} → ${other}`);
      differences += 1;
    }
  }
  for (const id of vb.keys()) {
    if (!va.has(id)) {
      if (listUnpaired) console.log(`${name || '.'}: ${id} only after (${vb.get(id)})`);
      unpaired += 1;
    }
  }
}
console.log(
  `${pairs} run(s) paired, ${compared} check verdicts compared, ${differences} difference(s), ${unpaired} judged on one side only`,
);
process.exitCode = differences === 0 && pairs > 0 ? 0 : 1;
