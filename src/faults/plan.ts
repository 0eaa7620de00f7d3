/**
 * Fault plans: validation, per-request selection, and small builders for the common selections
 * ("every Upload Part", "the first Upload Part", "the 3rd Upload Part", "the 5th request").
 */
import { FaultProxyError } from './errors.ts';
import { toFaultSpec } from './spec-schema.ts';
import type { CosOpName } from './cos-op.ts';
import type { FaultName, FaultPlan, FaultRule, FaultSpec, ProxiedRequest, RequestMatch } from './types.ts';

/** Default upper bound on one fault, in milliseconds. */
export const DEFAULT_FAULT_TIMEOUT_MS = 60_000;

/** The fault chosen for one request. */
export interface FaultChoice {
  readonly spec: FaultSpec;
  /** Index of the rule that chose it; undefined when `otherwise` did. */
  readonly rule?: number;
}

interface CompiledRule {
  readonly spec: FaultSpec;
  readonly test: (req: ProxiedRequest) => boolean;
  readonly skip: number;
  readonly times: number;
  seen: number;
  applied: number;
}

function asList<T>(value: T | readonly T[]): readonly T[] {
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

function nonNegativeInt(scaled: number | undefined, fallback: number, where: string): number {
  if (scaled === undefined) return fallback;
  if (!Number.isInteger(scaled) || scaled < 0) {
    throw new FaultProxyError(
      'FAULT_PROXY_INVALID_PLAN',
      `${where} must be a non-negative integer, got ${scaled}`,
    );
  }
  return scaled;
}

/** Turns a declarative {@link RequestMatch} into a predicate. */
export function matcher(match: RequestMatch): (req: ProxiedRequest) => boolean {
  const ops = match.op === undefined ? undefined : new Set<string>(asList(match.op));
  const methods =
    match.method === undefined ? undefined : new Set(asList(match.method).map((m) => m.toUpperCase()));
  const nths = match.nth === undefined ? undefined : new Set(asList(match.nth));
  const query = match.query === undefined ? undefined : Object.entries(match.query);
  const path = match.path;
  return (req) => {
    if (ops && !ops.has(req.op)) return false;
    if (methods && !methods.has(req.method.toUpperCase())) return false;
    if (nths && !nths.has(req.seq)) return false;
    if (typeof path === 'string' && req.path !== path) return false;
    if (path instanceof RegExp && !path.test(req.path)) return false;
    if (query) {
      const lower = new Map(Object.entries(req.query).map(([name, value]) => [name.toLowerCase(), value]));
      for (const [key, want] of query) {
        const got = lower.get(key.toLowerCase());
        if (got === undefined || (want !== true && got !== want)) return false;
      }
    }
    return true;
  };
}

function compileRule(rule: FaultRule, index: number): CompiledRule {
  const where = `plan.rules[${index}]`;
  const test =
    rule.match === undefined
      ? () => true
      : typeof rule.match === 'function'
        ? rule.match
        : matcher(rule.match);
  return {
    spec: toFaultSpec(rule.fault, `${where}.fault`),
    test,
    skip: nonNegativeInt(rule.skip, 0, `${where}.skip`),
    times: nonNegativeInt(rule.times, Number.POSITIVE_INFINITY, `${where}.times`),
    seen: 0,
    applied: 0,
  };
}

/** A validated plan with its rule budgets; one instance per proxy (budgets are state). */
export class PlanState {
  readonly faultTimeoutMs: number;
  readonly #rules: CompiledRule[];
  readonly #otherwise: FaultSpec;

  constructor(plan: FaultPlan) {
    if (typeof plan !== 'object' || plan === null || !Array.isArray(plan.rules)) {
      throw new FaultProxyError('FAULT_PROXY_INVALID_PLAN', 'plan.rules must be an array');
    }
    this.#rules = plan.rules.map(compileRule);
    this.#otherwise = toFaultSpec(plan.otherwise ?? 'pass', 'plan.otherwise');
    const timeoutMs = plan.faultTimeoutMs ?? DEFAULT_FAULT_TIMEOUT_MS;
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
      throw new FaultProxyError(
        'FAULT_PROXY_INVALID_PLAN',
        `plan.faultTimeoutMs must be a positive integer, got ${timeoutMs}`,
      );
    }
    this.faultTimeoutMs = timeoutMs;
  }

  /** Picks the fault for a request and spends the chosen rule's budget. */
  choose(req: ProxiedRequest): FaultChoice {
    for (let index = 0; index < this.#rules.length; index++) {
      const compiledRule = this.#rules[index];
      if (compiledRule.applied >= compiledRule.times || !compiledRule.test(req)) continue;
      compiledRule.seen += 1;
      if (compiledRule.seen <= compiledRule.skip) continue;
      compiledRule.applied += 1;
      return { spec: compiledRule.spec, rule: index };
    }
    return { spec: this.#otherwise };
  }
}

/** Options of the rule builders. */
export interface RuleBudget {
  readonly skip?: number;
  readonly times?: number;
}

/** A plan from rules (first match wins; unmatched requests pass). */
export function faultPlan(...rules: FaultRule[]): FaultPlan {
  return { rules };
}

/** Every request of operation `op` (e.g. every Upload Part). */
export function everyOp(op: CosOpName, fault: FaultName | FaultSpec, budget: RuleBudget = {}): FaultRule {
  return { match: { op }, fault, ...budget };
}

/** Only the first request of operation `op` (e.g. the first Upload Part); later ones pass. */
export function firstOp(op: CosOpName, fault: FaultName | FaultSpec): FaultRule {
  return { match: { op }, fault, times: 1 };
}

/** Only the n-th (1-based) request of operation `op`. */
export function nthOp(op: CosOpName, n: number, fault: FaultName | FaultSpec): FaultRule {
  if (!Number.isInteger(n) || n < 1)
    throw new FaultProxyError('FAULT_PROXY_INVALID_PLAN', `nthOp: n must be ≥ 1, got ${n}`);
  return { match: { op }, fault, skip: n - 1, times: 1 };
}

/** Only the n-th (1-based) request through the proxy, whatever it is. */
export function nthRequest(n: number, fault: FaultName | FaultSpec): FaultRule {
  return { match: { nth: n }, fault };
}

/** Every request. */
export function everyRequest(fault: FaultName | FaultSpec): FaultRule {
  return { fault };
}

/** The plan that forwards everything untouched. */
export const PASS_PLAN: FaultPlan = { rules: [] };
