import { describe, expect, it } from 'vitest';
import { XmlShapeError } from '../../src/xml/errors.ts';
import {
  buildListUploadsResult,
  type ListUploadsResult,
  parseListUploadsResult,
} from '../../src/xml/list-uploads.ts';
import { LIST_UPLOADS_2017_UPLOADID, LIST_UPLOADS_D7736 } from './fixtures.ts';

describe('ListMultipartUploadsResult', () => {
  it('reads the doc example (§2.7)', () => {
    const r = parseListUploadsResult(LIST_UPLOADS_D7736);
    expect(r).toMatchObject({
      bucket: 'examplebucket-1250000000',
      encodingType: '',
      encodingTypeElement: 'Encoding-Type',
      keyMarker: '',
      uploadIdMarker: '',
      maxUploads: 1000,
      prefix: '',
      delimiter: '/',
      isTruncated: false,
      commonPrefixes: [],
    });
    expect(r.uploads).toHaveLength(2);
    expect(r.uploads[1]).toEqual({
      key: 'Object',
      uploadId: '1484727158f2b8034e5407d18cbf28e84f754b791ecab607d25a2e52de9fee641e5f60707c',
      uploadIdElement: 'UploadId',
      storageClass: 'Standard',
      initiator: { id: 'qcs::cam::uin/100000000001:uin/100000000001', displayName: '100000000001' },
      owner: { id: 'qcs::cam::uin/100000000001:uin/100000000001', displayName: '100000000001' },
      initiated: 'Wed Jan 18 16:12:38 2017',
    });
  });

  it('accepts the 2017 UploadID spelling and says so', () => {
    const [upload] = parseListUploadsResult(LIST_UPLOADS_2017_UPLOADID).uploads;
    expect(upload).toMatchObject({ uploadIdElement: 'UploadID', key: 'Object' });
    expect(upload.uploadId).toMatch(/^1484726657932bcb/);
  });

  it('reads CommonPrefixes, keeping spaces in keys and prefixes', () => {
    const xml =
      '<ListMultipartUploadsResult><IsTruncated>true</IsTruncated><NextKeyMarker> k </NextKeyMarker>' +
      '<CommonPrefixes><Prefix>photos/</Prefix></CommonPrefixes><CommonPrefixes><Prefix> sp /</Prefix></CommonPrefixes>' +
      '</ListMultipartUploadsResult>';
    expect(parseListUploadsResult(xml)).toMatchObject({
      isTruncated: true,
      nextKeyMarker: ' k ',
      uploads: [],
      commonPrefixes: ['photos/', ' sp /'],
    });
  });

  it('requires Key and UploadId in each Upload', () => {
    const missing =
      '<ListMultipartUploadsResult><IsTruncated>false</IsTruncated><Upload><Key>k</Key></Upload></ListMultipartUploadsResult>';
    expect(() => parseListUploadsResult(missing)).toThrow(XmlShapeError);
    expect(() => parseListUploadsResult(missing)).toThrow(/Upload\[1\]\/UploadId: required/);
  });

  it('round-trips through buildListUploadsResult', () => {
    const r: ListUploadsResult = {
      bucket: 'b-1250000000',
      encodingType: 'url',
      encodingTypeElement: 'Encoding-Type',
      keyMarker: 'a',
      uploadIdMarker: '',
      nextKeyMarker: 'z z',
      nextUploadIdMarker: '99',
      maxUploads: 2,
      isTruncated: true,
      prefix: 'p/',
      delimiter: '/',
      uploads: [
        {
          key: 'p/a&b',
          uploadId: '1',
          uploadIdElement: 'UploadId',
          storageClass: 'STANDARD',
          initiator: { id: 'i', displayName: 'd' },
          owner: { id: 'o', displayName: 'd' },
          initiated: '2017-06-12T10:13:05.000Z',
        },
        { key: 'p/c', uploadId: '2', uploadIdElement: 'UploadID' },
      ],
      commonPrefixes: ['p/x/', 'p/y/'],
    };
    expect(parseListUploadsResult(buildListUploadsResult(r))).toEqual(r);
  });
});
