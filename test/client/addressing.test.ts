import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildQueryString } from '../../src/client/query.ts';
import { resolveRequestAddress } from '../../src/server/http/addressing.ts';
import { isXmlText } from '../../src/xml/build.ts';
import {
  decodeKeyPath,
  encodeKeyPath,
  InvalidEndpointError,
  InvalidKeyError,
  resolveAddress,
} from '../../src/target/addressing.ts';
import { DEFAULT_TIMEOUTS, type Target } from '../../src/target/types.ts';

const BUCKET = 'examplebucket-1250000000';

function target(over: Partial<Target> = {}): Target {
  return {
    endpoint: 'http://127.0.0.1:9000',
    bucket: BUCKET,
    region: 'ap-guangzhou',
    addressing: 'virtual-host',
    signer: 'cos',
    profile: 'cos',
    credentials: { secretId: 'AKIDTEST', secretKey: 'secret' },
    timeouts: DEFAULT_TIMEOUTS,
    ...over,
  };
}

/** Keys of any code points, with the characters that break naive path building over-represented. */
const keyArb = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .array(
      fc.constantFrom(
        '/',
        '//',
        ' ',
        '+',
        '%',
        '%2F',
        '?',
        '#',
        '&',
        '=',
        'ü',
        '腾讯云',
        '😀',
        '.',
        'a',
        '\t',
        "'",
      ),
      {
        maxLength: 12,
      },
    )
    .map((parts) => parts.join('')),
);

describe('key encoding', () => {
  it('encodes each segment, keeps slashes, leaves only unreserved characters literal', () => {
    expect(encodeKeyPath('dir/a b+c%d?e#f//ü')).toBe('dir/a%20b%2Bc%25d%3Fe%23f//%C3%BC');
    expect(encodeKeyPath("it's(1)*!")).toBe('it%27s%281%29%2A%21');
    expect(encodeKeyPath('')).toBe('');
  });

  it('round-trips any key (property)', () => {
    fc.assert(
      fc.property(keyArb, (key) => {
        const encoded = encodeKeyPath(key);
        expect(encoded).toMatch(/^[A-Za-z0-9\-_.~%/]*$/);
        expect(decodeKeyPath(encoded)).toBe(key);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a key with a lone surrogate instead of changing it', () => {
    expect(() => encodeKeyPath('a\uD800b')).toThrow(InvalidKeyError);
  });
});

describe('resolveAddress', () => {
  it('virtual-host on loopback: connects to the endpoint, Host names the bucket, signs /<key>', () => {
    const a = resolveAddress(target(), 'a b/c');
    expect(a).toEqual({
      origin: 'http://127.0.0.1:9000',
      host: `${BUCKET}.cos.ap-guangzhou.myqcloud.com`,
      path: '/a%20b/c',
      signPathname: '/a b/c',
      tls: false,
    });
  });

  it('virtual-host honours virtualHostDomain', () => {
    const a = resolveAddress(target({ virtualHostDomain: 'localhost:9000' }), 'k');
    expect(a.host).toBe(`${BUCKET}.localhost:9000`);
    expect(a.origin).toBe('http://127.0.0.1:9000');
  });

  it('virtual-host with an empty endpoint goes to real COS over https', () => {
    const a = resolveAddress(target({ endpoint: '' }), 'k');
    expect(a.origin).toBe(`https://${BUCKET}.cos.ap-guangzhou.myqcloud.com`);
    expect(a.host).toBe(`${BUCKET}.cos.ap-guangzhou.myqcloud.com`);
    expect(a.tls).toBe(true);
  });

  it('virtual-host with a DNS endpoint connects to the bucket host itself, keeping scheme and port', () => {
    expect(resolveAddress(target({ endpoint: 'https://cos.ap-beijing.myqcloud.com' }), 'k').origin).toBe(
      `https://${BUCKET}.cos.ap-beijing.myqcloud.com`,
    );
    const custom = resolveAddress(target({ endpoint: 'http://s3.example.test:8080' }), 'k');
    expect(custom.host).toBe(`${BUCKET}.s3.example.test:8080`);
    expect(custom.origin).toBe(`http://${BUCKET}.s3.example.test:8080`);
    const already = resolveAddress(
      target({ endpoint: `https://${BUCKET}.cos.ap-beijing.myqcloud.com` }),
      'k',
    );
    expect(already.host).toBe(`${BUCKET}.cos.ap-beijing.myqcloud.com`);
  });

  it('bucket-level virtual-host requests go to /', () => {
    const a = resolveAddress(target(), undefined);
    expect(a.path).toBe('/');
    expect(a.signPathname).toBe('/');
  });

  it('path-style puts the bucket in the path and signs it', () => {
    const a = resolveAddress(target({ addressing: 'path' }), 'x/y z');
    expect(a).toMatchObject({
      origin: 'http://127.0.0.1:9000',
      host: '127.0.0.1:9000',
      path: `/${BUCKET}/x/y%20z`,
      signPathname: `/${BUCKET}/x/y z`,
    });
    expect(resolveAddress(target({ addressing: 'path' }), undefined).path).toBe(`/${BUCKET}`);
    expect(resolveAddress(target({ addressing: 'path', endpoint: '' }), 'k').origin).toBe(
      'https://cos.ap-guangzhou.myqcloud.com',
    );
  });

  it('rejects endpoints that are not http(s) URLs', () => {
    expect(() => resolveAddress(target({ endpoint: 'ftp://x' }), 'k')).toThrow(InvalidEndpointError);
    expect(() => resolveAddress(target({ endpoint: 'not a url' }), 'k')).toThrow(InvalidEndpointError);
  });

  it('the reference server reads back the same bucket, key and signed pathname (property, both styles)', () => {
    fc.assert(
      // Keys the server stores: XML-text characters only (a control character is 400 InvalidObjectName, below).
      fc.property(
        keyArb.filter(isXmlText),
        fc.constantFrom('virtual-host' as const, 'path' as const),
        (key, addressing) => {
          const a = resolveAddress(target({ addressing }), key);
          const seen = resolveRequestAddress(a.host, a.path);
          expect(seen.bucket).toBe(BUCKET);
          expect(seen.key).toBe(key);
          expect(seen.signedPathnames[0]).toBe(a.signPathname);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the reference server refuses a key holding a character XML cannot carry (400 InvalidObjectName)', () => {
    for (const key of ['a\u0000b', 'tab\u0001', 'x\u001fy']) {
      const a = resolveAddress(target({ addressing: 'path' }), key);
      expect(() => resolveRequestAddress(a.host, a.path)).toThrow(
        expect.objectContaining({ code: 'InvalidObjectName', status: 400 }),
      );
    }
  });
});

describe('query strings', () => {
  it('keeps order, bare names and encodes values', () => {
    expect(buildQueryString([['uploads', null]])).toBe('?uploads');
    expect(
      buildQueryString([
        ['partNumber', '01'],
        ['uploadId', 'a+b/c='],
        ['x', ''],
      ]),
    ).toBe('?partNumber=01&uploadId=a%2Bb%2Fc%3D&x=');
    expect(buildQueryString([])).toBe('');
  });
});
