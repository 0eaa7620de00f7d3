/** The strict reference COS server (docs/architecture.md "The reference server, mutants and conformant variants"): start it, describe it, and override its rules (mutants). */
export {
  type AssembleOrder,
  type Behaviour,
  behaviourDifferences,
  CONFORMANT_BEHAVIOUR,
  isBase64Md5,
  isValidPartNumber,
  isValidTrafficLimit,
  quotedMd5Etag,
  resolveBehaviour,
  s3MultipartEtag,
  STRICT_PART_NUMBER,
} from './behaviour.ts';
export { DEFAULT_BUCKET, DEFAULT_REGION, LOCAL_SECRET_ID, LOCAL_SECRET_KEY } from './defaults.ts';
export { describeServer } from './describe.ts';
export type { Operation } from './http/route.ts';
export type { RunningServer, ServerCredential, ServerOptions } from './options.ts';
export { DEFAULT_COMPLETE_KEEP_ALIVE_MS, startServer } from './start.ts';
