import { dateMath, dateTime, type DateTime, type RawTimeRange, type TimeRange, type UrlQueryMap } from '@grafana/data';

/** One end of a range: epoch ms, `now` with date math relative to the given moment, or an absolute date. */
function parseEnd(value: string, roundUp: boolean, timeZone: string, now: number): DateTime | undefined {
  if (/^\d+$/.test(value)) {
    return dateTime(Number(value));
  }
  if (value.startsWith('now')) {
    return dateMath.parseDateMath(value.slice(3), dateTime(now), roundUp);
  }
  return dateMath.parse(value, roundUp, timeZone);
}

/**
 * The dashboard's time range as Grafana reads it: `from`/`to` URL parameters (epoch ms or relative like
 * `now-6h`) over the dashboard's saved `time`, relative ends taken from `now`.
 */
export function dashboardTimeRange(
  saved: RawTimeRange | undefined,
  query: UrlQueryMap,
  timeZone: string,
  now: number
): TimeRange {
  const raw: RawTimeRange = {
    from: typeof query.from === 'string' ? query.from : String(saved?.from ?? 'now-6h'),
    to: typeof query.to === 'string' ? query.to : String(saved?.to ?? 'now'),
  };
  const from = parseEnd(String(raw.from), false, timeZone, now) ?? dateTime(now).subtract(6, 'h');
  const to = parseEnd(String(raw.to), true, timeZone, now) ?? dateTime(now);
  return { from, to, raw };
}
