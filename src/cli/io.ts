/** What a command talks to: output streams and the environment. Injected, so commands run in-process in tests. */

export interface OutStream {
  write(chunk: string | Uint8Array): unknown;
  /** True on a terminal (progress redraws in place); absent or false otherwise. */
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
  env: NodeJS.ProcessEnv;
  /** Working directory paths are resolved against (default process.cwd()). */
  cwd: string;
}

/** The real process's streams and environment. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** Writes one line. */
export function println(stream: OutStream, text = ''): void {
  stream.write(`${text}\n`);
}

/** Prints `note: <text>` on stderr: for notes such as a renamed check id read from a baseline or a selector. */
export function noteTo(io: Pick<CliIo, 'stderr'>): (text: string) => void {
  return (text) => println(io.stderr, `note: ${text}`);
}
