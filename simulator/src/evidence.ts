/**
 * Where each labelled scenario step left its evidence: the first and last timestamp of the telemetry
 * written for it. Labels are cut from these windows, so they bracket exactly what reached the stores.
 */

export interface EvidenceWindow {
  firstNs: bigint;
  lastNs: bigint;
  points: number;
}

export class EvidenceLog {
  private readonly windows = new Map<string, EvidenceWindow>();

  note(key: string, timestampNs: bigint): void {
    const window = this.windows.get(key);
    if (window === undefined) {
      this.windows.set(key, { firstNs: timestampNs, lastNs: timestampNs, points: 1 });
      return;
    }
    if (timestampNs < window.firstNs) {
      window.firstNs = timestampNs;
    }
    if (timestampNs > window.lastNs) {
      window.lastNs = timestampNs;
    }
    window.points++;
  }

  window(key: string): EvidenceWindow | undefined {
    return this.windows.get(key);
  }
}

const NS_PER_MS = 1_000_000n;

/** The millisecond window that contains every evidence timestamp (start rounded down, end up). */
export function millisecondBounds(window: EvidenceWindow): { start: number; end: number } {
  const end = (window.lastNs + NS_PER_MS - 1n) / NS_PER_MS;
  return { start: Number(window.firstNs / NS_PER_MS), end: Number(end) };
}
