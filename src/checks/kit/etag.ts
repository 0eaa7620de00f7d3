/** ETag algebra (spec §5.1, §5.2): quoted lower-case MD5 for parts, `"<32hex>-N"` for completed objects. */
import { createHash } from 'node:crypto';

/** A part ETag: `"` + 32 lower-case hex + `"` (spec §5.1). */
export const QUOTED_MD5 = /^"[0-9a-f]{32}"$/;
/** The pre-2018 COS part ETag: 40 hex (SHA-1), spec §5.1 "legacy". */
export const QUOTED_SHA1 = /^"[0-9a-f]{40}"$/;
/** A completed multipart object ETag: `"<32 hex>-<N>"` (spec §5.2). */
export const MULTIPART_ETAG = /^"([0-9a-f]{32})-(\d+)"$/;

/** Removes one pair of surrounding double quotes. */
export function unquote(etag: string): string {
  return etag.length >= 2 && etag.startsWith('"') && etag.endsWith('"') ? etag.slice(1, -1) : etag;
}

/** Adds quotes unless present. */
export function quote(etag: string): string {
  return etag.startsWith('"') ? etag : `"${etag}"`;
}

/** S3's completed-object ETag: `"` + md5(concat(binary part MD5s)) + `-N"` (peer-suites F9). */
export function s3MultipartEtag(partMd5Hexes: readonly string[]): string {
  const hash = createHash('md5');
  for (const md5Hex of partMd5Hexes) hash.update(Buffer.from(md5Hex, 'hex'));
  return `"${hash.digest('hex')}-${partMd5Hexes.length}"`;
}

/** Why a part ETag is not `"<md5>"`, or undefined when it is. */
export function partEtagProblem(etag: string | undefined, md5Hex: string): string | undefined {
  if (etag === undefined || etag === '') return 'no ETag header';
  if (etag === `"${md5Hex}"`) return undefined;
  if (etag === md5Hex) return `ETag ${etag} is the MD5 but not quoted`;
  if (etag.toLowerCase() === `"${md5Hex}"`) return `ETag ${etag} is the MD5 in upper-case hex`;
  if (QUOTED_SHA1.test(etag)) return `ETag ${etag} is 40 hex (the legacy SHA-1 form of 2017, spec §5.1)`;
  if (QUOTED_MD5.test(etag)) return `ETag ${etag} is an MD5 but not of the bytes sent ("${md5Hex}")`;
  return `ETag ${etag} is not a quoted MD5 (expected "${md5Hex}")`;
}
