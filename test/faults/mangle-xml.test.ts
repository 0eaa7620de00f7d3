import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { looksLikeXml, mangleXml } from '../../src/faults/mangle-xml.ts';
import { LIST_PARTS_XML } from './upstream-fixture.ts';

const DOCS = {
  listParts: LIST_PARTS_XML,
  initiate:
    '<?xml version="1.0" encoding="UTF-8"?>\n<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key>' +
    '<UploadId>1585130821cbb7df1d</UploadId></InitiateMultipartUploadResult>',
  // Complete answers 200 at once and pads with whitespace before the result (spec §2.5 [D7742]).
  completePadded: `${' '.repeat(40)}\n<?xml version="1.0" encoding="UTF-8"?>\n<CompleteMultipartUploadResult><Location>l</Location><Key>对象键</Key><ETag>"x-2"</ETag></CompleteMultipartUploadResult>`,
  tiny: '<a/>',
};

describe('mangleXml', () => {
  it.each(Object.entries(DOCS))('%s: result is not well-formed, keeps a prefix, is valid UTF-8', (_, doc) => {
    // The harness trims leading whitespace before parsing (spec §2.5); so does this test.
    expect(XMLValidator.validate(doc.trimStart())).toBe(true);
    const body = Buffer.from(doc);
    const out = mangleXml(body);
    const text = out.toString('utf8');
    expect(XMLValidator.validate(text.trimStart())).not.toBe(true);
    expect(Buffer.from(text, 'utf8').equals(out)).toBe(true);
    const marker = text.indexOf('<</cos-conformance-malformed');
    expect(body.subarray(0, marker).equals(out.subarray(0, marker))).toBe(true);
    expect(out.length).toBeLessThan(body.length + 40);
  });

  it('drops the second half, so even a lenient parser cannot return the whole document', () => {
    const parsed = (() => {
      try {
        return JSON.stringify(new XMLParser().parse(mangleXml(Buffer.from(LIST_PARTS_XML)).toString()));
      } catch {
        return '';
      }
    })();
    expect(parsed).not.toContain('"PartNumber":20');
  });

  it('looksLikeXml goes by Content-Type, else by the first character', () => {
    expect(looksLikeXml('application/xml', Buffer.from('x'))).toBe(true);
    expect(looksLikeXml('text/xml; charset=utf-8', Buffer.from('x'))).toBe(true);
    expect(looksLikeXml('application/octet-stream', Buffer.from('<a/>'))).toBe(false);
    expect(looksLikeXml(undefined, Buffer.from('\uFEFF  <a/>'))).toBe(true);
    expect(looksLikeXml(undefined, Buffer.from('{"a":1}'))).toBe(false);
  });
});
