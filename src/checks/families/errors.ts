/**
 * Family `errors`, the error answers themselves (spec §4.1 [D7730], §4.4): every error answer of the multipart calls
 * carries the request id header (an SDK takes an error without `x-cos-request-id` for a network failure and retries
 * it) and an error document with Code, Message and RequestId. Judged over a fixed set of deliberately provoked
 * errors, one or more per operation and per kind (403 signature refusals, 404 NoSuchUpload, 400 bad arguments,
 * digests and part lists): the statuses whose answers come from different places in a server (the authentication
 * layer, the router, the handlers). The codes themselves are judged by the families of their rules.
 */
import type { Exchange } from '../../client/exchange.ts';
import { defineCheck } from '../kit/define.ts';
import { describeExchange } from '../kit/describe.ts';
import {
  ERROR_FIELD_NAMES,
  errorAnswers,
  missingErrorFields,
  requestIdHeaderOf,
} from '../kit/error-answers.ts';
import { deviation, doc, expect, named, RGW, rgwTable } from '../../profiles/evidence.ts';
import { S3_DOCS } from '../../profiles/sources.ts';
import type { FamilyExpectations } from '../../profiles/types.ts';
import type { MutantDef } from '../../server/mutants/types.ts';

const FAMILY = 'errors';

/** The answers to the provoked errors (a provocation answered with a success is not an error answer: left out). */
export interface ProvokedErrors {
  exchanges: readonly (Exchange | undefined)[];
}

/** The first three descriptions, and how many more (the exchanges carry them all). */
function firstFew(lines: readonly string[]): string {
  const more = lines.length > 3 ? `; and ${lines.length - 3} more` : '';
  return `${lines.slice(0, 3).join('; ')}${more}`;
}

export const errorRequestId = defineCheck(
  {
    id: 'errors.multipart.request-id-header',
    title:
      'Request id header of error answers (403, 404, 400) across Upload Part, List Parts, Complete, Abort',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §1.3 [D7729]; §4.4 [NODE] allowRetry',
    tags: ['error-answer', 'headers'],
  },
  (input: ProvokedErrors, kit) => {
    const errors = errorAnswers(input.exchanges);
    if (errors.length === 0) {
      return kit.indeterminate('none of the provoked errors was answered with an error status', {
        exchanges: [...input.exchanges],
      });
    }
    const names = kit.profile.features.requestIdHeaders.value;
    const without = errors.filter((ex) => requestIdHeaderOf(ex, names) === undefined);
    if (without.length > 0) {
      return kit.fail(
        `${without.length} of ${errors.length} error answers carry none of ${names.join(', ')}: ${firstFew(without.map(describeExchange))}`,
        { expected: names.join(' or '), exchanges: without },
      );
    }
    const seen = requestIdHeaderOf(errors[0]!, names)!;
    return kit.pass(`${errors.length} error answers carry a request id (${seen})`, {
      variantSeen: seen,
      exchanges: errors,
    });
  },
);

export const errorDocumentFields = defineCheck(
  {
    id: 'errors.multipart.error-document',
    title: 'Error documents of error answers (403, 404, 400) across Upload Part, List Parts, Complete, Abort',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §4.1 [D7730]; §4.4',
    tags: ['error-answer', 'error-document'],
  },
  (input: ProvokedErrors, kit) => {
    const errors = errorAnswers(input.exchanges);
    if (errors.length === 0) {
      return kit.indeterminate('none of the provoked errors was answered with an error status', {
        exchanges: [...input.exchanges],
      });
    }
    const fields = kit.profile.features.errorDocumentFields.value;
    const expected = fields.map((field) => ERROR_FIELD_NAMES[field]).join(', ');
    const bad = errors
      .map((ex) => ({ ex, missing: missingErrorFields(ex, fields) }))
      .filter((entry) => entry.missing !== undefined);
    if (bad.length > 0) {
      const lines = bad.map(({ ex, missing }) =>
        ex.response?.error
          ? `<Error> without ${missing!.join(', ')}: ${describeExchange(ex)}`
          : `no readable <Error> document: ${describeExchange(ex)}`,
      );
      return kit.fail(`${bad.length} of ${errors.length} error answers: ${firstFew(lines)}`, {
        expected,
        exchanges: bad.map(({ ex }) => ex),
      });
    }
    return kit.pass(`${errors.length} error documents with ${expected}`, {
      variantSeen: 'well-formed',
      exchanges: errors,
    });
  },
);

export const ERRORS_CHECKS = [errorRequestId, errorDocumentFields] as const;

/** What each profile allows (docs/spec.md §1.3, §4.1, §4.4; AWS common response headers and error responses). */
export const ERRORS_EXPECTATIONS = {
  cos: {
    'errors.multipart.request-id-header': expect([
      named(
        'x-cos-request-id',
        doc('spec §1.3 [D7729]', 'generated for every request'),
        doc('spec §4.4', 'the Node SDK retries an error answer without it as a network failure'),
      ),
    ]),
    'errors.multipart.error-document': expect([named('well-formed', doc('spec §4.1 [D7730]'))]),
  },
  s3: {
    'errors.multipart.request-id-header': expect([
      named(
        'x-amz-request-id',
        doc('https://docs.aws.amazon.com/AmazonS3/latest/API/RESTCommonResponseHeaders.html'),
      ),
      named('x-cos-request-id', doc('spec §1.3 [D7729]', "COS's S3-compatible endpoint")),
    ]),
    'errors.multipart.error-document': expect([named('well-formed', S3_DOCS.errors)], {
      deviations: [deviation(RGW, '<Message></Message> always empty', rgwTable('error <Message>'))],
    }),
  },
} satisfies FamilyExpectations<typeof ERRORS_CHECKS>;

/** Servers that break the family's rules. */
export const ERRORS_MUTANTS = [
  {
    name: 'error-request-id-dropped',
    description: 'error answers go out without x-cos-request-id (successes keep it)',
    family: FAMILY,
    catches: [errorRequestId.id],
    behaviour: { sendRequestIdOnErrors: false },
  },
  {
    name: 'error-document-without-request-id',
    description: 'error documents leave out <RequestId>',
    family: FAMILY,
    catches: [errorDocumentFields.id],
    behaviour: { errorDocumentHasRequestId: false },
  },
] as const satisfies readonly MutantDef[];
