/**
 * The three file-system steps durability is built from: flush a file's bytes to the disk, flush a directory (so
 * that a rename or unlink in it survives a crash), and replace a small file atomically (write a temp file beside
 * it, flush it, rename it over the old one, flush the directory). A reader after a crash sees the old file or the
 * new one whole, never a mix.
 */
import { randomBytes } from 'node:crypto';
import { open, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { removeFile } from './stored-file.ts';

/** Suffix of the temp files {@link writeFileAtomic} writes; leftovers of a crash are removed at start. */
export const TEMP_SUFFIX = '.tmp';

/** Flushes the bytes (and size) of the file at `path` to the disk. */
export async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A directory flush in progress, and the one queued behind it (shared by every caller that came meanwhile). */
interface DirFlush {
  running: Promise<void>;
  queued: Promise<void> | undefined;
}

const dirFlushes = new Map<string, DirFlush>();

async function syncDirNow(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } catch (err) {
    // Some file systems cannot sync a directory; their renames are as durable as they get.
    if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
  } finally {
    await handle.close();
  }
}

function startDirFlush(path: string): Promise<void> {
  const flush: DirFlush = { running: syncDirNow(path), queued: undefined };
  dirFlushes.set(path, flush);
  flush.running
    .finally(() => {
      if (dirFlushes.get(path) === flush && flush.queued === undefined) dirFlushes.delete(path);
    })
    .catch(() => undefined);
  return flush.running;
}

/**
 * Flushes a directory's entries (names created, renamed or removed in it) to the disk. Group commit: a call made
 * while a flush of the same directory runs waits for the next flush, which starts after that one and serves every
 * call made meanwhile (a flush started before a rename may miss it). Sixteen parts committed at once into one
 * directory cost two directory flushes, not sixteen.
 */
export function fsyncDir(path: string): Promise<void> {
  const flush = dirFlushes.get(path);
  if (flush === undefined) return startDirFlush(path);
  flush.queued ??= flush.running.catch(() => undefined).then(() => startDirFlush(path));
  return flush.queued;
}

/** Process-wide prefix and counter of temp names: unique without asking for random bytes per write. */
const TEMP_PREFIX = randomBytes(4).toString('hex');
let tempCounter = 0;

function tempPathFor(path: string): string {
  tempCounter += 1;
  return join(dirname(path), `.${basename(path)}.${TEMP_PREFIX}${tempCounter.toString(36)}${TEMP_SUFFIX}`);
}

/** Writes `data` to a new file at `temp` and flushes it; removes it when the write or the flush failed. */
async function writeFlushed(temp: string, data: string): Promise<void> {
  const handle = await open(temp, 'wx');
  try {
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (err) {
    await removeFile(temp);
    throw err;
  }
}

/** Replaces the file at `path` with `data`, all or nothing, and durably once it resolves. */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  await writeFilesAtomic(dirname(path), [{ name: basename(path), data }]);
}

/**
 * Replaces files of one directory, each all or nothing, durably once it resolves: the temp files are written and
 * flushed side by side, renamed in the given order (a name given twice ends with its last data), and the directory
 * is flushed once for all of them. On failure, the files renamed so far stay replaced and the rest are untouched.
 */
export async function writeFilesAtomic(
  dir: string,
  files: ReadonlyArray<{ name: string; data: string }>,
): Promise<void> {
  const temps = files.map((file) => tempPathFor(join(dir, file.name)));
  const written = await Promise.allSettled(files.map((file, i) => writeFlushed(temps[i]!, file.data)));
  const failed = written.find((result) => result.status === 'rejected');
  let renamed = 0;
  try {
    if (failed) throw failed.reason;
    for (; renamed < files.length; renamed++) await rename(temps[renamed]!, join(dir, files[renamed]!.name));
  } catch (err) {
    // Temps that were written and not renamed; a failed write removed its own (or never created it).
    const left = temps.filter((_, i) => i >= renamed && written[i]!.status === 'fulfilled');
    await Promise.all(left.map((temp) => removeFile(temp)));
    throw err;
  }
  await fsyncDir(dir);
}
