/**
 * junit.xml: vitest's own JUnit reporter, fed copies of the tasks with the known secrets scrubbed from what it
 * writes as text (failure messages and stacks, diffs, error properties, console output, annotations). Names are
 * identifiers and keep everything but a distinctive secret (redact.ts `ScrubMode`), so the XML's structure and the
 * test names CI joins on never change.
 */
import { stripVTControlCharacters } from 'node:util';
import { type JUnitOptions, JUnitReporter } from 'vitest/node';
import { redact, scrubSecrets } from '../client/redact.ts';

type Task = Parameters<JUnitReporter['writeTasks']>[0][number];

/** Deep enough for any serialized error and its causes; deeper values are dropped rather than written unchecked. */
const MAX_DEPTH = 12;

/**
 * A copy of a serialized error with every string scrubbed as free text; parsed stack frames are kept. Colours go
 * first: a diff highlights inside a value, which splits a secret with escape codes the reporter strips later.
 */
function scrubValue(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return redact(stripVTControlCharacters(value), secrets);
  if (depth > MAX_DEPTH) return undefined;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, secrets, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = key === 'stacks' ? v : scrubValue(v, secrets, depth + 1);
    }
    return out;
  }
  return value;
}

/** A copy of a task with its written text scrubbed; the original (which other reporters read) is not touched. */
export function scrubTask(task: Task, secrets: readonly string[]): Task {
  const copy: Task = { ...task, name: scrubSecrets(task.name, secrets, 'data') };
  if (task.result?.errors) {
    copy.result = {
      ...task.result,
      errors: task.result.errors.map((testError) => scrubValue(testError, secrets) as typeof testError),
    };
  }
  if (task.logs) copy.logs = task.logs.map((log) => ({ ...log, content: redact(log.content, secrets) }));
  if (copy.type === 'test' && task.type === 'test') {
    copy.annotations = task.annotations.map((testAnnotation) => ({
      ...testAnnotation,
      message: redact(testAnnotation.message, secrets),
    }));
  }
  return copy;
}

/** vitest's JUnit reporter, writing only scrubbed copies of the tasks (see the module comment). */
export class RedactingJUnitReporter extends JUnitReporter {
  readonly #secrets: readonly string[];

  constructor(options: JUnitOptions, secrets: readonly string[]) {
    super(options);
    this.#secrets = secrets.filter((s) => s.length > 0);
  }

  override writeTasks(tasks: Task[], filename: string): Promise<void> {
    if (this.#secrets.length === 0) return super.writeTasks(tasks, filename);
    return super.writeTasks(
      tasks.map((task) => scrubTask(task, this.#secrets)),
      filename,
    );
  }
}
