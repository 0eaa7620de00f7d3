/**
 * Per-operation figures of a run, from its exchanges (history.ndjson): how many requests, the status codes seen
 * (a transport failure counts under its code, e.g. `ECONNREFUSED`), and the latency (median and p95 of the
 * whole exchange, request sent to response read). The operation is told from the request itself (method and
 * query), so raw-path requests count under the operation they performed.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';

export interface OperationStats {
  operation: string;
  count: number;
  /** Status code (as text) or transport error code → count, sorted by key. */
  statuses: Record<string, number>;
  medianMs: number;
  p95Ms: number;
}

/** The order operations are shown in; others follow alphabetically. */
export const OPERATION_ORDER = [
  'Initiate',
  'Upload Part',
  'List Parts',
  'Complete',
  'Abort',
  'List Multipart Uploads',
  'Put Object',
  'Get Object',
  'Head Object',
  'Delete Object',
  'Put Bucket',
  'Head Bucket',
  'Delete Bucket',
  'List Objects',
];

interface ExchangeLike {
  request?: { method?: string; path?: string; query?: Record<string, string> };
  response?: { status?: number };
  transportError?: { code?: string };
  durationMs?: number;
}

/** The multipart (or object/bucket) operation of a request, from its method and query. */
export function operationOf(method: string, path: string, query: Record<string, string>): string {
  const has = (key: string) => Object.keys(query).some((q) => q.toLowerCase() === key.toLowerCase());
  const m = method.toUpperCase();
  if (m === 'POST' && has('uploads')) return 'Initiate';
  if (m === 'PUT' && (has('partNumber') || has('uploadId'))) return 'Upload Part';
  if (m === 'GET' && has('uploadId')) return 'List Parts';
  if (m === 'POST' && has('uploadId')) return 'Complete';
  if (m === 'DELETE' && has('uploadId')) return 'Abort';
  if (m === 'GET' && has('uploads')) return 'List Multipart Uploads';
  // Path-style `/bucket` or virtual-host `/`: a bucket operation; anything deeper names an object.
  const segments = path.split('/').filter(Boolean);
  const bucketLevel = segments.length <= 1 && !path.includes('cos-conformance/');
  const noun = bucketLevel ? 'Bucket' : 'Object';
  if (bucketLevel && m === 'GET') return 'List Objects';
  const verb = { PUT: 'Put', GET: 'Get', HEAD: 'Head', DELETE: 'Delete', POST: 'Post' }[m] ?? m;
  return `${verb} ${noun}`;
}

/** The value at quantile q (0..1) of sorted values, nearest-rank. */
export function quantile(sorted: readonly number[], queryAt: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(queryAt * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

/** Accumulates exchanges into per-operation figures. */
export class OperationTally {
  private readonly byOp = new Map<string, { statuses: Map<string, number>; durations: number[] }>();

  add(ex: ExchangeLike): void {
    const req = ex.request;
    if (!req?.method) return;
    const op = operationOf(req.method, req.path ?? '/', req.query ?? {});
    let entry = this.byOp.get(op);
    if (!entry) {
      entry = { statuses: new Map(), durations: [] };
      this.byOp.set(op, entry);
    }
    const key =
      typeof ex.response?.status === 'number'
        ? String(ex.response.status)
        : (ex.transportError?.code ?? 'no answer');
    entry.statuses.set(key, (entry.statuses.get(key) ?? 0) + 1);
    if (typeof ex.durationMs === 'number' && Number.isFinite(ex.durationMs))
      entry.durations.push(ex.durationMs);
  }

  stats(): OperationStats[] {
    const rank = (op: string) => {
      const index = OPERATION_ORDER.indexOf(op);
      return index < 0 ? OPERATION_ORDER.length : index;
    };
    return [...this.byOp]
      .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
      .map(([operation, { statuses, durations }]) => {
        const sorted = [...durations].sort((x, y) => x - y);
        return {
          operation,
          count: [...statuses.values()].reduce((s, n) => s + n, 0),
          statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a.localeCompare(b))),
          medianMs: round(quantile(sorted, 0.5)),
          p95Ms: round(quantile(sorted, 0.95)),
        };
      });
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** Reads a history.ndjson line by line; a missing file gives no operations, a torn line is ignored. */
export async function operationStatsOf(historyFile: string): Promise<OperationStats[]> {
  const tally = new OperationTally();
  try {
    await stat(historyFile);
  } catch {
    return [];
  }
  const lines = createInterface({
    input: createReadStream(historyFile, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    if (!line.trim()) continue;
    try {
      tally.add(JSON.parse(line) as ExchangeLike);
    } catch {
      /* a crashed writer's torn last line */
    }
  }
  return tally.stats();
}

/** Reads the exchanges of a history file (for locating a vendor's death); bounded by `max` lines. */
export async function readExchanges(historyFile: string, max = 200_000): Promise<ExchangeRecord[]> {
  const out: ExchangeRecord[] = [];
  try {
    await stat(historyFile);
  } catch {
    return out;
  }
  const lines = createInterface({
    input: createReadStream(historyFile, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    if (!line.trim()) continue;
    if (out.length >= max) break;
    try {
      const ex = JSON.parse(line) as ExchangeRecord;
      out.push(ex);
    } catch {
      /* torn line */
    }
  }
  return out;
}

export interface ExchangeRecord extends ExchangeLike {
  op?: string;
  startedAt?: string;
  request?: { method?: string; path?: string; url?: string; query?: Record<string, string> };
}
