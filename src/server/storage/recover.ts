/**
 * Reading a data directory back at start (src/server/storage/journal.ts has the layout): every bucket, upload,
 * part and object record, after finishing what a crash interrupted.
 *
 * - Temp files (bodies being received, records being written) and `meta/trash` are removed: nothing in them was
 *   acknowledged.
 * - An upload that an object record names in `fromUpload` was completed (the object record is Complete's commit
 *   point), so the rest of its removal is done now: it is gone, not half there.
 * - A record whose data file is missing, or of another size, is left out and reported (never expected: the bytes
 *   are flushed before their record is written).
 * - Data files that no record names (a part replaced, an object deleted, a Complete interrupted before its commit
 *   point) are removed.
 */
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TEMP_SUFFIX } from './durable-write.ts';
import { META_DIRS, UPLOAD_FILE } from './journal.ts';
import type {
  BucketMeta,
  ObjectMeta,
  PartMeta,
  RecoveredState,
  RecoveredUpload,
  UploadMeta,
} from './journal-records.ts';
import { removeFile } from './stored-file.ts';

/** Upload ids as the server makes them (src/server/state/uploads.ts newUploadId). */
const UPLOAD_ID = /^\d{10}[0-9a-f]{64}$/;
const PART_FILE = /^part-(\d{1,5})\.json$/;

/** Reads and cleans `<dataDir>`; `log` gets one line per record left out. */
export async function recoverState(dataDir: string, log?: (line: string) => void): Promise<RecoveredState> {
  const meta = join(dataDir, 'meta');
  const cleaned = { tempFiles: 0, orphanDataFiles: 0, completedUploads: 0, trash: 0 };
  const trash = join(meta, META_DIRS.trash);
  for (const name of await list(trash)) {
    await rm(join(trash, name), { recursive: true, force: true });
    cleaned.trash++;
  }
  const records = async <T>(dir: string): Promise<T[]> => {
    const out: T[] = [];
    for (const name of await list(dir)) {
      if (name.endsWith(TEMP_SUFFIX)) {
        await removeFile(join(dir, name));
        cleaned.tempFiles++;
      } else if (name.endsWith('.json')) out.push(JSON.parse(await readFile(join(dir, name), 'utf8')) as T);
    }
    return out;
  };
  const buckets = await records<BucketMeta>(join(meta, META_DIRS.buckets));
  const objects: ObjectMeta[] = [];
  for (const object of await records<ObjectMeta>(join(meta, META_DIRS.objects))) {
    if (await fileMatches(dataDir, object.file, object.size)) objects.push(object);
    else log?.(`recovery: object ${object.bucket}/${object.key} left out: its data file is missing or short`);
  }
  const completed = new Set(objects.map((o) => o.fromUpload).filter((id) => id !== undefined));
  const uploads: RecoveredUpload[] = [];
  const uploadsDir = join(meta, META_DIRS.uploads);
  for (const id of await list(uploadsDir)) {
    const dir = join(uploadsDir, id);
    if (!UPLOAD_ID.test(id) || completed.has(id)) {
      await rm(dir, { recursive: true, force: true });
      if (completed.has(id)) cleaned.completedUploads++;
      continue;
    }
    const upload = await readUpload(join(dir, UPLOAD_FILE));
    if (!upload) {
      // Never written whole (Initiate builds the directory aside): the upload was not acknowledged.
      await rm(dir, { recursive: true, force: true });
      cleaned.trash++;
      continue;
    }
    const parts: PartMeta[] = [];
    for (const name of await list(dir)) {
      if (name.endsWith(TEMP_SUFFIX)) {
        await removeFile(join(dir, name));
        cleaned.tempFiles++;
        continue;
      }
      if (!PART_FILE.test(name)) continue;
      const part = JSON.parse(await readFile(join(dir, name), 'utf8')) as PartMeta;
      if (await fileMatches(dataDir, part.file, part.size)) parts.push(part);
      else
        log?.(
          `recovery: part ${part.partNumber} of upload ${id} left out: its data file is missing or short`,
        );
    }
    uploads.push({ meta: upload, parts });
  }
  const referenced = new Set([
    ...objects.map((o) => o.file),
    ...uploads.flatMap((u) => u.parts.map((p) => p.file)),
  ]);
  for (const kind of ['parts', 'objects']) {
    for (const name of await list(join(dataDir, kind))) {
      if (referenced.has(`${kind}/${name}`)) continue;
      await removeFile(join(dataDir, kind, name));
      cleaned.orphanDataFiles++;
    }
  }
  uploads.sort((a, b) => a.meta.initiated.localeCompare(b.meta.initiated));
  return { buckets, uploads, objects, cleaned };
}

async function readUpload(path: string): Promise<UploadMeta | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as UploadMeta;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function list(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

async function fileMatches(dataDir: string, file: string, size: number): Promise<boolean> {
  if (!/^(parts|objects)\/[^/]+$/.test(file)) return false;
  try {
    return (await stat(join(dataDir, file))).size === size;
  } catch {
    return false;
  }
}
