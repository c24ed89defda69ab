/**
 * The backfill's progress line: simulated time reached, points written, throughput and time left.
 */

export interface ProgressState {
  fromMs: number;
  toMs: number;
  /** Simulated time reached. */
  simulatedMs: number;
  written: number;
  /** Wall-clock time since the backfill started. */
  elapsedMs: number;
}

const count = new Intl.NumberFormat('en-US');

function clock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${m}:${ss}`;
}

export function formatProgress(state: ProgressState): string {
  const span = Math.max(1, state.toMs - state.fromMs);
  const done = Math.min(1, Math.max(0, (state.simulatedMs - state.fromMs) / span));
  const rate = state.elapsedMs > 0 ? (state.written * 1000) / state.elapsedMs : 0;
  const eta = done > 0 && done < 1 ? clock((state.elapsedMs * (1 - done)) / done) : done >= 1 ? '0:00' : '?';
  const at = new Date(state.simulatedMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `simulated ${at} (${(done * 100).toFixed(1)}%) | ${count.format(state.written)} points written | ${count.format(
    Math.round(rate)
  )} points/s | ETA ${eta}`;
}

/** Prints the progress line at most once a second: in place on a terminal, else a line every 5 s. */
export class ProgressReporter {
  private lastPrint = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly terminal: boolean
  ) {}

  update(state: ProgressState, force = false): void {
    const now = Date.now();
    const every = this.terminal ? 1000 : 5000;
    if (!force && now - this.lastPrint < every) {
      return;
    }
    this.lastPrint = now;
    this.write(this.terminal ? `\r${formatProgress(state)}\x1b[K` : `${formatProgress(state)}\n`);
  }

  finish(state: ProgressState): void {
    this.update(state, true);
    if (this.terminal) {
      this.write('\n');
    }
  }
}
