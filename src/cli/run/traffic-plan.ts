/**
 * What a run would send, before it sends anything: each selected check's estimate (src/checks/traffic.ts) under
 * the run's tier and profile, and the `--max-bytes` budget spent in catalogue order. Used by `run --dry-run` to
 * print the plan and by `run --max-bytes` to skip, with a reason, the checks that would upload too much.
 */
import { checkById } from '../../checks/registry.ts';
import { estimateTraffic, type TrafficEstimate } from '../../checks/traffic.ts';
import type { CheckDef } from '../../checks/types.ts';
import { profileByName } from '../../profiles/index.ts';
import type { RunConfig } from '../config.ts';

/** One check of the plan: what it would send, or why it will not run. */
export interface PlannedCheck {
  id: string;
  estimate: TrafficEstimate;
  /** Set when the check will be skipped (tier, profile, budget): the reason the results will show. */
  skip?: string;
  /** The skip is the budget's (`--max-bytes`), not the tier's or profile's. */
  overBudget?: boolean;
}

export interface TrafficPlan {
  checks: PlannedCheck[];
  /** Totals over the checks that will run. */
  requests: number;
  bytes: number;
}

/** The skip reason of a check over the budget (the results, JUnit and Markdown show it). */
export function overBudgetReason(bytes: number, maxBytes: number): string {
  return `would upload ${bytes} bytes, over --max-bytes ${maxBytes}`;
}

/** Plans the test-scope `checks` of a run of `config` (tier, profile, `--max-bytes`), in catalogue order. */
export function planTraffic(
  checks: readonly CheckDef[],
  config: Pick<RunConfig, 'tier' | 'profile' | 'maxBytes'>,
): TrafficPlan {
  const minPartSize = profileByName(config.profile).limits.minPartSize.value;
  const plan: TrafficPlan = { checks: [], requests: 0, bytes: 0 };
  for (const check of checks) {
    const known = checkById(check.id);
    if (!known || check.scope === 'run') continue;
    const none = { requests: 0, bytes: 0 };
    if (check.tiers && !check.tiers.includes(config.tier)) {
      plan.checks.push({ id: check.id, estimate: none, skip: `${check.tiers.join('/')} tier only` });
      continue;
    }
    if (check.profiles && !check.profiles.includes(config.profile)) {
      plan.checks.push({ id: check.id, estimate: none, skip: `profile ${check.profiles.join('/')} only` });
      continue;
    }
    const estimate = estimateTraffic(known, config.tier, minPartSize, config.profile);
    if (config.maxBytes !== undefined && plan.bytes + estimate.bytes > config.maxBytes) {
      const skip = overBudgetReason(estimate.bytes, config.maxBytes);
      plan.checks.push({ id: check.id, estimate, skip, overBudget: true });
      continue;
    }
    plan.checks.push({ id: check.id, estimate });
    plan.requests += estimate.requests;
    plan.bytes += estimate.bytes;
  }
  return plan;
}

/** The checks the budget skips, with their reasons (handed to the specs through the suite context). */
export function budgetSkips(plan: TrafficPlan): Record<string, string> {
  return Object.fromEntries(plan.checks.filter((c) => c.overBudget).map((c) => [c.id, c.skip!]));
}
