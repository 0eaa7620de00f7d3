import { createHash } from 'node:crypto';
import { getSigningKey } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { sha256Constructor } from '../../src/sign/sigv4.ts';
import { chunkSignature } from '../../src/sign/sigv4-chunk.ts';

describe('SigV4 chunk signatures', () => {
  it('reproduce the AWS documentation example (PUT of 66560 bytes of "a" in 64 KiB chunks)', async () => {
    // AWS S3 API reference, "Signature Calculations for the Authorization Header: Transferring Payload in Multiple
    // Chunks", example: seed signature 4f232c43…, chunk signatures ad80c730…, 0055627c…, b6c6ea8a….
    const signingKey = await getSigningKey(
      sha256Constructor,
      { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
      '20130524',
      'us-east-1',
      's3',
    );
    const ctx = {
      signingKey,
      longDate: '20130524T000000Z',
      scope: '20130524/us-east-1/s3/aws4_request',
      seedSignature: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
    };
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const first = chunkSignature(ctx, ctx.seedSignature, sha(Buffer.alloc(65536, 'a')));
    expect(first).toBe('ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648');
    const second = chunkSignature(ctx, first, sha(Buffer.alloc(1024, 'a')));
    expect(second).toBe('0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497');
    const final = chunkSignature(ctx, second, sha(Buffer.alloc(0)));
    expect(final).toBe('b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9');
  });
});
