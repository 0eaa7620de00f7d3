import { describe, expect, it } from 'vitest';
import { errorXml, parseErrorXml } from '../../src/xml/error-doc.ts';
import { parseXml } from '../../src/xml/parse.ts';
import { ERROR_D7730 } from './fixtures.ts';

const fields = {
  code: 'NoSuchUpload',
  message: 'The specified upload does not exist.',
  resource: 'examplebucket-1250000000.cos.ap-beijing.myqcloud.com/exampleobject',
  requestId: 'NWU3YjJkNWVfZDFjODJhMDlfMTk2ODJfMmEyNTA0****',
  traceId: 'OGVmYzZiMmQzYjA2OWNhODk0NTRkMTBiOWVmMDAxODc0OWRkZjk0ZDM1NmI1M2E2MTRlY2MzZDhmNmI5MWI1OQ==',
};

describe('errorXml', () => {
  it('writes the §4.1 document: declaration, <Error> root, the five children in order', () => {
    const xml = errorXml(fields);
    expect(xml.startsWith("<?xml version='1.0' encoding='utf-8' ?>\n<Error><Code>NoSuchUpload</Code>")).toBe(
      true,
    );
    expect(Object.keys((parseXml(xml).Error as Record<string, unknown>) ?? {})).toEqual([
      'Code',
      'Message',
      'Resource',
      'RequestId',
      'TraceId',
    ]);
  });

  it('round-trips through parseErrorXml, escaping what needs it', () => {
    expect(parseErrorXml(errorXml(fields))).toEqual(fields);
    const odd = { ...fields, message: 'Key "a<b>&c" is bad', resource: '/bucket/a&b' };
    expect(parseErrorXml(errorXml(odd))).toEqual(odd);
  });
});

describe('parseErrorXml', () => {
  it('reads the doc example', () => {
    expect(parseErrorXml(ERROR_D7730)).toEqual(fields);
  });

  it('tolerates leading whitespace (a late Complete failure inside a 200, §2.5)', () => {
    expect(parseErrorXml(`${'\n'.repeat(100)}   ${ERROR_D7730}`)?.code).toBe('NoSuchUpload');
  });

  it('keeps absent children absent', () => {
    expect(parseErrorXml('<Error><Code>AccessDenied</Code></Error>')).toEqual({ code: 'AccessDenied' });
    expect(parseErrorXml('<Error/>')).toEqual({});
  });

  it('is undefined for other roots, non-XML and empty bodies', () => {
    expect(
      parseErrorXml('<CompleteMultipartUploadResult><ETag>"x"</ETag></CompleteMultipartUploadResult>'),
    ).toBeUndefined();
    expect(parseErrorXml('')).toBeUndefined();
    expect(parseErrorXml('<html>oops')).toBeUndefined();
    expect(parseErrorXml('Service Unavailable')).toBeUndefined();
  });
});
