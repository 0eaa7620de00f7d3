/**
 * The one grammar of check ids: `<family>.<operation>.<case>` (docs/adding-a-check.md "Check ids"), e.g.
 * `integrity.upload-part.md5-wrong`, `no-such-upload.list-parts.after-abort`, `complete.complete.missing-part`.
 * The family is the catalogue family (the spec file `specs/<family>.spec.ts`), the operation is the request
 * whose answer the rule is about, the case names the rule; each segment is lower-case kebab-case. Enforced when
 * a check is defined (a type error) and when the catalogue is built (test/checks/registry.test.ts).
 */

/** Families in catalogue order, with a one-line description (the spec file is `specs/<id>.spec.ts`). */
export const FAMILIES = [
  { id: 'basics', title: 'Upload Part basics' },
  { id: 'part-number', title: 'partNumber range and forms' },
  { id: 'out-of-order', title: 'Out-of-order and concurrent upload' },
  { id: 'overwrite', title: 'Overwriting a part number' },
  { id: 'no-such-upload', title: 'Unknown, foreign and finished upload ids' },
  { id: 'part-size', title: 'Part size limits' },
  { id: 'integrity', title: 'Content-MD5 and Content-Length' },
  { id: 'complete', title: 'Complete Multipart Upload' },
  { id: 'abort', title: 'Abort Multipart Upload' },
  { id: 'sse', title: 'Server-side encryption' },
  { id: 'auth', title: 'Authentication' },
  { id: 'request-headers', title: 'Upload Part request headers' },
  { id: 'errors', title: 'Error answers' },
  { id: 'list-parts', title: 'List Parts paging' },
  { id: 'checksums', title: 'AWS SDK default integrity' },
  { id: 'upload-part-copy', title: 'Upload Part - Copy' },
  { id: 'model', title: 'Generated operation sequences' },
  { id: 'run', title: 'Run-level checks' },
] as const;

export type FamilyId = (typeof FAMILIES)[number]['id'];

/**
 * The operation segment: the request whose answer the rule judges. `multipart` is for rules over several
 * operations of an upload together (generated sequences, the error documents of every operation).
 */
export const ID_OPERATIONS = [
  'upload-part',
  'list-parts',
  'complete',
  'abort',
  'multipart',
  'initiate',
  'head-object',
  'get-object',
  'upload-part-copy',
] as const;

export type IdOperation = (typeof ID_OPERATIONS)[number];

/** The shape every id of family `F` has. */
export type CheckIdOf<F extends FamilyId> = `${F}.${IdOperation}.${string}`;

const SEGMENT = '[a-z0-9]+(?:-[a-z0-9]+)*';

/** Three kebab-case segments separated by dots. */
export const CHECK_ID_PATTERN = new RegExp(`^${SEGMENT}\\.${SEGMENT}\\.${SEGMENT}$`);

/** What is wrong with a check's id under the grammar; undefined when it follows it. */
export function idProblem(check: { readonly id: string; readonly family: string }): string | undefined {
  if (!CHECK_ID_PATTERN.test(check.id)) {
    return `check id ${check.id} is not <family>.<operation>.<case> in lower-case kebab-case`;
  }
  const [family, operation] = check.id.split('.');
  if (family !== check.family) return `check id ${check.id} does not start with its family ${check.family}`;
  if (!(ID_OPERATIONS as readonly string[]).includes(operation)) {
    return `check id ${check.id}: ${operation} is not one of the operations ${ID_OPERATIONS.join(', ')}`;
  }
  return undefined;
}
