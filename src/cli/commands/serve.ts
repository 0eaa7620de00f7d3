/**
 * `serve`: the reference COS server in the foreground until SIGINT/SIGTERM, optionally as a mutant (one rule
 * broken on purpose) or as a conformant variant (another choice the spec allows). Prints the SecretId; a
 * SecretKey is never printed (the default one is documented).
 */
import { LOCAL_SECRET_ID, LOCAL_SECRET_KEY } from '../../server/defaults.ts';
import { describeServer } from '../../server/describe.ts';
import { findMutant, listMutants, mutantServerOptions } from '../../server/mutants/index.ts';
import { startServer } from '../../server/start.ts';
import { listVariants, variantByName } from '../../server/variants/index.ts';
import { EXIT } from '../../report/exit-codes.ts';
import { parseByteSize } from '../byte-size.ts';
import { ERROR_CODES, UsageError } from '../errors.ts';
import { type CliIo, println } from '../io.ts';
import { temporaryCredentialFromEnv } from '../temporary-credentials.ts';

export interface ServeOptions {
  host: string;
  port: number;
  dataDir?: string;
  /** Bytes, or a size with a unit (`0`, `64MiB`): see ServerOptions.memoryBudget. */
  memoryBudget?: string;
  headersTimeout?: number;
  idleTimeout?: number;
  bucket?: string[];
  region?: string;
  mutant?: string;
  listMutants?: boolean;
  variant?: string;
  listVariants?: boolean;
  secretId?: string;
  secretKey?: string;
  /** Print the server's one line per request on stderr. */
  logRequests?: boolean;
}

/** `--mutant` and `--variant` together: a usage error (one breaks a rule, the other makes an allowed choice). */
export function rejectMutantWithVariant(mutant: string | undefined, variant: string | undefined): void {
  if (mutant !== undefined && variant !== undefined) {
    throw new UsageError(
      ERROR_CODES.conflict,
      '--mutant breaks a rule and --variant makes an allowed choice: give one of them',
    );
  }
}

/** `serve --list-variants`: each variant with the choice it makes, why the spec allows it, and its profiles. */
export function printVariants(io: CliIo): void {
  const variants = [...listVariants()].sort((a, b) => a.name.localeCompare(b.name));
  const width = Math.max(0, ...variants.map((v) => v.name.length)) + 2;
  for (const variant of variants) {
    println(io.stdout, `${variant.name.padEnd(width)}${variant.description}`);
    println(io.stdout, `${' '.repeat(width)}allowed by: ${variant.allowedBy}`);
    println(io.stdout, `${' '.repeat(width)}profiles: ${variant.profiles.join(', ')}`);
  }
  println(io.stdout, `${variants.length} conformant variants`);
}

/** `serve --list-mutants`: each mutant with what it breaks and the checks that must catch it. */
export function printMutants(io: CliIo): void {
  const mutants = listMutants();
  const width = Math.max(...mutants.map((m) => m.name.length)) + 2;
  for (const mutantDef of mutants) {
    const needs = [
      mutantDef.run?.profile ? `--profile ${mutantDef.run.profile}` : '',
      mutantDef.run?.heavy ? 'some with --tier full' : '',
    ]
      .filter(Boolean)
      .join(', ');
    println(io.stdout, `${mutantDef.name.padEnd(width)}${mutantDef.description}`);
    println(
      io.stdout,
      `${' '.repeat(width)}caught by: ${mutantDef.catches.join(', ')}${needs ? ` (${needs})` : ''}`,
    );
  }
  println(io.stdout, `${mutants.length} mutants`);
}

/** Resolves when the process gets SIGINT or SIGTERM. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

export async function serveCommand(
  options: ServeOptions,
  io: CliIo,
  stop: () => Promise<unknown> = untilSignal,
): Promise<number> {
  if (options.listMutants) {
    printMutants(io);
    return EXIT.OK;
  }
  if (options.listVariants) {
    printVariants(io);
    return EXIT.OK;
  }
  rejectMutantWithVariant(options.mutant, options.variant);
  const variant = options.variant !== undefined ? variantByName(options.variant) : undefined;
  const mutant = options.mutant ? findMutant(options.mutant) : undefined;
  const behaviour = mutant ? undefined : variant?.behaviour;
  const secretId = options.secretId ?? io.env.COS_SECRET_ID ?? undefined;
  const secretKey = options.secretKey ?? io.env.COS_SECRET_KEY ?? undefined;
  if ((secretId === undefined) !== (secretKey === undefined)) {
    throw new UsageError(
      ERROR_CODES.missingCredentials,
      'give both the SecretId and the SecretKey (--secret-id/--secret-key or COS_SECRET_ID/COS_SECRET_KEY), or neither for the local pair',
    );
  }
  const custom = secretId !== undefined && secretKey !== undefined;
  if (options.memoryBudget !== undefined && options.dataDir) {
    throw new UsageError(
      ERROR_CODES.conflict,
      '--memory-budget applies without --data-dir only (a data directory keeps every body in a file): give one of them',
    );
  }
  const memoryBudget =
    options.memoryBudget !== undefined ? parseByteSize(options.memoryBudget, '--memory-budget') : undefined;
  const temporary = temporaryCredentialFromEnv(io.env);
  const server = await startServer({
    host: options.host,
    port: options.port,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(memoryBudget !== undefined ? { memoryBudget } : {}),
    ...(options.headersTimeout !== undefined ? { headersTimeoutMs: options.headersTimeout } : {}),
    ...(options.idleTimeout !== undefined ? { idleTimeoutMs: options.idleTimeout } : {}),
    ...(options.bucket && options.bucket.length > 0 ? { buckets: options.bucket } : {}),
    ...(options.region ? { region: options.region } : {}),
    credentials: [
      custom ? { secretId, secretKey } : { secretId: LOCAL_SECRET_ID, secretKey: LOCAL_SECRET_KEY },
    ],
    ...(temporary ? { temporaryCredentials: [temporary] } : {}),
    ...(behaviour ? { behaviour } : {}),
    ...(mutant ? mutantServerOptions(mutant) : {}),
    ...(variant?.server ?? {}),
    ...(options.logRequests ? { log: (line: string) => println(io.stderr, line) } : {}),
  });
  println(io.stdout, describeServer(server));
  println(io.stdout, `SecretId: ${custom ? secretId : LOCAL_SECRET_ID}`);
  println(
    io.stdout,
    custom
      ? 'SecretKey: the one you gave (not printed)'
      : 'SecretKey: the documented local default (src/server/defaults.ts LOCAL_SECRET_KEY)',
  );
  if (temporary) {
    println(
      io.stdout,
      `temporary SecretId: ${temporary.secretId} (accepted only with COS_TEMP_SECURITY_TOKEN's token; not printed)`,
    );
  }
  if (options.mutant) println(io.stdout, `mutant: ${options.mutant}`);
  if (variant) println(io.stdout, `conformant variant: ${variant.name} (${variant.description})`);
  println(io.stdout, 'Ctrl-C to stop');
  try {
    await stop();
  } finally {
    await server.close();
    println(io.stdout, 'stopped');
  }
  return EXIT.OK;
}
