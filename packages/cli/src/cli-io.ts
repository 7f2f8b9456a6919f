import { NO_PROGRESS, type Progress, type ProgressFactory } from './progress';
import type { ScriptIO } from './run-script';

/** The streams a command writes to, and a progress line when stderr is a terminal. */
export interface CliIO extends ScriptIO {
  /** Absent when stderr is not a terminal (tests, CI, pipes): no progress is drawn. */
  progress?: ProgressFactory;
}

/** A progress line on `io`, or one that draws nothing. */
export function startProgress(io: CliIO): Progress {
  return io.progress?.() ?? NO_PROGRESS;
}
