/**
 * SIGINT/SIGTERM during a run (README "Interrupted runs"): the first stops the suite (running tests see their
 * signal abort, cleanup and the reports still happen, the run exits 130 or 143); a second quits at once with
 * the same code, leaving what is open under the run prefix to `sweep`.
 */
import { EXIT } from '../../report/exit-codes.ts';
import type { StopSignal } from '../../report/interruption.ts';
import { type CliIo, println } from '../io.ts';

export interface StopWatch {
  /** The first signal received, if any. */
  readonly stoppedBy: StopSignal | undefined;
  /** Removes the listeners. */
  dispose(): void;
}

/** Listens for SIGINT and SIGTERM; `onStop` runs on the first one. */
export function watchStopSignals(io: CliIo, onStop: (signal: StopSignal) => void): StopWatch {
  let stoppedBy: StopSignal | undefined;
  const onSignal = (signal: StopSignal) => {
    if (stoppedBy === undefined) {
      stoppedBy = signal;
      println(
        io.stderr,
        `\n${signal}: stopping the run; open uploads will be aborted, objects of the run deleted and the reports written (again to quit at once)`,
      );
      onStop(signal);
    } else {
      println(
        io.stderr,
        `${signal} again: quitting without reports; leftovers under the run prefix need \`sweep\``,
      );
      process.exit(EXIT[stoppedBy]);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    get stoppedBy() {
      return stoppedBy;
    },
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
