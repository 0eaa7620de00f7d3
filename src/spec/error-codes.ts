/**
 * COS error codes used by the multipart APIs, with their HTTP status and the source that says so
 * (spec digest §4.2). The reference server answers with these; the checks expect them.
 */
export interface ErrorCodeFact {
  readonly status: number;
  readonly message: string;
  readonly source: string;
}

export const ERROR_CODES = {
  BadDigest: {
    status: 400,
    message: 'The Content-MD5 you specified is not match.',
    source: '§4.2 [D7730][OBS-rclone]',
  },
  InvalidDigest: {
    status: 400,
    message: 'The Content-MD5 you specified is not valid.',
    source: '§4.2 [FLARE] (UNCONFIRMED split)',
  },
  EntityTooSmall: {
    status: 400,
    message: 'Your proposed upload is smaller than the minimum allowed object size.',
    source: '§2.5 [D7742][OBS-ckb]',
  },
  EntityTooLarge: {
    status: 400,
    message: 'Your proposed upload exceeds the maximum allowed object size.',
    source: '§4.2 [D7730-old]',
  },
  IncompleteBody: {
    status: 400,
    message: 'The request body is shorter than the Content-Length header.',
    source: '§4.2 [FLARE]',
  },
  InvalidArgument: { status: 400, message: 'Invalid Argument', source: '§4.3 (recommended) [OBS-node9]' },
  InvalidPart: {
    status: 400,
    message: 'One or more of the specified parts could not be found or its ETag does not match.',
    source: '§2.5 [D7742][D7730-old]',
  },
  InvalidPartOrder: {
    status: 400,
    message: 'The list of parts was not in ascending order.',
    source: '§2.5 [D7742]',
  },
  InvalidRequest: { status: 400, message: 'Invalid request.', source: '§4.2 [FLARE]' },
  RequestTimeout: {
    status: 400,
    message:
      'Your socket connection to the server was not read from or written to within the timeout period.',
    source: '§4.2 [FLARE] (400, not 408)',
  },
  MalformedXML: {
    status: 400,
    message: 'The XML you provided was not well-formed or did not validate against our published schema.',
    source: '§4.2 [FLARE][D7730-old]',
  },
  MissingContentLength: {
    status: 411,
    message: 'Header Content-Length is missing.',
    source: '§4.3 [FLARE][D7730-old]',
  },
  InvalidURI: {
    status: 400,
    message: 'Could not parse the specified URI.',
    source: '§4.2 [FLARE]',
  },
  InvalidBucketName: {
    status: 400,
    message: 'The specified bucket is not valid.',
    source: '§1.1 [NODE] bucket format; S3 InvalidBucketName',
  },
  KeyTooLong: {
    status: 400,
    message: 'Your key is too long.',
    source: "§4.2 [FLARE] (the length is the server's choice: SERVER_LIMITS.maxKeyBytes)",
  },
  InvalidObjectName: {
    status: 400,
    message: 'The specified object name is not valid.',
    source: '§4.2 [FLARE] (a key with a character XML 1.0 cannot carry, which no listing could show)',
  },
  RequestHeaderSectionTooLarge: {
    status: 400,
    message: 'Your request header section exceeds the maximum allowed size.',
    source: 'AWS S3 error code; COS has none in §4.2 (SERVER_LIMITS.maxHeaderBytes)',
  },
  XMLSizeLimit: {
    status: 400,
    message: 'The XML you provided was too large.',
    source: '§4.2 [FLARE]',
  },
  XAmzContentSHA256Mismatch: {
    status: 400,
    message: 'The provided x-amz-content-sha256 header does not match what was computed.',
    source: '§6.5 (S3-compatible profile; AWS S3 error code)',
  },
  AuthorizationQueryParametersError: {
    status: 400,
    message: 'Error parsing the X-Amz-Credential parameter or another presigned-URL parameter.',
    source: '§6.5 (S3-compatible profile; AWS S3 error code for malformed presigned-URL parameters)',
  },
  AccessDenied: { status: 403, message: 'Access Denied.', source: '§4.2 [D40105]' },
  RequestTimeTooSkewed: { status: 403, message: 'Request has expired', source: '§6.4 [D40105]' },
  InvalidToken: {
    status: 400,
    message: 'The provided token is malformed or otherwise invalid.',
    source: '§6.6 (S3-compatible profile; AWS S3 error code for a bad security token, UNCONFIRMED on COS)',
  },
  InvalidAccessKeyId: {
    status: 403,
    message: 'The access key Id format you provided is invalid.',
    source: '§4.2 [D40105][FLARE]',
  },
  SignatureDoesNotMatch: {
    status: 403,
    message: 'The calculated signature does not match.',
    source: '§4.2 [D40105][FLARE]',
  },
  NoSuchBucket: { status: 404, message: 'The specified bucket does not exist.', source: '§4.2 [FLARE]' },
  NoSuchKey: { status: 404, message: 'The specified key does not exist.', source: '§4.2 [FLARE]' },
  NoSuchUpload: {
    status: 404,
    message: 'The specified upload does not exist.',
    source: '§2.2 [D7750][D7742][D7740]',
  },
  BucketNotEmpty: {
    status: 409,
    message: 'The bucket you tried to delete is not empty.',
    source: '§4.2 [FLARE]',
  },
  BucketAlreadyExists: {
    status: 409,
    message: 'The requested bucket name is not available.',
    source: '§4.2 [FLARE]',
  },
  MethodNotAllowed: {
    status: 405,
    message: 'The specified method is not allowed against this resource.',
    source: '§4.2 [FLARE]',
  },
  InvalidRange: { status: 416, message: 'The requested range is not satisfiable.', source: '§4.2 [FLARE]' },
  InternalError: {
    status: 500,
    message: 'We encountered an internal error. Please try again.',
    source: '§4.2 [FLARE]',
  },
  /** Conditional GET/HEAD whose If-None-Match / If-Modified-Since says the copy held is current (RFC 9110 §15.4.5). */
  NotModified: { status: 304, message: 'Not Modified', source: 'RFC 9110 §13.1.2, §13.1.3 (S3 GetObject)' },
  PreconditionFailed: {
    status: 412,
    message: 'At least one of the pre-conditions you specified did not hold.',
    source: 'RFC 9110 §13.1.1, §13.1.4 (S3/COS GetObject, CopyObject); §2.3 [D8287] copy-source conditions',
  },
  InvalidPartNumber: {
    status: 416,
    message: 'The requested partnumber is not satisfiable.',
    source: 'S3 GetObject ?partNumber',
  },
  MissingContentMD5: {
    status: 400,
    message: 'Missing required header for this request: Content-MD5.',
    source: 'S3/COS DeleteObjects (POST ?delete)',
  },
  KeyTooLongError: { status: 400, message: 'Your key is too long.', source: 'S3 error codes' },
  NoSuchVersion: {
    status: 404,
    message: 'The specified version does not exist.',
    source: 'S3 error codes (an unversioned bucket holds only the "null" version)',
  },
  NotImplemented: { status: 501, message: 'Not implemented.', source: '§4.2 [FLARE]' },
} as const satisfies Record<string, ErrorCodeFact>;

export type ErrorCode = keyof typeof ERROR_CODES;
