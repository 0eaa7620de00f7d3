import { describe, expect, test } from 'vitest';
import { isSuccessVariant, predict } from '../../src/model/predict.ts';
import { COS_PROFILE, S3_PROFILE } from '../../src/profiles/index.ts';

const names = (p: ReturnType<typeof predict>) =>
  p.allowed.map((v) => `${v.status?.join('/') ?? ''} ${v.code ?? ''}`.trim());

describe('predict', () => {
  test('nothing broken: the success outcome', () => {
    expect(names(predict(COS_PROFILE, { success: 'basics.upload-part.status-200' }))).toEqual(['200']);
  });

  test('several broken rules: any of their errors, never success', () => {
    const p = predict(COS_PROFILE, {
      violations: ['part-number.upload-part.reject-zero', 'integrity.upload-part.md5-wrong'],
      success: 'basics.upload-part.status-200',
    });
    expect(names(p).sort()).toEqual(['400 BadDigest', '400 InvalidArgument']);
    expect(p.allowed.some(isSuccessVariant)).toBe(false);
  });

  test('a terminal state allows what its check allows, plus the errors of broken rules', () => {
    const p = predict(COS_PROFILE, {
      states: ['no-such-upload.upload-part.after-abort'],
      violations: ['part-number.upload-part.reject-zero'],
      success: 'basics.upload-part.status-200',
    });
    expect(names(p).sort()).toEqual(['400 InvalidArgument', '404 NoSuchUpload']);
    const s3 = predict(S3_PROFILE, {
      states: ['no-such-upload.abort.after-complete'],
      success: 'abort.abort.status-204',
    });
    expect(names(s3).sort()).toEqual(['204', '404 NoSuchUpload']);
  });

  test('a rule that is not an error under the profile does not refuse (gaps under S3)', () => {
    const rules = {
      violations: ['complete.complete.subset-with-gaps'],
      success: 'basics.upload-part.complete-accepts-etag',
    };
    expect(names(predict(COS_PROFILE, rules))).toEqual(['400 InvalidPart']);
    expect(names(predict(S3_PROFILE, rules))).toEqual(['200']);
  });

  test('an unsettled rule allows both its error and success', () => {
    const p = predict(COS_PROFILE, {
      maybe: ['complete.complete.subset-with-gaps'],
      success: 'basics.upload-part.complete-accepts-etag',
    });
    expect(names(p).sort()).toEqual(['200', '400 InvalidPart']);
  });
});
