/** Changing a received body before it is stored (mutants that store other bytes than the declared ones). */
import { readFile } from 'node:fs/promises';
import { BodyHasher } from '../../../body/hashing.ts';
import type { AcceptedBody } from '../../handlers/receive-checked.ts';
import type { RequestContext } from '../../http/context.ts';

/** The body with its bytes replaced by `change(bytes)` (held in memory) and its digest recomputed (small bodies only). */
export async function rewrittenBody(
  ctx: RequestContext,
  body: AcceptedBody,
  change: (bytes: Buffer) => Buffer,
): Promise<AcceptedBody> {
  const { pending } = body;
  const bytes = change(pending.kind === 'memory' ? pending.bytes : await readFile(pending.path));
  await ctx.server.store.discard(pending);
  return { ...body, pending: { kind: 'memory', bytes }, digest: new BodyHasher().update(bytes).digest() };
}
