/**
 * `npm run preview -- --history D`: how much plant history the preview writes before it goes live, checked
 * before anything starts, and the dashboard range that shows all of it.
 */
import { parseDuration } from '../simulator/src/timeRange';

/** An hour: the preview's history unless asked for more. */
export const DEFAULT_HISTORY = '1h';

/** The provisioned dashboards open on the last six hours (`now-6h`); a longer history is opened whole. */
const DASHBOARD_RANGE_MS = 6 * 3_600_000;

export interface History {
  /** As given, e.g. `24h`: the simulator's `--from -24h` and the dashboards' `now-24h`. */
  text: string;
  ms: number;
}

/** The --history value as a duration, or an error naming the flag and the forms it takes. */
export function parseHistory(text: string): History {
  const trimmed = text.trim();
  const parsed = parseDuration(trimmed);
  if ('error' in parsed) {
    throw new Error(`--history must be a duration such as 30m, 24h or 2d, not "${text}"`);
  }
  return { text: trimmed, ms: parsed.value };
}

/** The query string that opens a dashboard on the whole history, or none when its own range already does. */
export function dashboardRangeQuery(history: History): string {
  return history.ms > DASHBOARD_RANGE_MS ? `?from=now-${history.text}&to=now` : '';
}

/** "an hour", "24h": how the preview's messages name the history. */
export function historyWords(history: History): string {
  return history.text === DEFAULT_HISTORY ? 'an hour' : history.text;
}
