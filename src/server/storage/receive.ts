/**
 * Streams a request body to a temp file while hashing it (MD5 + CRC-64 in one pass, src/body/hashing.ts, and
 * SHA-256 when a SigV4 payload hash must be checked), each chunk hashed while its disk write runs
 * (hashing-file-sink.ts). Nothing is buffered beyond the stream's high-water marks,
 * so memory stays flat whatever the part size (docs/architecture.md "Big parts stream").
 *
 * A body that ends early (the client closed the connection before Content-Length bytes) does not throw: the
 * result says `complete: false`, and the caller decides (the conformant server discards it, spec §4.3).
 */
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import type { BodyDigest } from '../../body/hashing.ts';
import { HashingFileSink } from './hashing-file-sink.ts';

export interface ReceivedBody {
  /** The temp file holding the bytes received. */
  tempPath: string;
  /** Size, MD5 and CRC-64 of the bytes received. */
  digest: BodyDigest;
  /** Lower-case hex SHA-256 of the bytes, when asked for. */
  sha256Hex?: string;
  /** False when the source ended before its end (client went away, socket error). */
  complete: boolean;
}

/** Writes `source` to `tempPath`. Rejects only on a local write error. */
export async function receiveBody(
  source: Readable,
  tempPath: string,
  options: { sha256?: boolean } = {},
): Promise<ReceivedBody> {
  const file = new HashingFileSink(tempPath, options);
  const fileDone = once(file, 'close');
  let ended = false;
  let writeError: Error | undefined;
  file.on('error', (err) => {
    writeError = err;
    source.unpipe();
    source.resume();
  });
  source.once('end', () => {
    ended = true;
  });
  source.on('error', () => {
    // Reported through 'close' without 'end' below.
  });
  // Ended by hand when the source closes early (pipe() does not end it then).
  source.once('close', () => {
    if (!ended) file.end();
  });
  source.pipe(file);
  if (source.destroyed && !ended) file.end();
  await fileDone.catch(() => undefined);
  if (writeError) throw writeError;
  const sha256Hex = file.sha256Hex();
  return {
    tempPath,
    digest: file.digest(),
    ...(sha256Hex !== undefined ? { sha256Hex } : {}),
    complete: ended,
  };
}
