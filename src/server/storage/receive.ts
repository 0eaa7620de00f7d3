/**
 * Streams a request body to a temp file while hashing it (MD5 + CRC-64 in one pass, src/body/hashing.ts, and
 * SHA-256 when a SigV4 payload hash must be checked). Nothing is buffered beyond the stream's high-water marks,
 * so memory stays flat whatever the part size (docs/architecture.md "Big parts stream").
 *
 * A body that ends early (the client closed the connection before Content-Length bytes) does not throw: the
 * result says `complete: false`, and the caller decides (the conformant server discards it, spec §4.3).
 */
import { createHash, type Hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { type BodyDigest, createHashingTransform } from '../../body/hashing.ts';

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
  const hasher = createHashingTransform();
  const sha = options.sha256 ? createHash('sha256') : undefined;
  const file = createWriteStream(tempPath, { flags: 'wx' });
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
  const tap = sha ? shaTap(sha) : undefined;
  // The first stream after the source: ended by hand when the source closes early (pipe() does not end it then).
  const first: Transform = tap ?? hasher;
  source.once('close', () => {
    if (!ended) first.end();
  });
  if (tap) tap.pipe(hasher);
  hasher.pipe(file);
  source.pipe(first);
  if (source.destroyed && !ended) first.end();
  await fileDone.catch(() => undefined);
  if (writeError) throw writeError;
  return {
    tempPath,
    digest: hasher.digest(),
    ...(sha ? { sha256Hex: sha.digest('hex') } : {}),
    complete: ended,
  };
}

function shaTap(hash: Hash): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
}
