/** Turns zod validation issues into lines a person can act on: `path: what is wrong (what was expected)`. */
import type { z } from 'zod';

function pathOf(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return '(top level)';
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((primitive) => JSON.stringify(primitive)).join(', ')}`;
    case 'invalid_type':
      return issue.message.replace(/^Invalid input: /, '');
    default:
      return issue.message;
  }
}

/** One line per issue, e.g. `addressing: must be one of "virtual-host", "path"`. */
export function formatZodIssues(error: z.ZodError, prefix = ''): string[] {
  return error.issues.map((issue) => {
    const base = pathOf(issue.path);
    const where = issue.code === 'unrecognized_keys' && issue.path.length === 0 ? '(top level)' : base;
    return `${prefix}${where}: ${describe(issue)}`;
  });
}
