/** One-line descriptions of exchanges for check messages: what was sent and what came back. */
import type { Exchange } from '../../client/exchange.ts';

/** Query values longer than this are shortened (upload ids are 74 characters on COS). */
const MAX_QUERY_VALUE = 16;

function shortValue(value: string): string {
  return value.length > MAX_QUERY_VALUE ? `${value.slice(0, MAX_QUERY_VALUE - 1)}…` : value;
}

/** `PUT /key?partNumber=1&uploadId=1585…` (the request line, shortened). */
export function describeRequest(ex: Exchange): string {
  const query = Object.entries(ex.request.query)
    .map(([key, value]) => (value === '' ? key : `${key}=${shortValue(value)}`))
    .join('&');
  return `${ex.request.method} ${ex.request.path}${query ? `?${query}` : ''}`;
}

/** `400 InvalidArgument`, `200`, `204`, or `transport ECONNRESET`. */
export function describeAnswer(ex: Exchange | undefined): string {
  if (!ex) return 'no exchange';
  if (ex.transportError) return `transport ${ex.transportError.code}`;
  const response = ex.response;
  if (!response) return 'no response';
  const code = response.error?.code;
  return code ? `${response.status} ${code}` : `${response.status}`;
}

/** `PUT /key?partNumber=0&uploadId=… → 400 InvalidArgument`. */
export function describeExchange(ex: Exchange | undefined): string {
  if (!ex) return 'no exchange';
  return `${describeRequest(ex)} → ${describeAnswer(ex)}`;
}

/** Response header value (names are lower-cased in records). */
export function header(ex: Exchange | undefined, name: string): string | undefined {
  return ex?.response?.headers[name.toLowerCase()];
}

/** True when the exchange got an HTTP answer in 200..299. */
export function isSuccess(ex: Exchange | undefined): boolean {
  const status = ex?.response?.status;
  return status !== undefined && status >= 200 && status < 300;
}
