/**
 * `--variant`: `run --embedded --variant NAME` and `serve --variant NAME` start the reference server as a
 * conformant variant, `serve --list-variants` lists them; `--variant` without `--embedded`, with `--mutant`, or
 * with an unknown name is a usage error (exit 2) that says what to fix.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serveCommand } from '../../src/cli/commands/serve.ts';
import { main } from '../../src/cli/main.ts';
import { EXIT } from '../../src/report/exit-codes.ts';
import { ResultsSchema } from '../../src/report/results-schema.ts';
import { listVariants } from '../../src/server/variants/index.ts';
import { captureIo } from './io-capture.ts';
import { runCli } from './spawn-cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cos-cli-variant-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[]) {
  const io = captureIo({}, dir);
  const code = await main(['node', 'cos-conformance', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('usage errors (exit 2)', () => {
  test('an unknown variant lists the valid names, for run and for serve', async () => {
    for (const args of [
      ['run', '--embedded', '--variant', 'no-such-variant'],
      ['serve', '--variant', 'no-such-variant'],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(EXIT.USAGE);
      expect(r.err).toContain('unknown variant "no-such-variant"');
      for (const v of listVariants()) expect(r.err).toContain(v.name);
    }
  });

  test('--variant with --mutant is refused, for run and for serve', async () => {
    for (const args of [
      ['run', '--embedded', '--variant', 'min-part-1000000', '--mutant', 'etag-unquoted'],
      ['serve', '--variant', 'min-part-1000000', '--mutant', 'etag-unquoted'],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(EXIT.USAGE);
      expect(r.err).toContain('give one of them');
    }
  });

  test('run --variant without --embedded is refused', async () => {
    const r = await cli(['run', '--variant', 'min-part-1000000']);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toContain('add --embedded');
  });
});

describe('serve', () => {
  test('--list-variants lists every variant with why it is allowed and its profiles', async () => {
    const r = await cli(['serve', '--list-variants']);
    expect(r.code).toBe(EXIT.OK);
    for (const v of listVariants()) {
      expect(r.out).toContain(v.name);
      expect(r.out).toContain(`allowed by: ${v.allowedBy}`);
    }
    expect(r.out).toContain(`${listVariants().length} conformant variants`);
  });

  test('--variant starts the server as that variant', async () => {
    const io = captureIo({}, dir);
    let status = 0;
    const code = await serveCommand(
      { host: '127.0.0.1', port: 0, variant: 'upload-id-checked-first' },
      io,
      async () => {
        const url = /listening on (http:\/\/\S+)/.exec(io.out())![1]!;
        const res = await fetch(`${url}/`, { method: 'HEAD' });
        status = res.status;
      },
    );
    expect(code).toBe(EXIT.OK);
    expect(status).toBe(403);
    expect(io.out()).toContain('conformant variant: upload-id-checked-first');
  });
});

test('run --embedded --variant runs the suite against the variant and records it', {
  timeout: 300_000,
}, async () => {
  const out = join(dir, 'run');
  const r = await runCli(
    [
      'run',
      '--embedded',
      '--variant',
      'complete-whitespace-always',
      '--only',
      'complete.complete.leading-whitespace',
      '--seed',
      '1',
      '--out',
      out,
    ],
    { COS_CONFORMANCE_INCLUDE: '' },
  );
  expect(r.stdout).toContain('as conformant variant complete-whitespace-always');
  expect(r.code, r.stdout.slice(-3000)).toBe(EXIT.OK);
  const res = ResultsSchema.parse(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
  expect(res.manifest.target.variant).toBe('complete-whitespace-always');
  expect(res.manifest.target.mutant).toBeUndefined();
  const row = res.checks.find((c) => c.checkId === 'complete.complete.leading-whitespace');
  expect(row?.outcome).toBe('pass');
  expect(row?.measured?.leadingWhitespace).toBe(9);
});
