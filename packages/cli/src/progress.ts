/** A status line for work that can take seconds; `done()` erases it. */
export interface Progress {
  /** Shows `label`, with a percentage when `fraction` (0..1) is known. */
  update(label: string, fraction?: number): void;
  done(): void;
}

/** Starts a progress line; the CLI's IO has one only when stderr is a terminal. */
export type ProgressFactory = () => Progress;

/** What commands do when no terminal is watching (tests, CI, pipes): nothing. */
export const NO_PROGRESS: Progress = { update() {}, done() {} };

/** The terminal stream a progress line is drawn on. */
export interface TerminalStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/**
 * Progress lines on `stream` when it is a terminal, else `undefined` — so piped or captured
 * stderr (CI logs, tests) never gets carriage returns and half-erased lines. Redraws are
 * throttled to one per 100 ms: a loader reporting every megabyte should not flood the terminal.
 */
export function terminalProgress(stream: TerminalStream): ProgressFactory | undefined {
  if (stream.isTTY !== true) return undefined;
  return () => {
    let drawn = false;
    let last = 0;
    return {
      update(label, fraction) {
        const now = Date.now();
        if (drawn && now - last < 100 && fraction !== 1) return;
        last = now;
        const percent = fraction === undefined ? '' : ` ${Math.floor(fraction * 100)}%`;
        const width = Math.max(20, (stream.columns ?? 80) - 1);
        stream.write(`\r\x1b[K${`${label}${percent}`.slice(0, width)}`);
        drawn = true;
      },
      done() {
        if (drawn) stream.write('\r\x1b[K');
        drawn = false;
      },
    };
  };
}
