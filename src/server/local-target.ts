import { DEFAULT_TIMEOUTS, type Target } from '../target/types.ts';
import { DEFAULT_BUCKET, DEFAULT_REGION, LOCAL_SECRET_ID, LOCAL_SECRET_KEY } from './defaults.ts';

/** The Target of a reference server started on loopback with its defaults: what scripts and tests point a client at. */
export function localTarget(url: string, overrides: Partial<Target> = {}): Target {
  return {
    endpoint: url,
    bucket: DEFAULT_BUCKET,
    region: DEFAULT_REGION,
    addressing: 'path',
    signer: 'cos',
    profile: 'cos',
    credentials: { secretId: LOCAL_SECRET_ID, secretKey: LOCAL_SECRET_KEY },
    timeouts: DEFAULT_TIMEOUTS,
    ...overrides,
  };
}
