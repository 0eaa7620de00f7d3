/** fast-check generators shared by the signing tests: methods, object keys, query parameters, headers. */
import fc from 'fast-check';

/** Characters for keys and query names: mostly literal, plus the ones that need care on the wire. */
const KEY_CHARS = [
  ...'abcxyzABZ019-_.~',
  ...'abc019',
  ' ',
  '+',
  '%',
  '?',
  '#',
  '/',
  '=',
  '&',
  '!',
  "'",
  '(',
  '*',
  '腾',
  'é',
  'É',
  '😀',
];

const keyChar = fc.constantFrom(...KEY_CHARS);

export const methodArb = fc.constantFrom('GET', 'put', 'Post', 'DELETE', 'head', 'OPTIONS');

/** An object key: unicode, spaces, `+`, `%`, `?`, `#`, `//`, with or without a leading slash. */
export const objectKeyArb = fc
  .tuple(fc.boolean(), fc.array(fc.string({ unit: keyChar, maxLength: 6 }), { minLength: 1, maxLength: 4 }))
  .map(([leadingSlash, segments]) => (leadingSlash ? '/' : '') + segments.join('/'));

/** Query parameters as a record; `undefined` values are value-less parameters (`?uploads`). */
export const queryRecordArb = fc
  .uniqueArray(
    fc.tuple(
      fc.string({ unit: keyChar, minLength: 1, maxLength: 5 }),
      fc.option(fc.string({ unit: keyChar, maxLength: 8 }), { nil: undefined }),
    ),
    { selector: ([k]) => k, maxLength: 4 },
  )
  .filter((entries) => entries.every(([k]) => k !== '__proto__'))
  .map((entries) => Object.fromEntries(entries) as Record<string, string | undefined>);

const HEADER_NAMES = [
  'Host',
  'Content-Length',
  'content-md5',
  'Content-Type',
  'Cache-Control',
  'Content-Disposition',
  'Date',
  'User-Agent',
  'Expect',
  'Range',
  'If-Match',
  'If-None-Match',
  'Origin',
  'Transfer-Encoding',
  'Pic-Operations',
  'X-Cos-Acl',
  'x-cos-storage-class',
  'x-ci-process',
  'x-amz-date',
  'foo-x-cos-bar',
  'Accept',
];

const headerNameArb = fc.oneof(
  fc.constantFrom(...HEADER_NAMES),
  fc
    .string({ unit: fc.constantFrom(...'abcXYZ019-'), minLength: 1, maxLength: 6 })
    .map((s) => `x-cos-meta-${s}`),
);

/** A header value without leading/trailing whitespace (HTTP servers trim it), possibly with non-ASCII text. */
const headerValueArb = fc
  .string({ unit: fc.constantFrom(...'aZ09 =/;:,"+%', 'é', '腾'), maxLength: 12 })
  .map((s) => s.trim());

/** Headers with unique (case-insensitive) names. */
export const headersArb = fc
  .uniqueArray(fc.tuple(headerNameArb, headerValueArb), { selector: ([n]) => n.toLowerCase(), maxLength: 6 })
  .map((entries) => Object.fromEntries(entries) as Record<string, string>);

/** `start;end` with start ≤ end. */
export const keyTimeArb = fc
  .tuple(fc.integer({ min: 1_000_000_000, max: 2_000_000_000 }), fc.integer({ min: 0, max: 86_400 }))
  .map(([start, length]) => `${start};${start + length}`);
