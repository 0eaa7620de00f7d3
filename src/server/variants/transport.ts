/**
 * Transport-level conformant variants: choices HTTP/1.1 and the spec leave to the server, made the other way
 * than the default reference server makes them (src/server/http/transport.ts).
 */
import { conformantVariant, type ConformantVariantDef } from './types.ts';

export const TRANSPORT_VARIANTS: readonly ConformantVariantDef[] = [
  conformantVariant({
    name: 'error-document-extended',
    description:
      'error documents with extra children (HostId, an unknown nested <Detail>), another child order, ' +
      'indentation and a double-quoted upper-case XML declaration',
    allowedBy:
      'spec §4.1 lists the children COS sends (real COS adds TraceId); XML child order and whitespace carry no ' +
      'meaning for these documents and S3 sends HostId, so readers take the children they know by name',
    profiles: ['cos'],
    server: { transport: { extendedErrorDocuments: true } },
  }),
  conformantVariant({
    name: 'header-case-scrambled',
    description:
      'response header names in other letter case: ETAG, X-Cos-Request-Id, x-COS-hash-crc64ecma, Content-type, …',
    allowedBy: 'RFC 9110 §5.1: field names are case-insensitive',
    profiles: ['cos'],
    server: { transport: { headerCase: 'scrambled' } },
  }),
  conformantVariant({
    name: 'framing-chunked',
    description: 'every response body sent with Transfer-Encoding: chunked, never Content-Length',
    allowedBy:
      'RFC 9112 §6.1, §6.3: chunked transfer coding is a valid framing of any HTTP/1.1 response body',
    profiles: ['cos'],
    server: { transport: { framing: 'chunked' } },
  }),
  conformantVariant({
    name: 'framing-sized',
    description:
      "Complete's whitespace and result held back and sent with a Content-Length (the default streams them chunked)",
    allowedBy:
      'RFC 9112 §6.2, §6.3: Content-Length is a valid framing; spec §2.5: the whitespace keeps a long Complete ' +
      'alive, it is not a framing the client may rely on',
    profiles: ['cos'],
    // A short interval and a delay, so that the sized body does start with whitespace.
    server: { transport: { framing: 'sized' }, completeKeepAliveMs: 5, completeDelayMs: 20 },
  }),
  conformantVariant({
    name: 'unsolicited-100-continue',
    description: 'an interim 100 Continue before every final response, also to requests without Expect',
    allowedBy:
      'RFC 9110 §15.2: a client must be able to parse 1xx responses received before the final response, even ' +
      'if it did not expect one',
    profiles: ['cos'],
    server: { transport: { unsolicitedContinue: true } },
  }),
];
