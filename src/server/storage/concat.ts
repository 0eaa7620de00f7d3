/**
 * Concatenates stored parts (files, or buffers of an ephemeral store) into one new file by streaming them one after
 * the other (Complete, spec §2.5): file parts are never loaded whole, and the object's CRC is derived from the part CRCs, not by re-reading (§5.3).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { StoredFile } from './stored-file.ts';

/** Writes `sources`, in order, into a new file at `dest`. Rejects on any read or write error. */
export async function concatFiles(sources: readonly StoredFile[], dest: string): Promise<void> {
  const out = createWriteStream(dest, { flags: 'wx' });
  let failure: Error | undefined;
  out.on('error', (err) => {
    failure = err;
  });
  try {
    for (const source of sources) {
      for await (const chunk of source.readStream()) {
        if (failure) throw failure;
        // once() rejects when the stream emits 'error' while waiting.
        if (!out.write(chunk)) await once(out, 'drain');
      }
    }
    if (failure) throw failure;
    out.end();
    await once(out, 'close');
    if (failure) throw failure;
  } catch (err) {
    out.destroy();
    throw err;
  }
}
