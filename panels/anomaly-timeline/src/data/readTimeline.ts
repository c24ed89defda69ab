/**
 * The anomaly timeline's data from the panel's frames: findings (the Conduit findings query, or any frame with
 * a time field and text fields), the correlated chains that join them, and what could not be used, in words.
 */
import { type LaneGrouping, SEVERITIES, type Severity } from '@conduit/core';
import { type DataFrame, type Field, FieldType } from '@grafana/data';

/** A finding as the timeline draws it and its drawer explains it. */
export interface TimelineFinding {
  /** Unique among the panel's findings (frame and row). */
  uid: string;
  /** The finding id, when the frame has one. */
  id?: string;
  time: number;
  /** End of an episode that lasted, after `time`. */
  end?: number;
  severity: Severity;
  level?: number;
  title: string;
  text: string;
  category: string;
  zone: string;
  asset: string;
  technique: string;
  evidenceQuery: string;
  store: string;
  score?: number;
  /** Where the row came from, for field config colours and data links. */
  frame: DataFrame;
  row: number;
}

/** A correlated chain: the findings it joins, in step order. */
export interface TimelineChain {
  id: string;
  title: string;
  findingIds: string[];
}

export interface TimelineData {
  findings: TimelineFinding[];
  chains: TimelineChain[];
  /** Frames left out, each naming what it lacks. */
  problems: string[];
}

export const LANE_FIELDS: Readonly<Record<LaneGrouping, string>> = {
  zone: 'zone',
  asset: 'asset',
  category: 'category',
  technique: 'technique',
};

function named(frame: DataFrame, name: string): Field | undefined {
  return frame.fields.find((field) => field.name === name);
}

function text(field: Field | undefined, row: number): string {
  const value: unknown = field?.values[row];
  return value === undefined || value === null ? '' : String(value);
}

function severityOf(value: string): Severity | undefined {
  const lower = value.toLowerCase();
  return SEVERITIES.find((severity) => severity === lower);
}

function frameName(frame: DataFrame, index: number): string {
  return frame.name || frame.refId || `#${index + 1}`;
}

function isChainFrame(frame: DataFrame): boolean {
  return named(frame, 'stepsDetail')?.type === FieldType.string;
}

function readChains(frame: DataFrame): TimelineChain[] {
  const ids = named(frame, 'id');
  const titles = named(frame, 'title');
  const steps = named(frame, 'stepsDetail');
  const chains: TimelineChain[] = [];
  for (let row = 0; row < frame.length; row++) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text(steps, row));
    } catch {
      continue;
    }
    const findingIds = Array.isArray(parsed)
      ? parsed.flatMap((step: unknown) =>
          typeof step === 'object' && step !== null && typeof (step as { findingId?: unknown }).findingId === 'string'
            ? [(step as { findingId: string }).findingId]
            : []
        )
      : [];
    if (findingIds.length > 1) {
      chains.push({ id: text(ids, row) || `chain ${row + 1}`, title: text(titles, row), findingIds });
    }
  }
  return chains;
}

/**
 * Reads the frames. A findings frame needs a time field and at least one text field: the Conduit findings query
 * gives severity, category, zone, asset, technique and the rest; other frames take their lane from the field
 * of the grouping's name or else their first text field, and count as `medium` without a severity. Rows
 * outside [from, to] or below `minSeverity` are left out; so is a row of an unknown severity.
 */
export function readTimeline(
  series: readonly DataFrame[],
  minSeverity: Severity,
  range: { from: number; to: number }
): TimelineData {
  const findings: TimelineFinding[] = [];
  const chains: TimelineChain[] = [];
  const problems: string[] = [];
  const floor = SEVERITIES.indexOf(minSeverity);
  series.forEach((frame, index) => {
    if (isChainFrame(frame)) {
      chains.push(...readChains(frame));
      return;
    }
    const times = frame.fields.find((field) => field.type === FieldType.time);
    const texts = frame.fields.filter((field) => field.type === FieldType.string);
    if (times === undefined || texts.length === 0) {
      if (frame.length > 0 || frame.fields.length > 0) {
        const has = frame.fields.map((field) => `${field.name} (${field.type})`).join(', ') || 'no fields';
        problems.push(`Frame ${frameName(frame, index)} left out: it has ${has}, not a time field and a text field`);
      }
      return;
    }
    const ends = named(frame, 'timeEnd');
    const severities = named(frame, 'severity');
    const levels = named(frame, 'level');
    const scores = named(frame, 'score');
    const [titles, bodies, categories, zones, assets, techniques, ids, queries, stores] = [
      'title',
      'text',
      'category',
      'zone',
      'asset',
      'technique',
      'id',
      'evidenceQuery',
      'store',
    ].map((name) => named(frame, name));
    const fallbackLane = texts.find((field) => field !== severities) ?? texts[0];
    for (let row = 0; row < frame.length; row++) {
      const time: unknown = times.values[row];
      if (typeof time !== 'number' || time < range.from || time > range.to) {
        continue;
      }
      const severity = severities === undefined ? 'medium' : severityOf(text(severities, row));
      if (severity === undefined || SEVERITIES.indexOf(severity) < floor) {
        continue;
      }
      const end: unknown = ends?.values[row];
      const level: unknown = levels?.values[row];
      const score: unknown = scores?.values[row];
      const id = text(ids, row);
      findings.push({
        uid: `${index}:${row}`,
        ...(id === '' ? {} : { id }),
        time,
        ...(typeof end === 'number' && end > time ? { end } : {}),
        severity,
        ...(typeof level === 'number' ? { level } : {}),
        ...(typeof score === 'number' ? { score } : {}),
        title: text(titles, row) || text(fallbackLane, row),
        text: text(bodies, row),
        category: categories === undefined ? text(fallbackLane, row) : text(categories, row),
        zone: zones === undefined ? text(fallbackLane, row) : text(zones, row),
        asset: assets === undefined ? text(fallbackLane, row) : text(assets, row),
        technique: text(techniques, row),
        evidenceQuery: text(queries, row),
        store: text(stores, row),
        frame,
        row,
      });
    }
  });
  findings.sort((a, b) => a.time - b.time);
  return { findings, chains, problems };
}
