/**
 * `${ENV}` interpolation in config files, so secrets stay in the environment: `"${COS_SECRET_KEY}"`,
 * `"${VAR:-default}"` for a fallback, `$${` for a literal `${`. Unset variables without a default are errors.
 */

const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface InterpolationResult {
  value: unknown;
  /** `path: VAR` for every reference to an unset variable without a default. */
  missing: string[];
}

function interpolateString(text: string, env: NodeJS.ProcessEnv, path: string, missing: string[]): string {
  return text.replace(REFERENCE, (match, name: string | undefined, fallback: string | undefined) => {
    if (match === '$${') return '${';
    const value = env[name!];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    missing.push(`${path || '(top level)'}: \${${name}} is not set`);
    return '';
  });
}

function walk(value: unknown, env: NodeJS.ProcessEnv, path: string, missing: string[]): unknown {
  if (typeof value === 'string') return interpolateString(value, env, path, missing);
  if (Array.isArray(value)) return value.map((v, i) => walk(v, env, `${path}[${i}]`, missing));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value))
      out[key] = walk(v, env, path ? `${path}.${key}` : key, missing);
    return out;
  }
  return value;
}

/** Replaces `${VAR}` references in every string of a parsed JSON value. */
export function interpolateEnv(value: unknown, env: NodeJS.ProcessEnv): InterpolationResult {
  const missing: string[] = [];
  return { value: walk(value, env, '', missing), missing };
}
