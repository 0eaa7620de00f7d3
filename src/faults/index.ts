/**
 * Transport faults for cos-conformance: an HTTP/1.1 fault-injecting reverse proxy (a nemesis on the wire), its
 * catalogue, and the `faults-proxy` command. See docs in the TSDoc of {@link startFaultProxy} and `FAULTS`.
 */
export { FAULTS, type FaultFact, type FaultVerdict, expectedVerdict, isMutating } from './catalogue.ts';
export {
  runFaultProxyCommand,
  type FaultProxyCommandOptions,
  parseFaultParams,
  parseOpMatch,
  planFromCommand,
} from './command.ts';
export { COS_OPS, type CosOpName, classifyCosOp, isCosOpName, MUTATING_OPS } from './cos-op.ts';
export { FaultProxyError, type FaultProxyErrorCode } from './errors.ts';
export {
  DEFAULT_FAULT_TIMEOUT_MS,
  everyOp,
  everyRequest,
  faultPlan,
  firstOp,
  matcher,
  nthOp,
  nthRequest,
  PASS_PLAN,
  PlanState,
  type RuleBudget,
} from './plan.ts';
export { parseUpstream, startFaultProxy, withFaultProxy } from './proxy.ts';
export { faultSpecSchema, toFaultSpec } from './spec-schema.ts';
export * from './types.ts';
