/** An in-memory CliIo for running commands in-process. */
import type { CliIo } from '../../src/cli/io.ts';

export interface Captured extends CliIo {
  out(): string;
  err(): string;
  bytes(): Buffer;
}

export function captureIo(env: NodeJS.ProcessEnv = {}, cwd = process.cwd()): Captured {
  const out: Buffer[] = [];
  const err: string[] = [];
  return {
    stdout: { write: (c: string | Uint8Array) => out.push(Buffer.from(c)) > 0 },
    stderr: { write: (c: string | Uint8Array) => err.push(String(c)) > 0 },
    env,
    cwd,
    out: () => Buffer.concat(out).toString('utf8'),
    err: () => err.join(''),
    bytes: () => Buffer.concat(out),
  };
}
