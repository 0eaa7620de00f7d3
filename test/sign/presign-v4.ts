/** A SigV4 presigned URL as the AWS SDK's s3-request-presigner makes it (smithy presign, `UNSIGNED-PAYLOAD`). */
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { type SigV4Credentials, sha256Constructor } from '../../src/sign/sigv4.ts';

export interface PresignV4Input {
  method: string;
  /** Where the URL points (its search becomes part of the signed query). */
  url: URL;
  /** Headers the client will send and sign (`host` is added from the URL). */
  headers?: Record<string, string>;
  credentials: SigV4Credentials;
  region?: string;
  expiresIn: number;
  signingDate?: Date;
}

/** The presigned URL (query in smithy's order, values percent-encoded) and the headers to send with it. */
export async function presignV4(
  input: PresignV4Input,
): Promise<{ url: URL; headers: Record<string, string> }> {
  const headers: Record<string, string> = { host: input.url.host, ...(input.headers ?? {}) };
  const signer = new SignatureV4({
    service: 's3',
    region: input.region ?? 'ap-guangzhou',
    credentials: input.credentials,
    sha256: sha256Constructor,
    uriEscapePath: false,
  });
  const query: Record<string, string> = {};
  for (const [k, v] of input.url.searchParams) query[k] = v;
  const presigned = await signer.presign(
    new HttpRequest({
      method: input.method,
      hostname: input.url.hostname,
      path: input.url.pathname,
      query,
      headers: { ...headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    }),
    {
      expiresIn: input.expiresIn,
      signingDate: input.signingDate ?? new Date(),
      unsignableHeaders: new Set(['x-amz-content-sha256']),
    },
  );
  const url = new URL(input.url.toString());
  url.search = Object.entries(presigned.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return { url, headers };
}
