/**
 * `body --seed S --size N [--upload U --part P]`: writes a deterministic part body (src/body) to stdout, so a
 * curl reproduction can send the very bytes the harness sent (`cos-conformance body … > part.bin`).
 */
import { once } from 'node:events';
import { createPartBody } from '../../body/part-body.ts';
import { EXIT } from '../../report/exit-codes.ts';
import { ERROR_CODES, UsageError } from '../errors.ts';
import type { CliIo } from '../io.ts';

export interface BodyOptions {
  seed: number;
  size: number;
  upload?: number;
  part?: number;
}

/** A sink that may apply backpressure (a Writable) or not (a test's collector). */
interface Sink {
  write(chunk: Uint8Array): unknown;
  isTTY?: boolean;
  once?: (event: 'drain', listener: () => void) => unknown;
}

export async function bodyCommand(options: BodyOptions, io: CliIo): Promise<number> {
  if ((options.upload === undefined) !== (options.part === undefined)) {
    throw new UsageError(
      ERROR_CODES.badOption,
      '--upload and --part go together: give both (the position stamp) or neither',
    );
  }
  const out: Sink = io.stdout;
  if (out.isTTY) {
    throw new UsageError(
      ERROR_CODES.usage,
      'body writes binary data: redirect it, e.g. cos-conformance body … > part.bin',
    );
  }
  const stamp =
    options.upload !== undefined && options.part !== undefined
      ? { upload: options.upload, part: options.part }
      : undefined;
  let stream: ReturnType<typeof createPartBody>;
  try {
    stream = createPartBody({ seed: options.seed, size: options.size, ...(stamp ? { stamp } : {}) });
  } catch (err) {
    throw new UsageError(ERROR_CODES.badOption, `cannot generate that body: ${(err as Error).message}`);
  }
  for await (const chunk of stream) {
    const more = out.write(chunk as Uint8Array);
    if (more === false && typeof out.once === 'function')
      await once(out as unknown as NodeJS.EventEmitter, 'drain');
  }
  return EXIT.OK;
}
