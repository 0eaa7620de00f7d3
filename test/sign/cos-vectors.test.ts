import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { cosSign, type CosSignInput } from '../../src/sign/cos-sign.ts';
import { NODE_SDK_SIGNED_HEADERS, signAllHeaders } from '../../src/sign/cos-sign-headers.ts';
import { parseCosAuthorization } from '../../src/sign/cos-authorization.ts';
import { cosSignKey } from '../../src/sign/cos-algorithm.ts';

type GetAuthorization = (opts: Record<string, unknown>) => string;
const COS = createRequire(import.meta.url)('cos-nodejs-sdk-v5') as { getAuthorization: GetAuthorization };

/** Doc example key pair [D7778-en-old] (spec §6.2; not a real account). */
const DOC = {
  secretId: 'AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q',
  secretKey: 'BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz',
};
/** Peer key pair of docs/vendors.md ("cos-nodejs-sdk-v5 3.0.0"). */
const PEER = {
  secretId: 'AKIDPEERTESTSECRETID000000000000000',
  secretKey: 'peerTestSecretKey0000000000000000',
};

const vector1Headers = {
  Date: 'Thu, 16 May 2019 06:45:51 GMT',
  Host: 'examplebucket-1250000000.cos.ap-beijing.myqcloud.com',
  'Content-Type': 'text/plain',
  'Content-Length': '13',
  'Content-MD5': 'mQ/fVh815F3k6TAUm8m0eg==',
  'x-cos-acl': 'private',
  'x-cos-grant-read': 'uin="100000000011"',
};

describe('official q-sign vectors (spec §6.2)', () => {
  it('vector 1: PUT object, all 7 headers signed', () => {
    const sig = cosSign({
      ...DOC,
      method: 'PUT',
      pathname: '/exampleobject(腾讯云)',
      headers: vector1Headers,
      keyTime: '1557989151;1557996351',
      signHeader: signAllHeaders,
    });
    expect(sig.signKey).toBe('eb2519b498b02ac213cb1f3d1a3d27a3b3c9bc5f');
    expect(sig.urlParamList).toBe('');
    expect(sig.httpParameters).toBe('');
    expect(sig.headerList).toBe(
      'content-length;content-md5;content-type;date;host;x-cos-acl;x-cos-grant-read',
    );
    expect(sig.httpHeaders).toBe(
      'content-length=13&content-md5=mQ%2FfVh815F3k6TAUm8m0eg%3D%3D&content-type=text%2Fplain&' +
        'date=Thu%2C%2016%20May%202019%2006%3A45%3A51%20GMT&' +
        'host=examplebucket-1250000000.cos.ap-beijing.myqcloud.com&x-cos-acl=private&' +
        'x-cos-grant-read=uin%3D%22100000000011%22',
    );
    expect(sig.httpString).toBe(`put\n/exampleobject(腾讯云)\n\n${sig.httpHeaders}\n`);
    expect(sig.stringToSign).toBe('sha1\n1557989151;1557996351\n8b2751e77f43a0995d6e9eb9477f4b685cca4172\n');
    expect(sig.signature).toBe('3b8851a11a569213c17ba8fa7dcf2abec6935172');
    expect(sig.authorization).toBe(
      'q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1557989151;1557996351&' +
        'q-key-time=1557989151;1557996351&' +
        'q-header-list=content-length;content-md5;content-type;date;host;x-cos-acl;x-cos-grant-read&' +
        'q-url-param-list=&q-signature=3b8851a11a569213c17ba8fa7dcf2abec6935172',
    );
  });

  it('vector 1 with the Node SDK rules: 3.0.0 adds content-type, v2.15.4 gave 65788349… (spec §6.3)', () => {
    const base: CosSignInput = {
      ...DOC,
      method: 'put',
      pathname: '/exampleobject(腾讯云)',
      headers: vector1Headers,
      keyTime: '1557989151;1557996351',
    };
    const v3 = cosSign(base);
    expect(v3.headerList).toBe('content-length;content-md5;content-type;host;x-cos-acl;x-cos-grant-read');
    const sdk = COS.getAuthorization({
      SecretId: DOC.secretId,
      SecretKey: DOC.secretKey,
      Method: 'put',
      Key: 'exampleobject(腾讯云)',
      Headers: vector1Headers,
      KeyTime: '1557989151;1557996351',
    });
    expect(v3.authorization).toBe(sdk);

    const v2 = cosSign({
      ...base,
      signHeader: (n) =>
        n !== 'content-type' &&
        n !== 'cache-control' &&
        (n.includes('x-cos-') || NODE_SDK_SIGNED_HEADERS.has(n)),
    });
    expect(v2.headerList).toBe('content-length;content-md5;host;x-cos-acl;x-cos-grant-read');
    expect(v2.signature).toBe('65788349a05a472789af1637995918716f64cc20');
  });

  it('vector 2: GET object with query', () => {
    const sig = cosSign({
      ...DOC,
      method: 'GET',
      pathname: '/exampleobject(腾讯云)',
      query: { 'response-content-type': 'application/octet-stream', 'response-cache-control': 'max-age=600' },
      headers: {
        Date: 'Thu, 16 May 2019 06:55:53 GMT',
        Host: 'examplebucket-1250000000.cos.ap-beijing.myqcloud.com',
      },
      keyTime: '1557989753;1557996953',
      signHeader: signAllHeaders,
    });
    expect(sig.signKey).toBe('937914bf490e9e8c189836aad2052e4feeb35eaf');
    expect(sig.urlParamList).toBe('response-cache-control;response-content-type');
    expect(sig.httpParameters).toBe(
      'response-cache-control=max-age%3D600&response-content-type=application%2Foctet-stream',
    );
    expect(sig.headerList).toBe('date;host');
    expect(sig.httpHeaders).toBe(
      'date=Thu%2C%2016%20May%202019%2006%3A55%3A53%20GMT&host=examplebucket-1250000000.cos.ap-beijing.myqcloud.com',
    );
    expect(sig.stringToSign).toBe('sha1\n1557989753;1557996953\n54ecfe22f59d3514fdc764b87a32d8133ea611e6\n');
    expect(sig.signature).toBe('01681b8c9d798a678e43b685a9f1bba0f6c0e012');
  });

  it('vector 3: Go SDK TestNewAuthorization', () => {
    const sig = cosSign({
      secretId: 'QmFzZTY0IGlzIGEgZ2VuZXJp',
      secretKey: 'AKIDZfbOA78asKUYBcXFrJD0a1ICvR98JM',
      method: 'PUT',
      pathname: '/testfile2',
      headers: {
        Host: 'testbucket-125000000.cos.ap-guangzhou.myqcloud.com',
        'x-cos-content-sha1': 'db8ac1c259eb89d4a131b253bacfca5f319d54f2',
        'x-cos-stroage-class': 'nearline',
      },
      keyTime: '1480932292;1481012292',
    });
    expect(sig.authorization).toBe(
      'q-sign-algorithm=sha1&q-ak=QmFzZTY0IGlzIGEgZ2VuZXJp&q-sign-time=1480932292;1481012292&' +
        'q-key-time=1480932292;1481012292&q-header-list=host;x-cos-content-sha1;x-cos-stroage-class&' +
        'q-url-param-list=&q-signature=ce4ac0ecbcdb30538b3fee0a97cc6389694ce53a',
    );
  });

  it('vector 4: Upload Part', () => {
    const sig = cosSign({
      secretId: 'AKIDEXAMPLE',
      secretKey: 'SECRETEXAMPLE',
      method: 'PUT',
      pathname: '/dir/obj.bin',
      query: [
        ['partNumber', '1'],
        ['uploadId', '1700000000abcdef'],
      ],
      headers: {
        Host: 'examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com',
        'Content-Length': '5',
        'Content-MD5': 'XUFAKrxLKna5cZ2REBfFkg==',
      },
      keyTime: '1700000000;1700003600',
    });
    expect(sig.signKey).toBe('f5d49e354f47f0490b1a36fcc423ac7faa9fb8e3');
    expect(sig.httpString).toBe(
      'put\n/dir/obj.bin\npartnumber=1&uploadid=1700000000abcdef\n' +
        'content-length=5&content-md5=XUFAKrxLKna5cZ2REBfFkg%3D%3D&' +
        'host=examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com\n',
    );
    expect(sig.stringToSign).toBe('sha1\n1700000000;1700003600\n9f18d2559d748b7749da3185f9adb412f62e4baa\n');
    expect(
      sig.authorization.endsWith(
        '&q-header-list=content-length;content-md5;host&q-url-param-list=partnumber;uploadid&' +
          'q-signature=45de13b137622bce974950ce8343cdfcd7a8aa89',
      ),
    ).toBe(true);
  });
});

describe('cos-nodejs-sdk-v5 3.0.0 COS.getAuthorization vectors (peers README)', () => {
  const prefix = (keyTime: string) =>
    `q-sign-algorithm=sha1&q-ak=${PEER.secretId}&q-sign-time=${keyTime}&q-key-time=${keyTime}&`;

  it('peer vector 1: Upload Part, with intermediate values', () => {
    const uploadId = '1585130821cbb7df1d11846c073ad648e8f33b087cec2381df437acdc833cf654b9ecc6361';
    const sig = cosSign({
      ...PEER,
      method: 'put',
      pathname: 'exampleobject',
      query: { partNumber: '1', uploadId },
      headers: {
        Host: 'examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com',
        'Content-Length': '5242880',
      },
      keyTime: '1557989151;1557996351',
    });
    expect(sig.signKey).toBe('fa5586e46d3725cf7452a261e57510b958f0d2d0');
    expect(sig.httpString).toBe(
      `put\n/exampleobject\npartnumber=1&uploadid=${uploadId}\n` +
        'content-length=5242880&host=examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com\n',
    );
    expect(sig.stringToSign).toBe('sha1\n1557989151;1557996351\nca954cf3492ce0f800574a8be18cd2e7101a6cbd\n');
    expect(sig.authorization).toBe(
      prefix('1557989151;1557996351') +
        'q-header-list=content-length;host&q-url-param-list=partnumber;uploadid&' +
        'q-signature=6d9f6c75016776882c38fcda001bd2c5f2e19a2d',
    );
  });

  it('peer vector 2: Initiate (value-less `uploads`, content-type signed by 3.0.0)', () => {
    const sig = cosSign({
      ...PEER,
      method: 'post',
      pathname: 'exampleobject',
      query: { uploads: '' },
      headers: {
        Host: 'examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com',
        'Content-Type': 'application/octet-stream',
      },
      keyTime: '1557989151;1557996351',
    });
    expect(sig.authorization).toBe(
      prefix('1557989151;1557996351') +
        'q-header-list=content-type;host&q-url-param-list=uploads&' +
        'q-signature=d3abb985560cab3b54f32802e98f3834fe2d603c',
    );
    // `undefined` (record form) is the same as '' (spec §6.1 step 3: `/?acl` ≡ `acl=`).
    expect(
      cosSign({
        ...PEER,
        method: 'post',
        pathname: '/exampleobject',
        query: { uploads: undefined },
        headers: {
          Host: 'examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com',
          'Content-Type': 'application/octet-stream',
        },
        keyTime: '1557989151;1557996351',
      }).signature,
    ).toBe(sig.signature);
  });

  it('peer vector 3: raw pathname with a space, encoded header values', () => {
    const sig = cosSign({
      ...PEER,
      method: 'get',
      pathname: 'dir/obj 1.bin',
      query: { uploadId: 'abc', 'max-parts': '1000' },
      headers: { Host: '127.0.0.1:8080', 'x-cos-meta-Foo': 'Bar Baz' },
      keyTime: '1700000000;1700003600',
    });
    expect(sig.httpString).toBe(
      'get\n/dir/obj 1.bin\nmax-parts=1000&uploadid=abc\nhost=127.0.0.1%3A8080&x-cos-meta-foo=Bar%20Baz\n',
    );
    expect(sig.authorization).toBe(
      prefix('1700000000;1700003600') +
        'q-header-list=host;x-cos-meta-foo&q-url-param-list=max-parts;uploadid&' +
        'q-signature=4c96d906b08cd2e38db36b1d2fefc4cb2435c24f',
    );
  });

  it('peer vector 4: Abort, Host as the SDK derives it from Bucket and Region', () => {
    const sig = cosSign({
      ...PEER,
      method: 'delete',
      pathname: 'exampleobject',
      query: { uploadId: 'abc' },
      headers: { Host: 'examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com' },
      keyTime: '1557989151;1557996351',
    });
    expect(sig.authorization).toBe(
      prefix('1557989151;1557996351') +
        'q-header-list=host&q-url-param-list=uploadid&q-signature=c2d5a37a8aceda69a91365e2446d3b7cd822f9d5',
    );
  });
});

describe('cosSign options', () => {
  const base: CosSignInput = {
    ...PEER,
    method: 'PUT',
    pathname: '/k',
    headers: { Host: 'h', 'Content-Length': '1' },
    keyTime: '100;200',
  };

  it('defaults the key time to now-1 … now-1+900 and honours expiresSec', () => {
    expect(cosSign({ ...base, keyTime: undefined, nowSec: 1000 }).keyTime).toBe('999;1899');
    expect(cosSign({ ...base, keyTime: undefined, nowSec: 1000, expiresSec: 60 }).keyTime).toBe('999;1059');
  });

  it('attaches a security token after signing by default (Node SDK) and signs it on request (Go SDK)', () => {
    const plain = cosSign(base);
    const attached = cosSign({ ...base, securityToken: 'tok' });
    expect(attached.extraHeaders).toEqual({ 'x-cos-security-token': 'tok' });
    expect(attached.headerList).toBe('content-length;host');
    expect(attached.signature).toBe(plain.signature);
    const signed = cosSign({ ...base, securityToken: 'tok', signSecurityToken: true });
    expect(signed.extraHeaders).toEqual({ 'x-cos-security-token': 'tok' });
    expect(signed.headerList).toBe('content-length;host;x-cos-security-token');
    expect(signed.signature).not.toBe(plain.signature);
  });

  it('rejects unusable input with SignInputError', () => {
    // Right after a good keyTime (the signer remembers the last one it checked), a bad one is still refused.
    expect(cosSign({ ...base, keyTime: '100;200' }).keyTime).toBe('100;200');
    expect(() => cosSign({ ...base, keyTime: '200;100' })).toThrow(
      expect.objectContaining({ code: 'InvalidSignInput' }),
    );
    expect(() => cosSign({ ...base, keyTime: 'soon' })).toThrow(/keyTime/);
    expect(() => cosSign({ ...base, secretKey: '' })).toThrow(/secretKey/);
  });

  it('round-trips through parseCosAuthorization', () => {
    const sig = cosSign({ ...base, query: { uploadId: 'x', partNumber: '2' } });
    expect(parseCosAuthorization(sig.authorization)).toEqual({
      signAlgorithm: 'sha1',
      ak: PEER.secretId,
      signTime: '100;200',
      keyTime: '100;200',
      headerList: 'content-length;host',
      urlParamList: 'partnumber;uploadid',
      signature: sig.signature,
    });
  });
});

describe('parseCosAuthorization', () => {
  it('accepts any field order and case, tolerates %3B in times, rejects missing or repeated fields', () => {
    const f = parseCosAuthorization(
      ' Q-Signature=ab&q-ak=id&q-sign-algorithm=sha1&q-sign-time=1%3B2&q-key-time=1;2&q-header-list=host ',
    );
    expect(f).toEqual({
      signAlgorithm: 'sha1',
      ak: 'id',
      signTime: '1;2',
      keyTime: '1;2',
      headerList: 'host',
      urlParamList: '',
      signature: 'ab',
    });
    expect(
      parseCosAuthorization('q-sign-algorithm=sha1&q-ak=id&q-sign-time=1;2&q-key-time=1;2'),
    ).toBeUndefined();
    expect(
      parseCosAuthorization(
        'q-sign-algorithm=sha1&q-ak=a&q-ak=b&q-sign-time=1;2&q-key-time=1;2&q-signature=ab',
      ),
    ).toBeUndefined();
    expect(parseCosAuthorization('AWS4-HMAC-SHA256 Credential=x')).toBeUndefined();
  });
});

describe('cosSignKey (reused per SecretKey while the key time is the same)', () => {
  it('equals a fresh HMAC for every secret and key time, in any order of calls', () => {
    const fresh = (secret: string, keyTime: string) =>
      createHmac('sha1', secret).update(keyTime, 'utf8').digest('hex');
    const secrets = Array.from({ length: 20 }, (_, i) => `secret-${i}`);
    const times = ['1700000000;1700000900', '1700000001;1700000901'];
    for (const keyTime of [...times, ...times.reverse()]) {
      for (const secret of [...secrets, ...secrets.slice(0, 3)]) {
        expect(cosSignKey(secret, keyTime)).toBe(fresh(secret, keyTime));
      }
    }
  });
});
