/**
 * The harness's exit codes (docs/architecture.md "Exit codes"): documented, stable, and what a CI gate keys on.
 * Defined here because the gate (report/) computes them; the CLI only returns them.
 */
export const EXIT = {
  /** Conformant, or only failures the baseline expects. */
  OK: 0,
  /** New non-conformance (or, under --strict, an unexpected pass). */
  NONCONFORMANT: 1,
  /** Usage, configuration or connectivity error: nothing was judged. */
  USAGE: 2,
  /** Inconclusive: no Upload Part succeeded, nothing was judged, or only indeterminate outcomes. */
  INCONCLUSIVE: 3,
  /** Stopped by SIGINT (Ctrl-C): 128 + 2, the shell's convention; the reports of what ran are written. */
  SIGINT: 130,
  /** Stopped by SIGTERM (a CI cancel): 128 + 15. */
  SIGTERM: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
