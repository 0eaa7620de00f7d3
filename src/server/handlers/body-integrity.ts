/**
 * The integrity header a small request document must carry (Delete Objects: S3 and COS require one): a
 * `Content-MD5`, or from newer S3 SDKs one `x-amz-checksum-<algorithm>` instead (CRC32, SHA1, SHA256 are
 * checked here; CRC32C and CRC64NVME are 501 NotImplemented rather than accepted unchecked). Without either:
 * 400 MissingContentMD5; a malformed value 400 InvalidDigest (checked before the body); a value that does not
 * match the body 400 BadDigest.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { RequestContext } from '../http/context.ts';
import { cosError } from '../http/cos-error.ts';

/** Checksum algorithms of `x-amz-checksum-*` this server computes: base64 of the digest of the body. */
const CHECKSUMS: Readonly<Record<string, (body: Buffer) => string>> = {
  crc32: (body) => {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(crc32(body) >>> 0);
    return out.toString('base64');
  },
  sha1: (body) => createHash('sha1').update(body).digest('base64'),
  sha256: (body) => createHash('sha256').update(body).digest('base64'),
};

/** Checksums S3 defines that this server does not compute. */
const UNCHECKED_CHECKSUMS: ReadonlySet<string> = new Set(['crc32c', 'crc64nvme']);

/** Judges the headers now and returns the check of the body, to run once it has been read. */
export function requireBodyIntegrity(ctx: RequestContext): (body: Buffer) => void {
  const { behaviour } = ctx.server;
  const contentMd5 = ctx.headers['content-md5']?.trim();
  if (contentMd5 !== undefined) {
    if (!behaviour.isWellFormedContentMd5(contentMd5)) throw cosError('InvalidDigest');
    return (body) => {
      if (behaviour.checkContentMd5 && createHash('md5').update(body).digest('base64') !== contentMd5) {
        throw cosError('BadDigest');
      }
    };
  }
  const [name, value] =
    Object.entries(ctx.headers).find(
      ([header]) => header.startsWith('x-amz-checksum-') && header !== 'x-amz-checksum-type',
    ) ?? [];
  if (name === undefined || value === undefined) throw cosError('MissingContentMD5');
  const algorithm = name.slice('x-amz-checksum-'.length);
  if (UNCHECKED_CHECKSUMS.has(algorithm)) {
    throw cosError('NotImplemented', `${name} is not checked by this server; send Content-MD5 instead.`);
  }
  const compute = CHECKSUMS[algorithm];
  if (compute === undefined) throw cosError('InvalidRequest', `Unknown checksum header ${name}.`);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value.trim())) throw cosError('InvalidDigest');
  return (body) => {
    if (compute(body) !== value.trim())
      throw cosError('BadDigest', `The ${name} you specified did not match the body.`);
  };
}
