/**
 * Validation of fault specs (undici's habit: validate every option up front with a precise message), and the
 * normalisation of a fault name into a spec.
 */
import * as z from 'zod';
import { FaultProxyError } from './errors.ts';
import type { FaultName, FaultSpec } from './types.ts';

const count = z.number().int().nonnegative();
const ms = z.number().int().positive().max(3_600_000);

const statusFields = {
  consumeBody: z.boolean().optional(),
  code: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9.]{0,63}$/)
    .optional(),
  requestId: z.boolean().optional(),
};

/** Schema of {@link FaultSpec}: unknown keys are rejected so a typo never silently means a default. */
export const faultSpecSchema = z.discriminatedUnion('name', [
  z.strictObject({ name: z.literal('pass') }),
  z.strictObject({ name: z.literal('reset-mid-request-body'), afterBodyBytes: count.optional() }),
  z.strictObject({ name: z.literal('reset-mid-response'), afterBytes: count.optional() }),
  z.strictObject({
    name: z.literal('stall-response'),
    forward: z.boolean().optional(),
    holdMs: ms.optional(),
  }),
  z.strictObject({ name: z.literal('truncated-response'), bodyBytes: count.optional() }),
  z.strictObject({ name: z.literal('status-500-xml'), ...statusFields }),
  z.strictObject({ name: z.literal('status-503-xml'), ...statusFields }),
  z.strictObject({ name: z.literal('status-500-empty'), ...statusFields }),
  z.strictObject({ name: z.literal('status-503-empty'), ...statusFields }),
  z.strictObject({ name: z.literal('malformed-xml') }),
  z.strictObject({
    name: z.literal('trickle-response'),
    chunkBytes: z.number().int().positive().max(65_536).optional(),
    intervalMs: ms.optional(),
    scope: z.enum(['body', 'all']).optional(),
  }),
]);

/** Validates a fault given by name or spec; throws {@link FaultProxyError} `FAULT_PROXY_INVALID_PLAN`. */
export function toFaultSpec(fault: FaultName | FaultSpec, where = 'fault'): FaultSpec {
  const input = typeof fault === 'string' ? { name: fault } : fault;
  const parsed = faultSpecSchema.safeParse(input);
  if (!parsed.success) {
    throw new FaultProxyError('FAULT_PROXY_INVALID_PLAN', `${where}: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data as FaultSpec;
}
