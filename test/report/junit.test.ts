/** junit.xml's task copies: failures, logs and annotations scrubbed; names and the original tasks untouched. */
import { describe, expect, test } from 'vitest';
import type { JUnitReporter } from 'vitest/node';
import { REDACTED, redactError } from '../../src/client/redact.ts';
import { ConfigError } from '../../src/cli/errors.ts';
import { scrubTask } from '../../src/report/junit.ts';

type Task = Parameters<JUnitReporter['writeTasks']>[0][number];

const LONG = 'JunitSecretKey0123456789abcdef';

function fakeTask(): Task {
  const task = {
    type: 'test',
    name: 'basics > basics.upload-part.status-200',
    mode: 'run',
    annotations: [{ type: 'notice', message: `note ${LONG}` }],
    logs: [{ type: 'stdout', content: `log ${LONG}`, time: 0, size: 1 }],
    result: {
      state: 'fail',
      errors: [
        {
          name: 'AssertionError',
          message: `upload-part failed with ${LONG}`,
          stack: `AssertionError: ${LONG}\n    at specs/basics.spec.ts:1:1`,
          // a diff highlights inside a value: the colour codes split the secret
          diff: `Expected: "${LONG.slice(0, 9)}\u001b[7m${LONG.slice(9)}\u001b[27m"`,
          cause: { name: 'Error', message: `cause ${LONG}` },
          stacks: [{ file: 'specs/basics.spec.ts', line: 1, column: 1, method: '' }],
        },
      ],
    },
  };
  return task as unknown as Task;
}

describe('scrubTask', () => {
  test('scrubs what junit.xml writes as text, keeps names, leaves the original alone', () => {
    const task = fakeTask();
    const before = JSON.stringify(task);
    const copy = scrubTask(task, [LONG, 'upload-part']);
    expect(JSON.stringify(task)).toBe(before);
    expect(copy.name).toBe('basics > basics.upload-part.status-200');
    const json = JSON.stringify(copy);
    expect(json).not.toContain(LONG);
    expect(json).not.toContain(LONG.slice(9));
    const error = copy.result!.errors![0]!;
    expect(error.message).toBe(`${REDACTED} failed with ${REDACTED}`);
    expect(error.stacks).toEqual([{ file: 'specs/basics.spec.ts', line: 1, column: 1, method: '' }]);
  });
});

describe('redactError', () => {
  test('scrubs message and stack in place, keeping the class and code (exit 2 stays exit 2)', () => {
    const err = new ConfigError('E_CONFIG_INVALID', `bad ${LONG}`);
    const out = redactError(err, [LONG]);
    expect(out).toBe(err);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.code).toBe('E_CONFIG_INVALID');
    expect(err.message).toBe(`bad ${REDACTED}`);
    expect(err.stack).not.toContain(LONG);
    expect(String(redactError(`thrown ${LONG}`, [LONG]))).toBe(`Error: thrown ${REDACTED}`);
  });
});
