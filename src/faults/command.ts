/**
 * `cos-conformance faults-proxy`: the fault proxy as a long-running command. The CLI module parses flags and
 * calls {@link runFaultProxyCommand}; a {@link FaultProxyError} means a usage error (exit code 2).
 *
 * ```
 * cos-conformance faults-proxy --upstream http://127.0.0.1:9000 --fault reset-mid-request-body --match uploadPart --times 1
 * cos-conformance faults-proxy --upstream URL --fault trickle-response --match listParts --param intervalMs=500
 * ```
 */
import { COS_OPS, type CosOpName, isCosOpName } from './cos-op.ts';
import { FaultProxyError } from './errors.ts';
import { startFaultProxy } from './proxy.ts';
import { toFaultSpec } from './spec-schema.ts';
import {
  FAULT_NAMES,
  type FaultName,
  type FaultPlan,
  type FaultProxyStats,
  type FaultRule,
} from './types.ts';

/** Options of `faults-proxy`, as the CLI collects them. */
export interface FaultProxyCommandOptions {
  /** `http://host:port` of the endpoint to sit in front of. */
  readonly upstream: string;
  /** Fault name (see `FAULTS`). */
  readonly fault: string;
  /** Operations to hit: `any` (default) or a comma list of COS op names, e.g. `uploadPart`. */
  readonly match?: string;
  /** Only the n-th request through the proxy (1-based); combines with `match`. */
  readonly nth?: number;
  /** Let the first `skip` matching requests pass. */
  readonly skip?: number;
  /** Apply to at most `times` requests. */
  readonly times?: number;
  /** Fault parameters as `key=value` strings (`--param intervalMs=500`) or already typed values. */
  readonly params?: readonly string[] | Readonly<Record<string, string | number | boolean>>;
  /** Listening port on 127.0.0.1 (default 0: any). */
  readonly port?: number;
  /** Upper bound on one fault, ms. */
  readonly faultTimeoutMs?: number;
  /** Where lines go (default: stdout). The first line is `FAULT_PROXY_URL=<url>`. */
  readonly out?: (line: string) => void;
  /** Stops the proxy when aborted; without it the command stops on SIGINT or SIGTERM. */
  readonly signal?: AbortSignal;
}

function usage(message: string): FaultProxyError {
  return new FaultProxyError('FAULT_PROXY_INVALID_PLAN', message);
}

function typed(value: string): string | number | boolean {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

/** Parses `key=value` fault parameters; numbers and booleans are converted. */
export function parseFaultParams(
  params: FaultProxyCommandOptions['params'],
): Record<string, string | number | boolean> {
  if (params === undefined) return {};
  if (!Array.isArray(params)) return { ...(params as Record<string, string | number | boolean>) };
  const out: Record<string, string | number | boolean> = {};
  for (const piece of params as readonly string[]) {
    const eq = piece.indexOf('=');
    if (eq <= 0) throw usage(`--param must be key=value, got ${JSON.stringify(piece)}`);
    out[piece.slice(0, eq)] = typed(piece.slice(eq + 1));
  }
  return out;
}

/** Parses `--match`: `any`, or a comma list of COS op names. */
export function parseOpMatch(match: string | undefined): readonly CosOpName[] | undefined {
  if (match === undefined || match === '' || match === 'any') return undefined;
  const ops = match.split(',').map((s) => s.trim());
  for (const op of ops) {
    if (!isCosOpName(op))
      throw usage(`--match: unknown operation ${JSON.stringify(op)} (one of any, ${COS_OPS.join(', ')})`);
  }
  return ops as CosOpName[];
}

/** Builds the one-rule plan the command runs (validated). */
export function planFromCommand(opts: FaultProxyCommandOptions): FaultPlan {
  if (!(FAULT_NAMES as readonly string[]).includes(opts.fault)) {
    throw usage(`--fault: unknown fault ${JSON.stringify(opts.fault)} (one of ${FAULT_NAMES.join(', ')})`);
  }
  const spec = toFaultSpec(
    { ...parseFaultParams(opts.params), name: opts.fault as FaultName } as never,
    '--fault/--param',
  );
  const ops = parseOpMatch(opts.match);
  const rule: FaultRule = {
    fault: spec,
    match: { ...(ops ? { op: ops } : {}), ...(opts.nth === undefined ? {} : { nth: opts.nth }) },
    ...(opts.skip === undefined ? {} : { skip: opts.skip }),
    ...(opts.times === undefined ? {} : { times: opts.times }),
  };
  return {
    rules: [rule],
    ...(opts.faultTimeoutMs === undefined ? {} : { faultTimeoutMs: opts.faultTimeoutMs }),
  };
}

function untilStopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal) {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
      return;
    }
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * Runs the proxy until stopped, then closes it and resolves its final stats. Prints `FAULT_PROXY_URL=<url>`
 * first, so a script can point a run at it, and a one-line summary at the end.
 */
export async function runFaultProxyCommand(opts: FaultProxyCommandOptions): Promise<FaultProxyStats> {
  const out = opts.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const plan = planFromCommand(opts);
  const proxy = await startFaultProxy({
    upstream: opts.upstream,
    plan,
    ...(opts.port === undefined ? {} : { port: opts.port }),
  });
  out(`FAULT_PROXY_URL=${proxy.url}`);
  out(`fault proxy ${proxy.url} -> ${opts.upstream}: ${opts.fault} on ${opts.match ?? 'any'} requests`);
  await untilStopped(opts.signal);
  const stats = proxy.stats();
  await proxy.close();
  out(`fault proxy stopped: ${stats.requests} requests, by fault ${JSON.stringify(stats.byFault)}`);
  return stats;
}
