/**
 * The vendor comparison written by `npm run vendors` (scripts/vendors.ts): reads each vendor's run directory
 * and what the launcher recorded (versions, a vendor process that died, a run that hit its time bound, a vendor
 * that is not installed), and writes comparison.md, comparison.html and comparison.json with the `compare` code
 * (src/report/compare.ts): scores, deviations with evidence and curl, per-operation statuses and latency, and
 * the check × vendor matrix with the variant seen. Regenerated from the run directories alone, so it can be
 * rebuilt (`node --import tsx scripts/vendors.ts --report-only`) after the harness changes its rendering.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from './atomic-write.ts';
import { verdictsByCheck } from './aggregate.ts';
import { BaselineSchema } from './baseline.ts';
import {
  buildComparison,
  type CompareInput,
  type Comparison,
  renderCompareHtml,
  renderCompareMarkdown,
  type VendorDeath,
} from './compare.ts';
import { loadResults } from './load-results.ts';
import { type ExchangeRecord, operationStatsOf, readExchanges } from './operations.ts';
import type { Results } from './results-schema.ts';

/** One vendor × profile run as scripts/vendors.ts records it in vendors.json. */
export interface VendorRunRecord {
  vendor: string;
  product: string;
  version: string;
  label: string;
  profile: 'cos' | 's3';
  signer: string;
  addressing: string;
  /** Checks left out of this run on purpose, and why. */
  skipChecks?: string[];
  why?: string;
  runDir?: string;
  exitCode?: number | null;
  wallMs?: number;
  timedOut?: boolean;
  death?: Omit<VendorDeath, 'lastExchange' | 'lastCheck' | 'erroredAfter'>;
  skipped?: string;
  error?: string;
}

export interface VendorsMeta {
  seed: number;
  runs: VendorRunRecord[];
  /** Repository root, where baselines/<vendor>.json are looked up for their reasons. */
  root?: string;
}

const CONNECTION_LOST = /ECONNREFUSED|ECONNRESET|SOCKET_CLOSED|EPIPE|UND_ERR_SOCKET/;

/** Where the run was when the vendor died: the last exchange started before it, and what followed. */
export function locateDeath(
  death: NonNullable<VendorRunRecord['death']>,
  exchanges: readonly ExchangeRecord[],
  results: Results,
): VendorDeath {
  const at = Date.parse(death.at);
  let last: ExchangeRecord | undefined;
  for (const ex of exchanges) {
    const startedMs = Date.parse(ex.startedAt ?? '');
    if (
      Number.isFinite(startedMs) &&
      startedMs <= at &&
      (!last || startedMs >= Date.parse(last.startedAt ?? ''))
    )
      last = ex;
  }
  const out: VendorDeath = { ...death };
  if (last?.request) {
    out.lastExchange = `${last.op ?? '?'} ${last.request.method ?? ''} ${last.request.path ?? ''}`;
    const path = last.request.path;
    const check = results.checks.find((c) => c.evidence.some((e) => e.request.path === path));
    if (check) out.lastCheck = check.checkId;
  }
  const verdicts = verdictsByCheck(results.checks);
  out.erroredAfter = [...verdicts].filter(([id, outcome]) => {
    if (outcome !== 'error' && outcome !== 'indeterminate') return false;
    return results.checks.some(
      (entry) =>
        entry.checkId === id &&
        (CONNECTION_LOST.test(entry.message) ||
          entry.evidence.some((e) => CONNECTION_LOST.test(e.transportError?.code ?? ''))),
    );
  }).length;
  return out;
}

function explanationsFor(root: string | undefined, vendor: string, profile: string) {
  if (!root) return undefined;
  const file = join(root, 'baselines', `${vendor}.json`);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = BaselineSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success || parsed.data.profile !== profile) return undefined;
    return parsed.data.expectedFailures;
  } catch {
    return undefined;
  }
}

/** Builds the comparison of a vendors directory (its vendors.json records and run directories). */
export async function buildVendorComparison(
  out: string,
  meta: VendorsMeta,
): Promise<{ comparison: Comparison; preface: string[] }> {
  const inputs: CompareInput[] = [];
  const preface: string[] = [
    `Every vendor ran the same suite with seed ${meta.seed} (tier quick). Score: checks passed / checks that applied (not skipped); a check that could not be judged (error) or was indeterminate counts as not passed. Latencies are loopback figures on the machine that ran the comparison, shared with the harness itself: compare them between vendors, not with production numbers.`,
  ];
  for (const vendorRunRecord of meta.runs) {
    if (vendorRunRecord.skipped) {
      preface.push(`- ${vendorRunRecord.label}: not run: ${vendorRunRecord.skipped}.`);
      continue;
    }
    if (
      vendorRunRecord.error ||
      !vendorRunRecord.runDir ||
      !existsSync(join(out, vendorRunRecord.runDir, 'results.json'))
    ) {
      preface.push(
        `- ${vendorRunRecord.label}: no results: ${vendorRunRecord.error ?? 'the run wrote no results.json'}.`,
      );
      continue;
    }
    const dir = join(out, vendorRunRecord.runDir);
    const { results } = await loadResults(dir);
    const history = join(dir, 'history.ndjson');
    const death = vendorRunRecord.death
      ? locateDeath(vendorRunRecord.death, await readExchanges(history), results)
      : undefined;
    const explanations = explanationsFor(meta.root, vendorRunRecord.vendor, vendorRunRecord.profile);
    if (vendorRunRecord.skipChecks?.length)
      preface.push(
        `- ${vendorRunRecord.label}: run without ${vendorRunRecord.skipChecks.map((c) => `\`${c}\``).join(', ')}${vendorRunRecord.why ? ` (${vendorRunRecord.why})` : ''}.`,
      );
    inputs.push({
      label: vendorRunRecord.label,
      results,
      operations: await operationStatsOf(history),
      vendor: {
        product: vendorRunRecord.product,
        version: vendorRunRecord.version,
        signer: vendorRunRecord.signer,
        addressing: vendorRunRecord.addressing,
        ...(vendorRunRecord.wallMs !== undefined ? { wallMs: vendorRunRecord.wallMs } : {}),
        ...(vendorRunRecord.exitCode !== undefined ? { exitCode: vendorRunRecord.exitCode } : {}),
        ...(vendorRunRecord.timedOut ? { timedOut: true } : {}),
        ...(death ? { death } : {}),
      },
      ...(explanations ? { explanations } : {}),
    });
  }
  return { comparison: buildComparison(inputs), preface };
}

/** Writes comparison.json, comparison.md and comparison.html under `out`. */
export async function writeVendorComparison(out: string, meta: VendorsMeta): Promise<Comparison> {
  const { comparison, preface } = await buildVendorComparison(out, meta);
  const title = 'cos-conformance: vendor comparison';
  await writeJsonAtomic(join(out, 'comparison.json'), { ...comparison, seed: meta.seed, preface });
  await writeFileAtomic(join(out, 'comparison.md'), renderCompareMarkdown(comparison, { title, preface }));
  await writeFileAtomic(join(out, 'comparison.html'), renderCompareHtml(comparison, { title, preface }));
  return comparison;
}
