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

/** Flushes a directory's entries (names created, renamed or removed in it) to the disk. */
export async function fsyncDir(path: string): Promise<void> {
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

/** Replaces the file at `path` with `data`, all or nothing, and durably once it resolves. */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  const handle = await open(temp, 'wx');
  try {
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (err) {
    await removeFile(temp);
    throw err;
  }
  await fsyncDir(dirname(path));
}
