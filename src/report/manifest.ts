/**
 * Run provenance (docs/architecture.md "Run provenance"): harness version and git sha, the versions of the
 * libraries that shape the wire and the verdicts, and the command line with secrets removed.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../runner/run-suite.ts';
import { scrubSecrets } from '../client/redact.ts';
import type { Manifest } from './results-schema.ts';

const require = createRequire(import.meta.url);

function packageVersion(name: string): string {
  try {
    const file = require.resolve(`${name}/package.json`, { paths: [PROJECT_ROOT] });
    return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The harness's own name and version (package.json) and the git commit it runs from ('unknown' outside git). */
export function harnessInfo(): Manifest['harness'] {
  let version = 'unknown';
  try {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: string };
    version = pkg.version ?? 'unknown';
  } catch {
    // keep 'unknown'
  }
  let gitSha = 'unknown';
  try {
    gitSha = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    }).trim();
  } catch {
    // not a git checkout, or git is absent
  }
  return { name: 'cos-conformance', version, gitSha: /^[0-9a-f]{7,64}$/.test(gitSha) ? gitSha : 'unknown' };
}

/** Versions of Node and of the libraries that shape requests and verdicts. */
export function runtimeVersions(): Manifest['runtime'] {
  return {
    node: process.version,
    undici: packageVersion('undici'),
    vitest: packageVersion('vitest'),
    fastCheck: packageVersion('fast-check'),
  };
}

/** The scheme, host and port of an endpoint: no user info, path or query can leak into a report. */
export function endpointOrigin(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return '<invalid endpoint>';
  }
}

/** Options whose value is a secret when given on the command line. */
const SECRET_OPTIONS = new Set(['--secret-key', '--security-token', '--secret-id']);

/**
 * The command line with secrets redacted: values of secret options, and a known secret pasted into another
 * argument (anywhere when distinctive, as a whole word when short: redact.ts `ScrubMode`).
 */
export function redactArgv(argv: readonly string[], secrets: readonly string[] = []): string[] {
  const out: string[] = [];
  let hideNext = false;
  for (const arg of argv) {
    if (hideNext) {
      out.push('<redacted>');
      hideNext = false;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (SECRET_OPTIONS.has(name)) {
      if (eq > 0) out.push(`${name}=<redacted>`);
      else {
        out.push(arg);
        hideNext = true;
      }
      continue;
    }
    out.push(scrubSecrets(arg, secrets, 'message'));
  }
  return out;
}
