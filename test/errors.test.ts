/** One error base with its codes in one file (src/errors.ts): every error class of src extends it. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, ERROR_CODES, UsageError } from '../src/cli/errors.ts';
import { CosConformanceError, HARNESS_ERROR_CODES } from '../src/errors.ts';
import { ReportInputError } from '../src/report/errors.ts';
import { CosError } from '../src/server/http/cos-error.ts';
import { UnknownMutantError } from '../src/server/mutants/index.ts';
import { XmlBuildError, XmlParseError } from '../src/xml/errors.ts';

/** Every string leaf of a code tree. */
function leaves(tree: unknown): string[] {
  return typeof tree === 'string' ? [tree] : Object.values(tree as object).flatMap(leaves);
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('harness errors', () => {
  test('codes are unique across areas', () => {
    const codes = leaves(HARNESS_ERROR_CODES);
    expect(codes.length).toBeGreaterThan(30);
    expect(new Set(codes).size).toBe(codes.length);
  });

  test('no class of src extends Error directly except the base', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles('src')) {
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(/class (\w+)(?:<[^>]*>)? extends Error\b/g)) {
        if (match[1] !== 'CosConformanceError') offenders.push(`${file}: ${match[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  test('subclasses keep their name, code and message', () => {
    const usage = new UsageError(ERROR_CODES.badOption, 'fix --jobs');
    expect(usage).toBeInstanceOf(CosConformanceError);
    expect(usage.name).toBe('UsageError');
    expect(usage.code).toBe('E_BAD_OPTION');
    expect(usage.exitCode).toBe(2);
    expect(new ConfigError(ERROR_CODES.configInvalid, 'x').name).toBe('ConfigError');
    const parse = new XmlParseError('bad', { line: 2 });
    expect([parse.name, parse.code, parse.message, parse.line]).toEqual([
      'XmlParseError',
      'XML_PARSE',
      'bad',
      2,
    ]);
    expect(new XmlBuildError('no').code).toBe('XML_BUILD');
    expect(new ReportInputError('E_INPUT_INVALID', 'broken').code).toBe('E_INPUT_INVALID');
    const mutant = new UnknownMutantError('nope', ['a', 'b']);
    expect([mutant.name, mutant.code, mutant.message]).toEqual([
      'UnknownMutantError',
      'UNKNOWN_MUTANT',
      'unknown mutant "nope"; valid names: a, b (see serve --list-mutants)',
    ]);
  });

  test('the COS wire error extends the base with its wire code and status', () => {
    const wire = new CosError('NoSuchUpload');
    expect(wire).toBeInstanceOf(CosConformanceError);
    expect([wire.name, wire.code, wire.status]).toEqual(['CosError', 'NoSuchUpload', 404]);
  });
});
