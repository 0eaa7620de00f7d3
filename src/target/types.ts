/** Where a run points and how it talks: the seam between config (cli/) and the client. Plain data, serialisable. */

/** `virtual-host`: Host is `<bucket>.<domain>`; `path`: requests go to `/<bucket>/<key>`. */
export type Addressing = 'virtual-host' | 'path';
/** `cos`: q-sign-algorithm=sha1 (spec §6); `sigv4`: AWS Signature V4 (§6.5). */
export type SignerKind = 'cos' | 'sigv4';
/** Which semantics the checks judge against: COS documents (default) or AWS S3. */
export type ProfileName = 'cos' | 's3';

export interface Credentials {
  readonly secretId: string;
  readonly secretKey: string;
  /** Temporary credentials: sent as `x-cos-security-token` (spec §6.6) or `x-amz-security-token`. */
  readonly securityToken?: string;
}

export interface Timeouts {
  readonly connectMs: number;
  readonly headersMs: number;
  readonly bodyMs: number;
}

export interface Target {
  /** Scheme, host and port the sockets connect to, e.g. `http://127.0.0.1:9000` or `https://cos.ap-guangzhou.myqcloud.com`. */
  readonly endpoint: string;
  /** Full bucket name, `<name>-<appid>` for COS. */
  readonly bucket: string;
  readonly region: string;
  readonly addressing: Addressing;
  /**
   * For virtual-host addressing: the domain the bucket is prefixed to in the Host header
   * (default `cos.<region>.myqcloud.com`). On loopback the socket still goes to `endpoint`.
   */
  readonly virtualHostDomain?: string;
  readonly signer: SignerKind;
  readonly profile: ProfileName;
  readonly credentials: Credentials;
  /**
   * A temporary key pair with its security token (spec §6.6), used only by the temporary-credential checks of the
   * auth family; absent, those checks are skipped. The run's other requests use {@link Target.credentials}.
   */
  readonly temporaryCredentials?: Credentials & { readonly securityToken: string };
  readonly timeouts: Timeouts;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, headersMs: 30_000, bodyMs: 60_000 };
