/**
 * What every error answer must carry (spec §4.1 [D7730], §4.4): an error document with the profile's fields, and a
 * request id header. Shared by the judges that look at error answers (no-such-upload, errors).
 */
import type { CosErrorXml, Exchange } from '../../client/exchange.ts';

/** The element name of each error-document field. */
export const ERROR_FIELD_NAMES: Record<keyof CosErrorXml, string> = {
  code: 'Code',
  message: 'Message',
  requestId: 'RequestId',
  resource: 'Resource',
  traceId: 'TraceId',
};

/** The exchanges answered with an HTTP error status (4xx, 5xx). */
export function errorAnswers(exchanges: readonly (Exchange | undefined)[]): Exchange[] {
  return exchanges.filter((exchange): exchange is Exchange => (exchange?.response?.status ?? 0) >= 400);
}

/**
 * The element names of `fields` an error answer lacks (empty or absent), or undefined when it has them all; a
 * missing or unreadable document lacks every field.
 */
export function missingErrorFields(
  ex: Exchange,
  fields: readonly (keyof CosErrorXml)[],
): string[] | undefined {
  const doc = ex.response?.error;
  const missing = fields
    .filter((field) => (doc?.[field] ?? '').trim() === '')
    .map((field) => ERROR_FIELD_NAMES[field]);
  return missing.length > 0 ? missing : undefined;
}

/** The first of `names` (request id headers) the answer carries with a value, or undefined. */
export function requestIdHeaderOf(ex: Exchange, names: readonly string[]): string | undefined {
  return names.find((name) => (ex.response?.headers[name.toLowerCase()] ?? '').trim() !== '');
}
