/** A config file's errors say what to fix without its text; secrets are scrubbed by who knows them. */
import fc from 'fast-check';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfigFile } from '../../src/cli/config.ts';
import { jsonSyntaxError } from '../../src/cli/json-syntax.ts';
import { knownSecrets, main } from '../../src/cli/main.ts';
import { EXIT } from '../../src/report/exit-codes.ts';
import { captureIo } from './io-capture.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cos-config-secrets-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SECRET = 'Qx7Zr9Kw2Vp4Jm8Tn3';

/** Every substring of `secret` of 4 characters or more that occurs in `text`. */
function fragmentsIn(text: string, secret: string): string[] {
  const hits: string[] = [];
  for (let i = 0; i + 4 <= secret.length; i++)
    if (text.includes(secret.slice(i, i + 4))) hits.push(secret.slice(i, i + 4));
  return hits;
}

async function loadError(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  const err = await loadConfigFile(file, {}, name).catch((e: unknown) => e as Error);
  expect(err).toMatchObject({ code: 'E_CONFIG_NOT_JSON' });
  return (err as Error).message;
}

describe('a malformed config file', () => {
  test('an unquoted secret: file, line, column and what is wrong, and no fragment of the secret', async () => {
    const message = await loadError(
      'unquoted.json',
      `{\n  "bucket": "b-1250000000",\n  "credentials": { "secretId": "AKID", "secretKey": ${SECRET} }\n}\n`,
    );
    expect(message).toContain('config file unquoted.json is not valid JSON: line 3, column 53:');
    expect(message).toContain('is a string missing its double quotes?');
    expect(fragmentsIn(message, SECRET)).toEqual([]);
  });

  test.each([
    [
      'trailing comma',
      '{ "bucket": "b",\n}',
      'line 2, column 1: expected a key in double quotes (a comma before }',
    ],
    [
      'missing comma',
      '{ "bucket": "b"\n  "region": "r" }',
      "line 2, column 3: expected ',' or '}' after a value",
    ],
    ['unterminated string', `{ "secretKey": "${SECRET}`, 'line 1, column 16: a string is not closed'],
    ['line break in a string', `{ "secretKey": "${SECRET}\n" }`, 'line 1, column 35: a control character'],
    ['single quotes', `{ 'secretKey': '${SECRET}' }`, 'line 1, column 3: expected a key in double quotes'],
    ['two documents', '{}\n{}', 'line 2, column 1: more content after the end'],
    ['empty file', '', 'line 1, column 1: the file ends where a value was expected'],
  ])('%s', async (_name, text, expected) => {
    const message = await loadError(`case-${_name.replace(/ /g, '-')}.json`, text);
    expect(message).toContain(expected);
    expect(fragmentsIn(message, SECRET)).toEqual([]);
  });

  test('a byte order mark is not an error', async () => {
    const file = join(dir, 'bom.json');
    await writeFile(file, '\uFEFF{ "bucket": "b-1250000000" }');
    await expect(loadConfigFile(file, {})).resolves.toEqual({ bucket: 'b-1250000000' });
  });

  test('the checker agrees with JSON.parse on what is JSON (property)', () => {
    const damaged = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', 'x', '\n', '\\', ':', '{', '0'))
      .map(
        ([json, at, insert]) =>
          json.slice(0, at % (json.length + 1)) + insert + json.slice(at % (json.length + 1)),
      );
    fc.assert(
      fc.property(fc.oneof(fc.json(), damaged), (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        expect(jsonSyntaxError(text) === undefined).toBe(parses);
      }),
      { numRuns: 2000 },
    );
  });

  test('run --config with a malformed file: exit 2, the position, no secret on stderr', async () => {
    const file = join(dir, 'run-bad.json');
    await writeFile(file, `{ "credentials": { "secretId": "AKID", "secretKey": ${SECRET} } }`);
    const io = captureIo({ COS_SECRET_KEY: 'EnvOnlySecretKey0123456789' }, dir);
    const code = await main(['node', 'cos-conformance', 'run', '--config', file], io);
    expect(code).toBe(EXIT.USAGE);
    expect(io.err()).toContain('line 1, column 53');
    expect(io.err()).toContain('E_CONFIG_NOT_JSON');
    expect(fragmentsIn(io.out() + io.err(), SECRET)).toEqual([]);
  });
});

describe('secrets main scrubs with', () => {
  test('the environment and secret flags, not a config file', () => {
    expect(
      knownSecrets({ COS_SECRET_KEY: 'k1', AWS_SESSION_TOKEN: 't1', COS_SECRET_ID: 'id' }, [
        'serve',
        '--secret-key',
        'k2',
        '--secret-key=k3',
        '--config',
        'f.json',
      ]),
    ).toEqual(['k1', 't1', 'k2', 'k3']);
  });
});
