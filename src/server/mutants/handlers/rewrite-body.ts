/** Changing a received body before it is stored (mutants that store other bytes than the declared ones). */
import { readFile, writeFile } from 'node:fs/promises';
import { BodyHasher } from '../../../body/hashing.ts';
import type { AcceptedBody } from '../../handlers/receive-checked.ts';

/** The body with its temp file replaced by `change(bytes)` and its digest recomputed (small bodies only). */
export async function rewrittenBody(
  body: AcceptedBody,
  change: (bytes: Buffer) => Buffer,
): Promise<AcceptedBody> {
  const bytes = change(await readFile(body.tempPath));
  await writeFile(body.tempPath, bytes);
  return { ...body, digest: new BodyHasher().update(bytes).digest() };
}
