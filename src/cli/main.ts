/**
 * The command line: `run`, `serve`, `compare`, `baseline update`, `merge`, `sweep`, `body`, `list-checks`,
 * `schemas`.
 * {@link main} parses argv, runs one command and returns its exit code; it never calls process.exit, so the
 * whole CLI runs in-process in tests. Commands are imported when they run, so `--help` stays fast. Bad usage, configuration or connectivity is exit 2 with a message that
 * says what to fix (docs/architecture.md "Exit codes").
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { redact } from '../client/redact.ts';
import { ReportInputError } from '../report/errors.ts';
import { UnknownMutantError } from '../server/mutants/types.ts';
import { UnknownVariantError } from '../server/variants/index.ts';
import { EXIT } from '../report/exit-codes.ts';
import { fileURLToPath } from 'node:url';
import type { RunFlags } from './config.ts';
import { CliError } from './errors.ts';
import { type CliIo, println, processIo } from './io.ts';
import { collect, intOption, listOption, pairOption, shardOption } from './options.ts';

function harnessVersion(): string {
  try {
    const file = fileURLToPath(new URL('../../package.json', import.meta.url));
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

const RUN_HELP = `
Target settings come from flags, then the environment, then --config FILE (JSON, \${ENV} references allowed):
  COS_SECRET_ID, COS_SECRET_KEY, COS_SECURITY_TOKEN   credentials (never on the command line)
  COS_BUCKET, COS_REGION, COS_ENDPOINT                 target
  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION, AWS_ENDPOINT_URL
                                                       used first with --profile s3

Files (reports/<run-id>/ or --out): results.json, history.ndjson, junit.xml, report.md, report.html.
report.md is appended to $GITHUB_STEP_SUMMARY when it is set.

Exit codes:
  0  conformant, or only failures the baseline expects
  1  new non-conformance (or, with --strict, an unexpected pass)
  2  usage, configuration or connectivity error
  3  inconclusive: no Upload Part succeeded (or none was sent), a check was indeterminate or could not be
     judged and none failed, nothing ran, or the run was interrupted

Examples:
  cos-conformance run --embedded
  COS_SECRET_ID=… COS_SECRET_KEY=… cos-conformance run --bucket examplebucket-1250000000 --region ap-guangzhou
  cos-conformance run --config vendor.json --baseline baselines/vendor.json --seed 7 --shard 1/4 --out reports/shard-1
`;

/** Builds the program. Actions store their exit code through `done`. */
export function buildProgram(io: CliIo, argv: readonly string[], done: (code: number) => void): Command {
  const program = new Command('cos-conformance');
  program
    .description('Conformance harness for the Tencent COS multipart-upload API (Upload Part and around it).')
    .version(harnessVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .showHelpAfterError('(add --help for usage)')
    .showSuggestionAfterError(true);

  program
    .command('run')
    .description('run the conformance suite against a target and write the reports')
    .option('--embedded', 'start the built-in reference COS server on a free loopback port and test it')
    .option(
      '--endpoint <url>',
      'scheme, host and port to connect to (default: real COS for the bucket and region)',
    )
    .option('--bucket <name>', 'bucket, <name>-<appid> for COS')
    .option('--region <id>', 'region, e.g. ap-guangzhou')
    .addOption(
      new Option('--addressing <style>', 'how the bucket is addressed (default virtual-host)').choices([
        'virtual-host',
        'path',
      ]),
    )
    .addOption(
      new Option('--signer <kind>', 'request signature (default cos; sigv4 for --profile s3)').choices([
        'cos',
        'sigv4',
      ]),
    )
    .addOption(
      new Option('--profile <name>', 'semantics the checks judge against (default cos)').choices([
        'cos',
        's3',
      ]),
    )
    .addOption(
      new Option(
        '--tier <tier>',
        'quick keeps parts small; full reaches 10000 parts and 5 GiB (default quick)',
      ).choices(['quick', 'full']),
    )
    .option(
      '--only <ids>',
      'run only these checks: ids, id prefixes or globs, families or tags (comma-separated, repeatable)',
      listOption,
    )
    .option('--skip <ids>', 'skip these checks (same forms as --only)', listOption)
    .option('--seed <n>', 'run seed (default random; printed first)', intOption(0, 0xffffffff))
    .option('--runs <n>', 'fast-check runs per property', intOption(1, 1_000_000))
    .option('--replay <token>', 'rerun exactly the case of a replay token printed by a failed property')
    .option('--out <dir>', 'report directory (default reports/<run-id>)')
    .option('--baseline <file>', 'expected failures: only new failures fail the run')
    .option('--strict', 'an unexpected pass (a baselined failure that passed) fails the run')
    .option('--shard <i/n>', 'run shard i of n (by check id); combine with merge', shardOption)
    .option(
      '--create-bucket',
      'create the bucket when missing, and remove it at the end if this run created it',
    )
    .option('--label <name>', 'vendor or target name shown in reports and used by compare')
    .option('--mutant <name>', 'with --embedded: run the server as this mutant (see serve --list-mutants)')
    .option(
      '--variant <name>',
      'with --embedded: run the server as this conformant variant (see serve --list-variants)',
    )
    .option('--dry-run', 'print the plan (each check, its requests and bytes, the total) and send nothing')
    .option(
      '--max-bytes <size>',
      'upload at most this much (bytes, or 10MiB, 5GiB): checks that would exceed it are skipped',
    )
    .option('--config <file>', 'JSON config file (see schemas/config.schema.json)')
    .addHelpText('after', RUN_HELP)
    .action(async (flags: RunFlags) => {
      const { runCommand } = await import('./commands/run.ts');
      done(await runCommand(flags, [...argv], io));
    });

  program
    .command('serve')
    .description('run the reference COS server in the foreground until Ctrl-C')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <n>', 'port (0 picks a free one, printed)', intOption(0, 65535), 0)
    .option(
      '--data-dir <dir>',
      'where bytes and metadata are stored, durably: a restart on it keeps objects and open uploads (default a temporary directory, in-memory metadata, removed at exit)',
    )
    .option(
      '--memory-budget <size>',
      'without --data-dir: most bytes of small bodies (up to 1 MiB each) held in memory instead of files (default 64MiB; 0: every body in a file)',
    )
    .option(
      '--headers-timeout <ms>',
      'a request head not received whole by then is 400 RequestTimeout (default 20000)',
      intOption(1, 3_600_000),
    )
    .option(
      '--idle-timeout <ms>',
      'a connection silent this long is closed (default 60000)',
      intOption(1, 3_600_000),
    )
    .option(
      '--bucket <name>',
      'bucket to create at start (repeatable; default examplebucket-1250000000)',
      collect,
    )
    .option('--region <id>', 'region reported by the server')
    .option('--mutant <name>', 'break one rule on purpose (see --list-mutants)')
    .option('--list-mutants', 'list the mutants and exit')
    .option('--variant <name>', 'make another choice the spec allows (see --list-variants)')
    .option('--list-variants', 'list the conformant variants and exit')
    .option('--secret-id <id>', 'accepted SecretId (default COS_SECRET_ID, else the documented local pair)')
    .option(
      '--secret-key <key>',
      'accepted SecretKey (default COS_SECRET_KEY, else the documented local pair)',
    )
    .option(
      '--log-requests',
      'one line per request on stderr: method, path, status, duration, request id (never a query or header value)',
    )
    .action(async (opts) => {
      const { serveCommand } = await import('./commands/serve.ts');
      done(await serveCommand(opts, io));
    });

  program
    .command('compare')
    .description(
      'vendors side by side: a check × vendor matrix from several runs (compare.md, compare.html, compare.json)',
    )
    .argument('<runs...>', 'run directories or results.json files; label=DIR names the column')
    .requiredOption('-o, --out <dir>', 'output directory')
    .option('--baseline <vendor=file>', 'expected failures of one vendor (repeatable)', pairOption)
    .action(async (runs: string[], opts) => {
      const { compareCommand } = await import('./commands/compare.ts');
      done(await compareCommand(runs, opts, io));
    });

  const baseline = program.command('baseline').description('manage expected-failure baselines');
  baseline
    .command('update')
    .description("write a baseline from a run's failures (reasons already in FILE are kept)")
    .argument('<run>', 'run directory or results.json')
    .requiredOption('-o, --out <file>', 'baseline file to write')
    .action(async (run: string, opts) => {
      const { baselineUpdateCommand } = await import('./commands/baseline.ts');
      done(await baselineUpdateCommand(run, opts, io));
    });

  program
    .command('merge')
    .description('merge the shards of one run (run --shard) into one run, gated afresh')
    .argument('<dirs...>', 'shard run directories')
    .requiredOption('-o, --out <dir>', 'output run directory')
    .option('--baseline <file>', 'expected failures')
    .option('--strict', 'an unexpected pass fails the merged run')
    .action(async (dirs: string[], opts) => {
      const { mergeCommand } = await import('./commands/merge.ts');
      const { checkById } = await import('../checks/registry.ts');
      const { runJudgeFor } = await import('./run-judge.ts');
      const judge = { catalogue: checkById, judgeRunFor: runJudgeFor };
      done(await mergeCommand(dirs, { ...opts, judge }, [...argv], io));
    });

  program
    .command('sweep')
    .description('abort the multipart uploads crashed runs left open under the harness prefix')
    .option('--endpoint <url>', 'scheme, host and port (default: real COS for the bucket and region)')
    .option('--bucket <name>', 'bucket')
    .option('--region <id>', 'region')
    .addOption(new Option('--addressing <style>', 'bucket addressing').choices(['virtual-host', 'path']))
    .addOption(new Option('--signer <kind>', 'request signature').choices(['cos', 'sigv4']))
    .addOption(
      new Option('--profile <name>', 'cos or s3 (which credentials variables are read)').choices([
        'cos',
        's3',
      ]),
    )
    .option('--config <file>', 'JSON config file, as for run')
    .option(
      '--prefix <prefix>',
      'key prefix (default cos-conformance/, or one run: cos-conformance/<run-id>/)',
    )
    .option('--dry-run', 'only count the open uploads')
    .action(async (opts) => {
      const { sweepCommand } = await import('./commands/sweep.ts');
      done(await sweepCommand(opts, io));
    });

  program
    .command('body')
    .description('write a deterministic part body to stdout (for curl reproductions)')
    .requiredOption('--seed <n>', 'body seed', (value: string) => {
      if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
        throw new InvalidArgumentError('expected an integer.');
      return Number(value);
    })
    .requiredOption('--size <n>', 'body size in bytes', intOption(0))
    .option('--upload <n>', 'position stamp: upload number', intOption(0, 0xffffffff))
    .option('--part <n>', 'position stamp: part number', intOption(0, 0xffffffff))
    .action(async (opts) => {
      const { bodyCommand } = await import('./commands/body.ts');
      done(await bodyCommand(opts, io));
    });

  program
    .command('list-checks')
    .description('list the check catalogue')
    .option('--only <ids>', 'only these (ids, prefixes, globs, families, tags)', listOption)
    .option('--skip <ids>', 'without these', listOption)
    .addOption(new Option('--tier <tier>', 'only checks of this tier').choices(['quick', 'full']))
    .addOption(new Option('--profile <name>', 'only checks of this profile').choices(['cos', 's3']))
    .option('--json', 'as JSON')
    .action(async (opts) => {
      const { listChecksCommand } = await import('./commands/list-checks.ts');
      done(await listChecksCommand(opts, io));
    });

  program
    .command('schemas')
    .description('write the published JSON Schemas (results, baseline, config)')
    .option('--out <dir>', 'output directory (default the schemas/ folder of the harness)')
    .action(async (opts) => {
      const { schemasCommand } = await import('./commands/schemas.ts');
      done(await schemasCommand(opts, io));
    });

  return program;
}

/** Options whose value is a secret (`serve --secret-key`). */
const SECRET_FLAGS = ['--secret-key', '--security-token'];

/** The secrets of the environment and of the command line, for scrubbing what main prints. */
export function knownSecrets(env: NodeJS.ProcessEnv, argv: readonly string[]): string[] {
  const found = [
    env.COS_SECRET_KEY,
    env.COS_SECURITY_TOKEN,
    env.AWS_SECRET_ACCESS_KEY,
    env.AWS_SESSION_TOKEN,
    env.COS_TEMP_SECRET_KEY,
    env.COS_TEMP_SECURITY_TOKEN,
  ];
  argv.forEach((arg, index) => {
    for (const flag of SECRET_FLAGS) {
      if (arg === flag) found.push(argv[index + 1]);
      else if (arg.startsWith(`${flag}=`)) found.push(arg.slice(flag.length + 1));
    }
  });
  return found.filter((text): text is string => typeof text === 'string' && text.length > 0);
}

/** Runs the CLI on `argv` (as process.argv: node, script, args...) and returns the exit code. */
export async function main(argv: readonly string[] = process.argv, io: CliIo = processIo()): Promise<number> {
  let code: number = EXIT.OK;
  const program = buildProgram(io, argv.slice(2), (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      ) {
        return EXIT.OK;
      }
      if (err.code === 'commander.executeSubCommandAsync') return EXIT.OK;
      return EXIT.USAGE;
    }
    // Only secrets known without a config file: one that failed to parse is not trusted for anything. (A
    // well-formed config file's secrets are scrubbed by the command that loaded it, before the error gets here.)
    const secrets = knownSecrets(io.env, argv);
    const unknownName = err instanceof UnknownMutantError || err instanceof UnknownVariantError;
    if (err instanceof CliError || err instanceof ReportInputError || unknownName) {
      println(io.stderr, `cos-conformance: ${redact(err.message, secrets)}`);
      println(io.stderr, `(error ${err.code})`);
      return EXIT.USAGE;
    }
    const message =
      err instanceof Error
        ? io.env.COS_CONFORMANCE_DEBUG
          ? (err.stack ?? err.message)
          : err.message
        : String(err);
    println(io.stderr, `cos-conformance: internal error: ${redact(message, secrets)}`);
    return EXIT.USAGE;
  }
}
