/**
 * The progress line of a long command on standard error. On a terminal it is redrawn in place at most
 * once a second; anywhere else (a log, a pipe) it is written as a new line every five seconds, so that the
 * log of a long run stays short. What the line says is the command's business: it passes a formatter.
 */

export interface ProgressLineOptions {
  /** Whether the line can be redrawn in place: standard error is a terminal. */
  terminal: boolean;
  /**
   * Whether the first line waits one interval, so that a run shorter than that prints nothing; by default
   * the first update prints at once.
   */
  quietStart?: boolean;
  /** The clock, in milliseconds. */
  now?: () => number;
}

const TERMINAL_EVERY_MS = 1_000;
const LOG_EVERY_MS = 5_000;

export class ProgressLine<S> {
  private readonly every: number;
  private readonly now: () => number;
  private lastPrint: number;
  private printed = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly format: (state: S) => string,
    private readonly options: ProgressLineOptions
  ) {
    this.every = options.terminal ? TERMINAL_EVERY_MS : LOG_EVERY_MS;
    this.now = options.now ?? Date.now;
    this.lastPrint = options.quietStart === true ? this.now() : Number.NEGATIVE_INFINITY;
  }

  /** Prints `state` when an interval has passed since the last line, or at once with `force`. */
  update(state: S, force = false): void {
    const now = this.now();
    if (!force && now - this.lastPrint < this.every) {
      return;
    }
    this.lastPrint = now;
    this.printed = true;
    this.write(this.options.terminal ? `\r${this.format(state)}\x1b[K` : `${this.format(state)}\n`);
  }

  /** Prints the final state if any line was printed, and ends the line on a terminal. */
  finish(state: S): void {
    if (!this.printed) {
      return;
    }
    this.update(state, true);
    if (this.options.terminal) {
      this.write('\n');
    }
  }
}

/** A duration as m:ss, or h:mm:ss from an hour on. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${m}:${ss}`;
}

/** The time a run has left, at the pace so far: `?` before anything is done, 0:00 when all is. */
export function formatTimeLeft(elapsedMs: number, doneShare: number): string {
  if (doneShare >= 1) {
    return '0:00';
  }
  return doneShare > 0 ? formatClock((elapsedMs * (1 - doneShare)) / doneShare) : '?';
}
