/**
 * Times on the command line: `now`, a relative offset from now (`-1d`, `-6h`, `-30m`, `+15m`), an ISO
 * 8601 date-time, or milliseconds since the epoch.
 */

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const RELATIVE = /^([+-])(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;

export type Parsed<T> = { value: T } | { error: string };

export function parseTime(text: string, nowMs: number): Parsed<number> {
  const t = text.trim();
  if (t === 'now') {
    return { value: nowMs };
  }
  const relative = RELATIVE.exec(t);
  if (relative !== null) {
    const offset = Number(relative[2]) * UNIT_MS[relative[3]];
    return { value: Math.round(relative[1] === '-' ? nowMs - offset : nowMs + offset) };
  }
  if (/^\d{10,}$/.test(t)) {
    return { value: Number(t) };
  }
  // A date-time needs a date and an explicit zone, so a run means the same thing on every machine.
  if (/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(t)) {
    const value = Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t);
    if (!Number.isNaN(value)) {
      return { value };
    }
  }
  return {
    error: `"${text}" is not a time (use now, a relative offset like -1d, -6h or -30m, an ISO date-time with a zone like 2026-01-15T00:00:00Z, or epoch milliseconds)`,
  };
}

/** A duration like `6h`, `90m` or `2d`, in ms. */
export function parseDuration(text: string): Parsed<number> {
  const match = DURATION.exec(text.trim());
  if (match === null || Number(match[1]) <= 0) {
    return { error: `"${text}" is not a duration (use e.g. 30m, 6h or 2d)` };
  }
  return { value: Math.round(Number(match[1]) * UNIT_MS[match[2]]) };
}
