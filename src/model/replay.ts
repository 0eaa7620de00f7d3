/**
 * Replay tokens: everything needed to rerun exactly one shrunk property case, as one copy-pasteable string
 * (`cos-conformance run --replay TOKEN`). The token is base64url of JSON `{ v, id, seed, path, replayPath? }`:
 * the test id it belongs to, fast-check's seed and path of the shrunk counterexample, and for command
 * sequences the `replayPath` fast-check printed.
 */
import { z } from 'zod';
import { renamedTo } from '../checks/aliases.ts';
import { CosConformanceError, HARNESS_ERROR_CODES } from '../errors.ts';

/** What a token carries. */
export interface ReplayToken {
  /** Test (check) id the token belongs to. */
  id: string;
  /** fast-check seed of the run. */
  seed: number;
  /** fast-check path of the shrunk counterexample, e.g. `"3:1:0"`. */
  path: string;
  /** fast-check `replayPath` of a command sequence (`/*replayPath="…"*\/`). */
  replayPath?: string;
}

const TOKEN_VERSION = 1;

const tokenSchema = z
  .object({
    v: z.literal(TOKEN_VERSION),
    id: z.string().min(1),
    seed: z.number().int(),
    path: z.string().regex(/^\d+(:\d+)*$/),
    replayPath: z.string().optional(),
  })
  .strict();

/** A token that cannot be read. */
export class ReplayTokenError extends CosConformanceError {
  constructor(message: string, options?: ErrorOptions) {
    super(HARNESS_ERROR_CODES.model.replayToken, message, options);
  }
}

/** Encodes a token. */
export function encodeReplayToken(token: ReplayToken): string {
  const body: Record<string, unknown> = {
    v: TOKEN_VERSION,
    id: token.id,
    seed: token.seed,
    path: token.path,
  };
  if (token.replayPath !== undefined) body.replayPath = token.replayPath;
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** Decodes and validates a token (an old check id in it reads as the current one); throws {@link ReplayTokenError}. */
export function decodeReplayToken(token: string): ReplayToken {
  let json: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(token.trim())) throw new Error('not base64url');
    json = JSON.parse(Buffer.from(token.trim(), 'base64url').toString('utf8'));
  } catch (err) {
    throw new ReplayTokenError(`replay token is not base64url JSON: ${(err as Error).message}`);
  }
  const parsed = tokenSchema.safeParse(json);
  if (!parsed.success) {
    throw new ReplayTokenError(
      `replay token is malformed: ${parsed.error.issues.map((i) => i.path.join('.') || i.message).join(', ')}`,
    );
  }
  const { seed, path, replayPath } = parsed.data;
  const id = renamedTo(parsed.data.id) ?? parsed.data.id;
  return replayPath === undefined ? { id, seed, path } : { id, seed, path, replayPath };
}

/** The token for test `id` when the run was asked to replay one, else undefined (another test's token). */
export function replayFor(token: string | undefined, id: string): ReplayToken | undefined {
  if (token === undefined || token === '') return undefined;
  const t = decodeReplayToken(token);
  return t.id === id ? t : undefined;
}

/** The `replayPath` fast-check prints inside a stringified command sequence, if any. */
export function extractReplayPath(counterexample: string): string | undefined {
  return /\/\*replayPath="([^"]*)"\*\//.exec(counterexample)?.[1];
}
