/**
 * The harness's aws-chunked encoder against the reference server's decoder (src/server/storage/aws-chunked.ts):
 * what one frames the other reads back byte for byte, trailers included; and a request declaring a streaming
 * payload is sent with that `x-amz-content-sha256` under either signer (SigV4 signs it as the payload hash).
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { encodeAwsChunked, UNSIGNED_TRAILER_PAYLOAD } from '../../src/body/aws-chunked-encode.ts';
import { prepareRequest } from '../../src/client/prepare.ts';
import { AwsChunkedDecoder } from '../../src/server/storage/aws-chunked.ts';
import { stubTarget } from '../client/stub.ts';

async function decode(
  body: Buffer,
  decodedLength: number,
  trailerNames: string[],
): Promise<{ payload: Buffer; trailers: ReadonlyMap<string, string> }> {
  const decoder = new AwsChunkedDecoder({ decodedLength, trailerNames });
  const out: Buffer[] = [];
  // Fed in odd pieces, so chunk boundaries fall inside the framing.
  const pieces = [];
  for (let at = 0; at < body.length; at += 7) pieces.push(body.subarray(at, at + 7));
  for await (const chunk of Readable.from(pieces).pipe(decoder)) out.push(chunk as Buffer);
  return { payload: Buffer.concat(out), trailers: decoder.trailers };
}

describe('encodeAwsChunked', () => {
  const payload = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 31) % 251));

  it('frames a payload the decoder reads back, with its trailer', async () => {
    const framed = encodeAwsChunked(payload, 1024, [['x-amz-checksum-crc32', 'AAAAAA==']]);
    expect(framed.headers).toEqual({
      'content-encoding': 'aws-chunked',
      'x-amz-decoded-content-length': '3000',
      'x-amz-trailer': 'x-amz-checksum-crc32',
    });
    // 400, 400, 3b8 chunks: size line + CRLF around each, then 0, the trailer and the blank line.
    expect(framed.body.length).toBe(
      3000 + 3 * (3 + 2 + 2) + 3 + 'x-amz-checksum-crc32:AAAAAA==\r\n'.length + 2,
    );
    const back = await decode(framed.body, 3000, ['x-amz-checksum-crc32']);
    expect(back.payload.equals(payload)).toBe(true);
    expect(back.trailers.get('x-amz-checksum-crc32')).toBe('AAAAAA==');
  });

  it('frames an empty payload as the final chunk alone, and needs no trailer', async () => {
    const framed = encodeAwsChunked(Buffer.alloc(0), 64);
    expect(framed.body.toString('latin1')).toBe('0\r\n\r\n');
    expect(framed.headers['x-amz-trailer']).toBeUndefined();
    expect((await decode(framed.body, 0, [])).payload.length).toBe(0);
  });

  it('refuses a chunk size below 1', () => {
    expect(() => encodeAwsChunked(payload, 0)).toThrow(RangeError);
  });
});

describe('a declared streaming payload', () => {
  const input = {
    method: 'PUT',
    key: 'k',
    query: [],
    contentLength: 10,
    payload: { kind: 'declared', hash: UNSIGNED_TRAILER_PAYLOAD },
  } as const;

  it('is the SigV4 payload hash', async () => {
    const target = stubTarget('http://127.0.0.1:9', { signer: 'sigv4', profile: 's3' });
    const prepared = await prepareRequest(target, input);
    expect(prepared.headers['x-amz-content-sha256']).toBe(UNSIGNED_TRAILER_PAYLOAD);
    expect(prepared.headers.authorization).toMatch(/SignedHeaders=[^,]*x-amz-content-sha256/);
  });

  it('is sent as x-amz-content-sha256 under q-sign', async () => {
    const prepared = await prepareRequest(stubTarget('http://127.0.0.1:9'), input);
    expect(prepared.headers['x-amz-content-sha256']).toBe(UNSIGNED_TRAILER_PAYLOAD);
    expect(prepared.headers.authorization).toMatch(/^q-sign-algorithm=sha1/);
  });
});
