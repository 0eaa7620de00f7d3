import { hash } from 'node:crypto';
import { BoundedCache } from '../bounded-cache.ts';

/**
 * HMAC-SHA1 (RFC 2104) built from two one-shot SHA-1 calls over the key's pads: H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)).
 * Hand-written because `createHmac` builds a native Hmac object per message, which costs more than the two hashes
 * on a server that checks one signature per request; the pads of the last keys are kept, as the signers and the
 * verifier use one SignKey for many messages. Equal to `createHmac('sha1', key).update(message, 'utf8')` for every
 * key and message (test/sign/hmac-sha1.test.ts). The pads derive from a secret: they stay in memory, never logged.
 */

/** SHA-1 block size in bytes (RFC 2104 `B`). */
const BLOCK = 64;
/** SHA-1 digest size in bytes (RFC 2104 `L`). */
const DIGEST = 20;

interface KeyPads {
  /** K ⊕ ipad as a string when every byte is ASCII (then its UTF-8 bytes are the pad), else as bytes. */
  inner: string | Buffer;
  /** K ⊕ opad followed by room for the inner digest; filled in and hashed synchronously, so one buffer serves. */
  outer: Buffer;
}

/** The pads of at most 16 keys (a SignKey changes with the key time, about once a second per client). */
const padsByKey = new BoundedCache<string, KeyPads>(16);

function padsOf(key: string): KeyPads {
  const hit = padsByKey.get(key);
  if (hit !== undefined) return hit;
  let keyBytes: Buffer = Buffer.from(key, 'utf8');
  if (keyBytes.length > BLOCK) keyBytes = hash('sha1', keyBytes, 'buffer');
  const inner = Buffer.alloc(BLOCK, 0x36);
  const outer = Buffer.alloc(BLOCK + DIGEST, 0);
  outer.fill(0x5c, 0, BLOCK);
  let ascii = true;
  for (let i = 0; i < keyBytes.length; i++) {
    const byte = keyBytes[i] as number;
    inner[i] = (inner[i] as number) ^ byte;
    outer[i] = (outer[i] as number) ^ byte;
    if (byte >= 0x80) ascii = false;
  }
  const pads: KeyPads = { inner: ascii ? inner.toString('latin1') : inner, outer };
  padsByKey.set(key, pads);
  return pads;
}

/** HMAC-SHA1 of `message` (UTF-8) under `key` (UTF-8), as 20 bytes. */
export function hmacSha1(key: string, message: string): Buffer {
  return hash('sha1', outerBlock(key, message), 'buffer');
}

/** HMAC-SHA1 of `message` under `key`, as lower-case hex. */
export function hmacSha1Hex(key: string, message: string): string {
  return hash('sha1', outerBlock(key, message), 'hex');
}

/** (K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m): the input of the outer hash, in the key's shared buffer (use it at once). */
function outerBlock(key: string, message: string): Buffer {
  const pads = padsOf(key);
  const innerDigest =
    typeof pads.inner === 'string'
      ? hash('sha1', pads.inner + message, 'buffer')
      : hash('sha1', Buffer.concat([pads.inner, Buffer.from(message, 'utf8')]), 'buffer');
  pads.outer.set(innerDigest, BLOCK);
  return pads.outer;
}
