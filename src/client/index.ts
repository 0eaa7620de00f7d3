/** The COS client: operations, the raw-socket path, the recorder and redaction. */
export {
  type BodyDigestData,
  type CallOptions,
  type CompleteData,
  type CompleteOptions,
  CosClient,
  type CosClientOptions,
  type CustomRequest,
  type Empty,
  type GetObjectData,
  type GetObjectOptions,
  type HeadObjectData,
  type ListAllPartsData,
  type ListAllPartsOptions,
  type ListPartsOptions,
  type ListUploadsOptions,
  type PutObjectData,
  type PutObjectOptions,
  type UploadPartData,
  type UploadPartOptions,
} from './cos-client.ts';
export type {
  CosErrorXml,
  Exchange,
  ExchangeRequest,
  ExchangeResponse,
  OpResult,
  ProtocolError,
  TransportError,
} from './exchange.ts';
export { HttpParseError, ResponseParser } from './http1-parser.ts';
export {
  BodyInputError,
  md5Base64Of,
  type OutgoingBody,
  type PartBodyInput,
  toOutgoingBody,
} from './part-body-input.ts';
export type { SigningOptions } from './prepare.ts';
export { buildQueryString, type QueryPair, queryRecord } from './query.ts';
export { type AfterSend, type RawRequestOptions, type RawResponseData, rawRequest } from './raw.ts';
export {
  type ExchangeListener,
  Recorder,
  type RecorderOptions,
  redactExchange,
  type UnrecordedExchange,
} from './recorder.ts';
export {
  REDACTED,
  redact,
  redactAuthorization,
  redactHeaders,
  redactQuery,
  SECRET_HEADERS,
  SECRET_QUERY_PARAMS,
} from './redact.ts';
export { classifyTransportError, TRANSPORT_CODES, type TransportCode } from './transport-errors.ts';
export type {
  CompletePartOrder,
  CompleteResult,
  InitiateResult,
  ListedPart,
  ListedUpload,
  ListPartsResult,
  ListUploadsResult,
} from './xml-results.ts';
