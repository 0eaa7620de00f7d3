/**
 * history.ndjson: every exchange of a run, one JSON object per line, appended by the client's Recorder
 * (src/client/recorder.ts). The report side only reads it: counts, and the Upload Part vacuity guard.
 */
import { createReadStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';

/** Operation names the client records for Upload Part (not Upload Part - Copy). */
const UPLOAD_PART_OPS = new Set(['uploadPart', 'UploadPart', 'upload-part']);

export interface HistoryStats {
  exchanges: number;
  /** Lines that were not JSON (a crashed writer's torn last line). */
  malformed: number;
  uploadPart: { attempted: number; succeeded: number };
  /** Request-body bytes of every exchange: what the run uploaded (held against `--max-bytes`). */
  bytes: number;
}

/**
 * Starts a run's history: an empty file, so that it exists even for a run that made no request, and so that
 * a reused `--out` directory never mixes in the exchanges of an earlier run.
 */
export async function resetHistoryFile(file: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, '');
}

/** Reads a history file line by line (never whole: a full-tier run is large). A missing file counts as empty. */
export async function scanHistory(file: string): Promise<HistoryStats> {
  const stats: HistoryStats = {
    exchanges: 0,
    malformed: 0,
    uploadPart: { attempted: 0, succeeded: 0 },
    bytes: 0,
  };
  try {
    await stat(file);
  } catch {
    return stats;
  }
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    if (!line.trim()) continue;
    let ex: { op?: unknown; request?: { bodySize?: unknown }; response?: { status?: unknown } };
    try {
      ex = JSON.parse(line);
    } catch {
      stats.malformed += 1;
      continue;
    }
    stats.exchanges += 1;
    if (typeof ex.request?.bodySize === 'number') stats.bytes += ex.request.bodySize;
    if (typeof ex.op === 'string' && UPLOAD_PART_OPS.has(ex.op)) {
      stats.uploadPart.attempted += 1;
      const status = ex.response?.status;
      if (typeof status === 'number' && status >= 200 && status < 300) stats.uploadPart.succeeded += 1;
    }
  }
  return stats;
}
