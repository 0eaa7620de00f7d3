/**
 * Broken Completes: alternative handlers composed of the conformant steps of src/server/handlers/complete.ts
 * (read the request, choose the parts, answer and assemble) with one step done wrong.
 */
import { selectCompleteParts } from '../../handlers/complete-rules.ts';
import {
  answerComplete,
  completeResult,
  completeWithParts,
  readCompleteRequest,
} from '../../handlers/complete.ts';
import type { Handler } from '../../http/context.ts';

/** Assembling the object always fails after the 200 went out, so the error arrives in the 200 body (§2.5). */
export const assemblyFails: Handler = async (ctx) => {
  const request = await readCompleteRequest(ctx);
  if (!request) return;
  const parts = selectCompleteParts(request.listed, request.upload, ctx.server.behaviour);
  await answerComplete(ctx, request.upload, completeResult(ctx, request, parts), async () => {
    throw new Error('assembly failed (the complete-200-error-body mutant)');
  });
};

/**
 * A part number listed more than once is left out of the object altogether (instead of used as often as listed):
 * its entries never reach the rules, so the sizes are judged without them too.
 */
export const repeatedPartDropped: Handler = async (ctx) => {
  const request = await readCompleteRequest(ctx);
  if (!request) return;
  const numbers = request.listed.map((entry) => Number(entry.partNumber));
  const once = request.listed.filter(
    (_, position) => numbers.indexOf(numbers[position]) === numbers.lastIndexOf(numbers[position]),
  );
  const parts = selectCompleteParts(once, request.upload, ctx.server.behaviour);
  await completeWithParts(ctx, request, parts);
};
