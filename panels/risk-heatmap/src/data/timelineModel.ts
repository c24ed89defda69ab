/**
 * The rows of the timeline: one per numeric field of the frames that have a time field (the Conduit risk
 * query's "over time" view has one field per zone or asset, labelled with its zone), every row on the union of
 * the frames' times, grouped by zone and ordered by Purdue level or by peak risk.
 */
import { type DataFrame, type Field, FieldType, getFieldDisplayName } from '@grafana/data';

import type { ExplainAt } from './factorsOverTime';
import type { RiskEntityRow } from './riskEntities';
import type { TimelineOrder } from '../types';

export interface TimelineRow {
  key: string;
  name: string;
  zone?: string;
  /** `zone` for a zone's own row, which is not grouped under itself. */
  kind?: string;
  purdueLevel?: number;
  /** One value per column of the model's times; NaN where the frame has none. */
  values: Float64Array;
  peak: number;
  field: Field;
  frame: DataFrame;
  /** The scored entity of the same id, when the frames also carry the risk query's entity view. */
  entity?: RiskEntityRow;
}

export interface TimelineGroup {
  label: string;
  first: number;
  count: number;
}

export interface TimelineModel {
  /** Ascending, one per column. */
  times: Float64Array;
  rows: TimelineRow[];
  /** Consecutive rows of one zone; a single group without a label when no row names a zone. */
  groups: TimelineGroup[];
  /** Rows the top N option left out. */
  hidden: number;
  /** Each row's score explained at a column's time, when the frames carry the factors per bucket. */
  explainAt?: ExplainAt;
}

export function timeField(frame: DataFrame): Field | undefined {
  return frame.fields.find((field) => field.type === FieldType.time);
}

export function isTimelineFrame(frame: DataFrame): boolean {
  return timeField(frame) !== undefined && frame.fields.some((field) => field.type === FieldType.number);
}

function unionOfTimes(frames: DataFrame[]): Float64Array {
  const all = new Set<number>();
  for (const frame of frames) {
    const times = timeField(frame)?.values ?? [];
    for (let i = 0; i < frame.length; i++) {
      const time: unknown = times[i];
      if (typeof time === 'number' && Number.isFinite(time)) {
        all.add(time);
      }
    }
  }
  return Float64Array.from([...all]).sort();
}

function columnOf(times: Float64Array, time: number): number {
  let low = 0;
  let high = times.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (times[middle] < time) {
      low = middle + 1;
    } else if (times[middle] > time) {
      high = middle - 1;
    } else {
      return middle;
    }
  }
  return -1;
}

/** Every numeric field of every frame with a time field becomes a row. */
export function readTimelineRows(
  frames: DataFrame[],
  entities: ReadonlyMap<string, RiskEntityRow> = new Map()
): { times: Float64Array; rows: TimelineRow[] } {
  const timelineFrames = frames.filter(isTimelineFrame);
  const times = unionOfTimes(timelineFrames);
  const rows: TimelineRow[] = [];
  for (const frame of timelineFrames) {
    const frameTimes = timeField(frame)?.values ?? [];
    const columns = Int32Array.from({ length: frame.length }, (_, i) => {
      const time: unknown = frameTimes[i];
      return typeof time === 'number' ? columnOf(times, time) : -1;
    });
    for (const field of frame.fields) {
      if (field.type !== FieldType.number) {
        continue;
      }
      const values = new Float64Array(times.length).fill(Number.NaN);
      let peak = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < frame.length; i++) {
        const value: unknown = field.values[i];
        if (columns[i] >= 0 && typeof value === 'number' && Number.isFinite(value)) {
          values[columns[i]] = value;
          peak = Math.max(peak, value);
        }
      }
      const entity = entities.get(field.name);
      const zone = field.labels?.zone ?? entity?.zone;
      const kind = field.labels?.kind ?? entity?.kind;
      const level = field.labels?.purdueLevel === undefined ? entity?.purdueLevel : Number(field.labels.purdueLevel);
      rows.push({
        key: `${rows.length}:${field.name}`,
        name: getFieldDisplayName(field, frame, frames),
        ...(zone === undefined || zone === '' ? {} : { zone }),
        ...(kind === undefined ? {} : { kind }),
        ...(level === undefined || !Number.isFinite(level) ? {} : { purdueLevel: level }),
        values,
        peak,
        field,
        frame,
        ...(entity === undefined ? {} : { entity }),
      });
    }
  }
  return { times, rows };
}

function byPeak(a: TimelineRow, b: TimelineRow): number {
  return b.peak - a.peak || a.name.localeCompare(b.name);
}

/** Highest level first, as the Purdue model is drawn (enterprise at the top, the process at the bottom); unknown last. */
function byLevel(a: number | undefined, b: number | undefined): number {
  return (b ?? Number.NEGATIVE_INFINITY) - (a ?? Number.NEGATIVE_INFINITY);
}

/**
 * Keeps the `topN` rows of highest peak (0 keeps all), then groups rows by zone (a zone's own row stays out of
 * the groups): groups by Purdue level or by their highest peak, rows within a group by the same key, ties by name.
 */
export function arrangeTimeline(
  times: Float64Array,
  rows: TimelineRow[],
  order: TimelineOrder,
  topN: number
): TimelineModel {
  const kept = topN > 0 ? [...rows].sort(byPeak).slice(0, topN) : [...rows];
  const groups = new Map<string, TimelineRow[]>();
  for (const row of kept) {
    const key = row.kind === 'zone' ? '' : (row.zone ?? '');
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const rowOrder = (a: TimelineRow, b: TimelineRow) =>
    order === 'purdue' ? byLevel(a.purdueLevel, b.purdueLevel) || byPeak(a, b) : byPeak(a, b);
  const ordered = [...groups.entries()].map(([label, members]) => ({ label, members: members.sort(rowOrder) }));
  const groupLevel = (members: TimelineRow[]) =>
    members.reduce<number | undefined>(
      (level, row) => (row.purdueLevel === undefined ? level : Math.max(level ?? row.purdueLevel, row.purdueLevel)),
      undefined
    );
  ordered.sort((a, b) =>
    order === 'purdue'
      ? byLevel(groupLevel(a.members), groupLevel(b.members)) || a.label.localeCompare(b.label)
      : b.members[0].peak - a.members[0].peak || a.label.localeCompare(b.label)
  );
  const arranged: TimelineRow[] = [];
  const spans: TimelineGroup[] = [];
  for (const { label, members } of ordered) {
    spans.push({ label, first: arranged.length, count: members.length });
    arranged.push(...members);
  }
  return { times, rows: arranged, groups: spans, hidden: rows.length - kept.length };
}
