/**
 * What the backfill's progress line says: simulated time reached, points written, throughput and time
 * left. `ProgressLine` from the core decides when it is printed.
 */
import { formatTimeLeft } from '@conduit/core';

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

export function formatProgress(state: ProgressState): string {
  const span = Math.max(1, state.toMs - state.fromMs);
  const done = Math.min(1, Math.max(0, (state.simulatedMs - state.fromMs) / span));
  const rate = state.elapsedMs > 0 ? (state.written * 1000) / state.elapsedMs : 0;
  const eta = formatTimeLeft(state.elapsedMs, done);
  const at = new Date(state.simulatedMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `simulated ${at} (${(done * 100).toFixed(1)}%) | ${count.format(state.written)} points written | ${count.format(
    Math.round(rate)
  )} points/s | ETA ${eta}`;
}
