import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  decodeReplayToken,
  encodeReplayToken,
  extractReplayPath,
  replayFor,
  ReplayTokenError,
} from '../../src/model/replay.ts';

describe('replay tokens', () => {
  test('round-trip any token', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }).map((p) => p.join(':')),
        fc.option(fc.string(), { nil: undefined }),
        (id, seed, path, replayPath) => {
          const t = replayPath === undefined ? { id, seed, path } : { id, seed, path, replayPath };
          const token = encodeReplayToken(t);
          expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
          expect(decodeReplayToken(token)).toEqual(t);
        },
      ),
    );
  });

  test('malformed tokens are refused with a stable code', () => {
    for (const bad of [
      '',
      'not base64 !',
      Buffer.from('{"v":1}').toString('base64url'),
      Buffer.from('[]').toString('base64url'),
    ]) {
      expect(() => decodeReplayToken(bad)).toThrow(ReplayTokenError);
    }
    const wrongPath = Buffer.from(JSON.stringify({ v: 1, id: 'a', seed: 1, path: 'x' })).toString(
      'base64url',
    );
    expect(() => decodeReplayToken(wrongPath)).toThrow(/malformed/);
  });

  test('a token applies only to its test', () => {
    const token = encodeReplayToken({ id: 'model.multipart.sequences', seed: 3, path: '1:2' });
    expect(replayFor(token, 'model.multipart.sequences')).toEqual({
      id: 'model.multipart.sequences',
      seed: 3,
      path: '1:2',
    });
    expect(replayFor(token, 'out-of-order.upload-part.sequential')).toBeUndefined();
    expect(replayFor(undefined, 'x')).toBeUndefined();
  });

  test('the replayPath fast-check prints in a command sequence is extracted', () => {
    expect(extractReplayPath('Initiate,UploadPart /*replayPath="CGN:F"*/')).toBe('CGN:F');
    expect(extractReplayPath('[1,2,3]')).toBeUndefined();
  });
});
