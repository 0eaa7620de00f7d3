/**
 * Judging one HTTP answer against the allowed variants of a profile: the status must be one the variant
 * allows, its error code the variant's code, and a success variant never matches a body that is an
 * `<Error>` document (a 200 carrying an error is a failure, spec §2.5 [D7742]).
 */
import type { Exchange } from '../../client/exchange.ts';
import type { Variant } from '../../profiles/types.ts';
import type { CheckResult } from '../types.ts';
import { boundExchanges, type JudgeKit } from './define.ts';
import { describeAnswer, describeExchange, isSuccess } from './describe.ts';
import { serverErrorOutcome, transportOutcome } from './transport.ts';

/** Variants that speak about an HTTP answer (they carry a status or a code). */
export function responseVariants(variants: readonly Variant[]): Variant[] {
  return variants.filter((variant) => variant.status !== undefined || variant.code !== undefined);
}

/** Whether an HTTP answer is what `variant` allows. */
export function matchesVariant(ex: Exchange, variant: Variant): boolean {
  const response = ex.response;
  if (!response) return false;
  const success = response.status >= 200 && response.status < 300;
  if (variant.status !== undefined && !variant.status.includes(response.status)) return false;
  if (variant.status === undefined && variant.code === undefined && !success) return false;
  if (variant.code !== undefined) return response.error?.code === variant.code;
  // A success variant: the body must not be an error document.
  if (success && response.error !== undefined) return false;
  return true;
}

/** The first variant the answer matches. */
export function matchVariant(ex: Exchange, variants: readonly Variant[]): Variant | undefined {
  return variants.find((variant) => matchesVariant(ex, variant));
}

/** `400 InvalidArgument`, `200 or 204`, … */
export function describeVariant(variant: Variant): string {
  const status = variant.status?.join('/') ?? (variant.code ? '' : '2xx');
  return (
    [status, variant.code].filter((piece) => piece !== '' && piece !== undefined).join(' ') || variant.name
  );
}

/** `400 InvalidPart or 200` */
export function describeVariants(variants: readonly Variant[]): string {
  return variants.map(describeVariant).join(' or ');
}

/** Result for a transport failure, or undefined when the exchange has an HTTP answer. */
export function transportResult(
  kit: JudgeKit,
  ex: Exchange | undefined,
  what: string,
): CheckResult | undefined {
  const transport = transportOutcome(ex);
  if (transport === undefined) return undefined;
  const why = ex?.transportError
    ? `${ex.transportError.code}: ${ex.transportError.message}`
    : ex?.response
      ? `unreadable ${ex.response.status} answer (the body is not well-formed XML)`
      : 'no answer';
  return kit.result(transport, `${what}: ${why}`, { exchanges: [ex], observed: describeAnswer(ex) });
}

/** A 5xx answer: the endpoint failed (spec §4.2, §4.4), which says nothing about a rule that needed success. */
function isServerError(ex: Exchange | undefined): boolean {
  return (ex?.response?.status ?? 0) >= 500;
}

/** Every variant is a success: a check that can only be judged on an answer to a step that ran. */
function expectsSuccessOnly(variants: readonly Variant[]): boolean {
  return (
    variants.length > 0 &&
    variants.every(
      (variant) =>
        variant.code === undefined &&
        (variant.status ?? [200]).every((status) => status >= 200 && status < 300),
    )
  );
}

/**
 * The generic response judge: passes when the answer matches one of the profile's variants for this check
 * (recording which as `variantSeen`), fails otherwise.
 */
export function judgeAnswer(
  kit: JudgeKit,
  ex: Exchange | undefined,
  what: string,
  extraExchanges: readonly (Exchange | undefined)[] = [],
): CheckResult {
  const exchanges = [...extraExchanges, ex];
  const transport = transportResult(kit, ex, what);
  if (transport) return { ...transport, exchanges: boundExchanges(exchanges) };
  const variants = responseVariants(kit.variants);
  const expected = describeVariants(variants);
  const seen = matchVariant(ex!, variants);
  const observed = describeAnswer(ex);
  if (!seen && isServerError(ex) && expectsSuccessOnly(variants)) {
    // A 5xx where only a success is allowed: the step did not run, so the rule was not exercised (spec §4.2).
    return kit.result(
      serverErrorOutcome(ex!),
      `${what}: ${observed}, a server error, not an answer about the rule`,
      {
        expected,
        observed,
        exchanges,
      },
    );
  }
  if (seen) {
    return kit.pass(`${what}: ${observed}`, { expected, observed, variantSeen: seen.name, exchanges });
  }
  const errorBody =
    isSuccess(ex) && ex!.response!.error ? ' (a success status carrying an <Error> body)' : '';
  return kit.fail(`${what}: expected ${expected}, got ${describeExchange(ex)}${errorBody}`, {
    expected,
    observed,
    exchanges,
  });
}

/**
 * A precondition: the step a check depends on must have succeeded. Returns the `error` result to hand back
 * when it did not (not a verdict on this check: the evidence it needs does not exist), else undefined.
 */
export function requireSuccess(
  kit: JudgeKit,
  ex: Exchange | undefined,
  step: string,
): CheckResult | undefined {
  const transport = transportResult(kit, ex, `precondition ${step}`);
  if (transport) return transport;
  if (isSuccess(ex) && !ex!.response!.error) return undefined;
  if (isServerError(ex)) {
    return kit.result(
      serverErrorOutcome(ex!),
      `precondition ${step}: ${describeAnswer(ex)}, a server error`,
      {
        exchanges: [ex],
        observed: describeAnswer(ex),
      },
    );
  }
  return kit.error(`precondition failed: ${step} answered ${describeAnswer(ex)}`, {
    exchanges: [ex],
    observed: describeAnswer(ex),
  });
}

/**
 * A 500 answer (not a 503 refusal such as SlowDown, which says "try later", nor a 501): an endpoint error that,
 * when the same valid request meets it again, is a defect rather than bad luck.
 */
function isInternalServerError(ex: Exchange): boolean {
  return ex.response?.status === 500;
}

/**
 * The exchange that leaves `result` without a verdict because of a 500, or undefined: `result` is indeterminate
 * or error, and its evidence holds a 500 answer (the last one). Such a result is worth a second try (spec §4.2).
 */
export function internalErrorOf(result: CheckResult): Exchange | undefined {
  if (result.outcome !== 'indeterminate' && result.outcome !== 'error') return undefined;
  return result.exchanges.findLast(isInternalServerError);
}

/**
 * The verdict after a second try of a check whose first result had a 500 on valid input ({@link internalErrorOf}):
 * the same request (operation and method) answered 500 again on a new exchange → `fail`, "the endpoint errors on
 * valid input", with both exchanges as evidence; the second try failing on its own → its fail; anything else (the
 * 500 did not repeat, or the second try reused the first one's exchange) → the first result (indeterminate, or
 * error for a read), the 500 a one-off.
 */
export function judgeSecondTry(first: CheckResult, second: CheckResult): CheckResult {
  const firstEx = internalErrorOf(first);
  if (firstEx === undefined) return first;
  if (second.outcome === 'fail') return second;
  const again = second.exchanges.findLast(
    (ex) =>
      isInternalServerError(ex) &&
      ex.seq > firstEx.seq &&
      ex.op === firstEx.op &&
      ex.request.method === firstEx.request.method,
  );
  if (again !== undefined) {
    return {
      ...first,
      outcome: 'fail',
      message:
        `the endpoint errors on valid input: ${firstEx.op} answered ${describeAnswer(firstEx)} on the first ` +
        `try (#${firstEx.seq}) and ${describeAnswer(again)} again on a second (#${again.seq})`,
      observed: describeAnswer(again),
      exchanges: boundExchanges([firstEx, again]),
    };
  }
  return { ...first, message: `${first.message} (a 500 on valid input that did not repeat on a second try)` };
}
