/**
 * Times and durations as people type them on a command line: `2024-03-01T08:00:00Z`, `2024-03-01`
 * (midnight UTC), milliseconds since the epoch, `now`, `now-6h`; durations `500ms`, `30s`, `1m`, `6h`, `1d`.
 */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** A duration in milliseconds, or undefined when the text is not one. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(text.trim());
  if (match === null) {
    return undefined;
  }
  const ms = Number(match[1]) * UNIT_MS[match[2]];
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** A time in milliseconds since the epoch, or undefined when the text is not one. */
export function parseTime(text: string, nowMs: number): number | undefined {
  const trimmed = text.trim();
  if (/^\d{1,16}$/.test(trimmed)) {
    return Number(trimmed);
  }
  const relative = /^now(?:([+-])(.+))?$/.exec(trimmed);
  if (relative !== null) {
    if (relative[1] === undefined) {
      return nowMs;
    }
    const offset = parseDuration(relative[2]);
    return offset === undefined ? undefined : relative[1] === '-' ? nowMs - offset : nowMs + offset;
  }
  // Date.parse rolls 30 February over into March; a typo should be refused instead.
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed) && !isCalendarDate(trimmed.slice(0, 10))) {
    return undefined;
  }
  // A date alone is midnight UTC; a date and time needs its zone, so a log read abroad means the same.
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) {
    const ms = Date.parse(`${trimmed}T00:00:00Z`);
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(trimmed)) {
    const ms = Date.parse(trimmed);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

function isCalendarDate(date: string): boolean {
  const [year, month, day] = date.split('-').map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth;
}
