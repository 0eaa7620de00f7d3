/**
 * `serve`: the reference COS server in the foreground until SIGINT/SIGTERM, optionally as a mutant (one rule
 * broken on purpose). Prints the SecretId; a SecretKey is never printed (the default one is documented).
 */
import { readdir } from 'node:fs/promises';
import type { Behaviour } from '../../server/behaviour.ts';
import { LOCAL_SECRET_ID, LOCAL_SECRET_KEY } from '../../server/defaults.ts';
import { describeServer } from '../../server/describe.ts';
import { startServer } from '../../server/start.ts';
import { EXIT } from '../../report/exit-codes.ts';
import { ERROR_CODES, UsageError } from '../errors.ts';
import { type CliIo, println } from '../io.ts';

export interface ServeOptions {
  host: string;
  port: number;
  dataDir?: string;
  bucket?: string[];
  region?: string;
  mutant?: string;
  listMutants?: boolean;
  secretId?: string;
  secretKey?: string;
}

export interface Mutant {
  name: string;
  description: string;
  behaviour: Partial<Behaviour>;
  /** Profile and tier its catches need (from the registry), when given. */
  run?: { profile?: 'cos' | 's3'; tier?: 'quick' | 'full' };
}

/** Where the mutant registry publishes `MUTANTS`; loaded lazily, so `serve` and `run` work without it. */
const MUTANTS_MODULES = ['../../server/mutants/index.ts', '../../server/mutants.ts'];

/** The catalogue of mutants (empty when none is published). Accepts a name-keyed record or a list. */
export async function loadMutants(): Promise<Mutant[]> {
  let raw: unknown;
  for (const specifier of MUTANTS_MODULES) {
    try {
      raw = ((await import(specifier)) as { MUTANTS?: unknown }).MUTANTS;
      if (raw !== undefined) break;
    } catch {
      // not published at this path
    }
  }
  raw ??= await familyMutants();
  const list: Mutant[] = [];
  const push = (name: string, v: unknown) => {
    if (!v || typeof v !== 'object') return;
    const m = v as { description?: unknown; behaviour?: unknown; name?: unknown; run?: unknown };
    list.push({
      name: typeof m.name === 'string' ? m.name : name,
      description: typeof m.description === 'string' ? m.description : '',
      behaviour: (m.behaviour && typeof m.behaviour === 'object' ? m.behaviour : {}) as Partial<Behaviour>,
      ...(m.run && typeof m.run === 'object' ? { run: m.run as NonNullable<Mutant['run']> } : {}),
    });
  };
  if (Array.isArray(raw)) {
    for (const [i, v] of raw.entries()) push(String(i), v);
  } else if (raw && typeof raw === 'object') for (const [name, v] of Object.entries(raw)) push(name, v);
  return list.sort((a, b) => a.name.localeCompare(b.name));
}

/** Fallback while no registry index exists: every `*_MUTANTS` list exported by src/server/mutants/*.ts. */
async function familyMutants(): Promise<unknown[] | undefined> {
  const dir = new URL('../../server/mutants/', import.meta.url);
  let files: string[];
  try {
    files = (await readdir(dir))
      .filter((f) => f.endsWith('.ts') && f !== 'types.ts' && f !== 'index.ts')
      .sort();
  } catch {
    return undefined;
  }
  const all: unknown[] = [];
  for (const f of files) {
    try {
      const mod = (await import(new URL(f, dir).href)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod))
        if (name.endsWith('_MUTANTS') && Array.isArray(value)) all.push(...value);
    } catch {
      // a family file that does not load is left out
    }
  }
  return all.length > 0 ? all : undefined;
}

/** The mutant called `name`, or a usage error listing how to see the names. */
export function findMutant(mutants: readonly Mutant[], name: string): Mutant {
  const found = mutants.find((m) => m.name === name);
  if (!found) {
    const hint =
      mutants.length > 0
        ? `; valid names: ${mutants.map((m) => m.name).join(', ')}`
        : ' (none are available)';
    throw new UsageError(ERROR_CODES.unknownMutant, `unknown mutant "${name}"${hint}`);
  }
  return found;
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
  const mutants = await loadMutants();
  if (options.listMutants) {
    if (mutants.length === 0) println(io.stdout, 'no mutants are available');
    for (const m of mutants) println(io.stdout, `${m.name.padEnd(32)} ${m.description}`);
    return EXIT.OK;
  }
  const behaviour = options.mutant ? findMutant(mutants, options.mutant).behaviour : undefined;
  const secretId = options.secretId ?? io.env.COS_SECRET_ID ?? undefined;
  const secretKey = options.secretKey ?? io.env.COS_SECRET_KEY ?? undefined;
  if ((secretId === undefined) !== (secretKey === undefined)) {
    throw new UsageError(
      ERROR_CODES.missingCredentials,
      'give both the SecretId and the SecretKey (--secret-id/--secret-key or COS_SECRET_ID/COS_SECRET_KEY), or neither for the local pair',
    );
  }
  const custom = secretId !== undefined && secretKey !== undefined;
  const server = await startServer({
    host: options.host,
    port: options.port,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.bucket && options.bucket.length > 0 ? { buckets: options.bucket } : {}),
    ...(options.region ? { region: options.region } : {}),
    credentials: [
      custom ? { secretId, secretKey } : { secretId: LOCAL_SECRET_ID, secretKey: LOCAL_SECRET_KEY },
    ],
    ...(behaviour ? { behaviour } : {}),
  });
  println(io.stdout, describeServer(server));
  println(io.stdout, `SecretId: ${custom ? secretId : LOCAL_SECRET_ID}`);
  println(
    io.stdout,
    custom
      ? 'SecretKey: the one you gave (not printed)'
      : 'SecretKey: the documented local default (src/server/defaults.ts LOCAL_SECRET_KEY)',
  );
  if (options.mutant) println(io.stdout, `mutant: ${options.mutant}`);
  println(io.stdout, 'Ctrl-C to stop');
  try {
    await stop();
  } finally {
    await server.close();
    println(io.stdout, 'stopped');
  }
  return EXIT.OK;
}
