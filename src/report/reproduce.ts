/**
 * Reproductions of a recorded exchange, for a person at a shell: the request line, and a curl command with the
 * signature as the placeholder `$COS_AUTHORIZATION` (schemathesis's "Reproduce with:", without any secret),
 * the body regenerated from its seed by `cos-conformance body`.
 */
import type { Exchange } from '../client/exchange.ts';
import { REDACTED } from '../client/redact.ts';
import type { Reproduction } from './results-schema.ts';

/** How a generated body was made (src/body BodySpec), when the client records it on the request. */
export interface RecordedBodySpec {
  seed: number;
  size: number;
  stamp?: { upload: number; part: number };
}

/** Headers curl computes itself, or that would be wrong to replay verbatim. */
const CURL_OWN_HEADERS = new Set(['content-length', 'connection', 'transfer-encoding', 'user-agent']);

/** Placeholders for headers whose recorded value is redacted. */
const PLACEHOLDERS: Readonly<Record<string, string>> = {
  authorization: '$COS_AUTHORIZATION',
  'x-cos-security-token': '$COS_SECURITY_TOKEN',
  'x-amz-security-token': '$AWS_SESSION_TOKEN',
};

/** POSIX shell single-quoting. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `PUT /key?partNumber=1&uploadId=… HTTP/1.1`, from the recorded URL (signature parameters already removed). */
export function requestLine(exchange: Pick<Exchange, 'request'>): string {
  const { method, url, path, query } = exchange.request;
  let target: string;
  try {
    const u = new URL(url);
    target = `${u.pathname}${u.search}`;
  } catch {
    const qs = new URLSearchParams(query).toString();
    target = qs ? `${path}?${qs}` : path;
  }
  return `${method} ${target} HTTP/1.1`;
}

function bodySpecOf(exchange: Exchange): RecordedBodySpec | undefined {
  const candidate = (exchange.request as { body?: unknown }).body;
  if (!candidate || typeof candidate !== 'object') return undefined;
  const { seed, size, stamp } = candidate as Partial<RecordedBodySpec>;
  if (typeof seed !== 'number' || typeof size !== 'number') return undefined;
  if (stamp && (typeof stamp.upload !== 'number' || typeof stamp.part !== 'number')) return undefined;
  return stamp ? { seed, size, stamp } : { seed, size };
}

/** The command that writes a generated body to stdout. */
export function bodyCommand(spec: RecordedBodySpec): string {
  const stamp = spec.stamp ? ` --upload ${spec.stamp.upload} --part ${spec.stamp.part}` : '';
  return `cos-conformance body --seed ${spec.seed} --size ${spec.size}${stamp}`;
}

/**
 * The evidence exchange a reproduction should replay: the last one that got an error status or a transport
 * error, else the last one.
 */
export function exchangeToReproduce(exchanges: readonly Exchange[]): Exchange | undefined {
  for (let index = exchanges.length - 1; index >= 0; index--) {
    const ex = exchanges[index]!;
    if (ex.transportError || (ex.response && ex.response.status >= 300)) return ex;
  }
  return exchanges.at(-1);
}

/** A shell snippet reproducing one exchange with curl. Never contains a secret: redacted values become placeholders. */
export function curlFor(exchange: Exchange): string {
  const { method, url, headers, bodySize, bodyMd5 } = exchange.request;
  const lines: string[] = [
    `# ${exchange.op} (exchange #${exchange.seq}); export COS_AUTHORIZATION=<your signature>`,
  ];
  const args: string[] = [`curl -sS -i -X ${method} ${shellQuote(url)}`];
  let urlHost: string | undefined;
  try {
    urlHost = new URL(url).host;
  } catch {
    urlHost = undefined;
  }
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (CURL_OWN_HEADERS.has(lower)) continue;
    if (lower === 'host' && value === urlHost) continue;
    const placeholder = PLACEHOLDERS[lower];
    if (placeholder) {
      args.push(`-H "${name}: ${placeholder}"`);
    } else if (value.includes(REDACTED)) {
      args.push(`-H "${name}: \${${lower.replace(/[^a-z0-9]/g, '_').toUpperCase()}}"`);
    } else {
      args.push(`-H ${shellQuote(`${name}: ${value}`)}`);
    }
  }
  const spec = bodySpecOf(exchange);
  if (spec) {
    lines.push(`${bodyCommand(spec)} > part.bin`);
    args.push('--data-binary @part.bin');
  } else if (bodySize > 0) {
    const text = (exchange.request as { bodyText?: unknown }).bodyText;
    if (typeof text === 'string') {
      args.push(`--data-binary ${shellQuote(text)}`);
    } else {
      lines.push(
        `# the ${bodySize}-byte request body (MD5 ${bodyMd5 ?? 'unknown'}) was not recorded: supply it as body.bin`,
      );
      args.push('--data-binary @body.bin');
    }
  }
  lines.push(args.join(' \\\n  '));
  return lines.join('\n');
}

/** The reproduction of a verdict: curl for the deciding exchange, and the replay command when a property failed. */
export function reproductionFor(
  exchanges: readonly Exchange[],
  replay: string | undefined,
  runFlags: string,
): Reproduction | undefined {
  const exchange = exchangeToReproduce(exchanges);
  if (!exchange && !replay) return undefined;
  return {
    exchangeSeq: exchange?.seq ?? 0,
    shell: exchange ? curlFor(exchange) : '# no exchange recorded',
    ...(replay ? { replay: `cos-conformance run ${runFlags}--replay ${shellQuote(replay)}`.trim() } : {}),
  };
}
