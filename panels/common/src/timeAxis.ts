/** Ticks of a time axis: the smallest round interval that leaves room for a label, labelled in the dashboard's time zone. */
import { dateTimeFormat, type TimeZone } from '@grafana/data';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const INTERVALS = [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 7 * DAY];

export interface TimeTick {
  time: number;
  label: string;
}

export function timeTicks(from: number, to: number, width: number, timeZone: TimeZone, minSpacing = 90): TimeTick[] {
  if (!(to > from) || width <= 0) {
    return [];
  }
  const perPixel = (to - from) / width;
  const interval = INTERVALS.find((step) => step / perPixel >= minSpacing) ?? INTERVALS[INTERVALS.length - 1];
  const format = to - from >= DAY ? 'MM-DD HH:mm' : 'HH:mm';
  const ticks: TimeTick[] = [];
  // Whole intervals of UTC; time zones with whole-hour offsets keep whole-hour labels.
  for (let time = Math.ceil(from / interval) * interval; time <= to; time += interval) {
    ticks.push({ time, label: dateTimeFormat(time, { format, timeZone }) });
  }
  return ticks;
}
