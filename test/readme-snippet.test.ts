/** The README's Library API snippet runs as written (against the reference server it starts), so it cannot rot. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { PROJECT_ROOT } from '../src/runner/run-suite.ts';

const run = promisify(execFile);

test('the Library API snippet of the README runs', { timeout: 60_000 }, async () => {
  const readme = await readFile(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const section = readme.split('## Library API')[1] ?? '';
  const snippet = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  expect(snippet, 'a ts block under "## Library API"').toBeDefined();
  const dir = await mkdtemp(join(tmpdir(), 'cos-readme-'));
  try {
    const file = join(dir, 'snippet.mts');
    const code = snippet!.replaceAll("'./src/", `'${join(PROJECT_ROOT, 'src')}/`);
    await writeFile(file, `${code}\nconsole.log(JSON.stringify({ initiate: init.status }));\n`);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', file], { cwd: PROJECT_ROOT });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({ initiate: 200 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
