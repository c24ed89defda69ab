/**
 * Findings as annotations on any panel: the annotation query is a findings query (a severity floor, optionally
 * one zone), and each row of its frame becomes one event, a region when the finding lasted.
 */
import { escapeHtml, isSeverity, type Severity } from '@conduit/core';
import {
  type AnnotationEvent,
  type AnnotationQuery,
  type AnnotationSupport,
  type DataFrame,
  type Field,
} from '@grafana/data';
import { of } from 'rxjs';

import type { ConduitQuery } from '../types';
import { FindingAnnotationEditor } from './FindingAnnotationEditor';

export const DEFAULT_ANNOTATION_QUERY: Partial<ConduitQuery> = { queryType: 'findings', minSeverity: 'high' };

/** Grafana's palette names, worst first, so the colour of a mark says how bad it is. */
const SEVERITY_COLOURS: Readonly<Record<Severity, string>> = {
  critical: 'dark-red',
  high: 'red',
  medium: 'orange',
  low: 'yellow',
  info: 'blue',
};

function field(frame: DataFrame, name: string): Field | undefined {
  return frame.fields.find((f) => f.name === name);
}

function text(f: Field | undefined, row: number): string {
  const value: unknown = f?.values[row];
  return value === undefined || value === null ? '' : String(value);
}

/**
 * One event per finding row; frames without `time` and `title` (not findings) are skipped. Title and text are
 * HTML-escaped, since Grafana renders both as HTML.
 */
export function findingEvents(frames: readonly DataFrame[]): AnnotationEvent[] {
  const events: AnnotationEvent[] = [];
  for (const frame of frames) {
    const times = field(frame, 'time');
    const titles = field(frame, 'title');
    if (times === undefined || titles === undefined) {
      continue;
    }
    const ends = field(frame, 'timeEnd');
    const severities = field(frame, 'severity');
    const texts = field(frame, 'text');
    const categories = field(frame, 'category');
    const zones = field(frame, 'zone');
    const techniques = field(frame, 'technique');
    const ids = field(frame, 'id');
    for (let row = 0; row < frame.length; row++) {
      const time: unknown = times.values[row];
      if (typeof time !== 'number') {
        continue;
      }
      const end: unknown = ends?.values[row];
      const severity = text(severities, row);
      const tags = [severity, text(categories, row), text(zones, row), text(techniques, row)].filter((t) => t !== '');
      events.push({
        ...(ids === undefined ? {} : { id: text(ids, row) }),
        time,
        ...(typeof end === 'number' && end > time ? { timeEnd: end, isRegion: true } : {}),
        // Grafana's annotation tooltip (timeseries AnnotationTooltip2) joins title and text with <br /> and renders
        // them through textUtil.sanitize, which keeps links and images: escaped, a finding named by an attacker on
        // the network shows as the characters it was named with.
        title: escapeHtml(text(titles, row)),
        text: escapeHtml(text(texts, row)),
        tags,
        ...(isSeverity(severity) ? { color: SEVERITY_COLOURS[severity] } : {}),
      });
    }
  }
  return events;
}

export const findingAnnotations: AnnotationSupport<ConduitQuery> = {
  QueryEditor: FindingAnnotationEditor,
  getDefaultQuery: () => DEFAULT_ANNOTATION_QUERY,
  prepareQuery: (annotation: AnnotationQuery<ConduitQuery>) => {
    const target = annotation.target;
    return {
      ...DEFAULT_ANNOTATION_QUERY,
      ...target,
      refId: target?.refId ?? 'Anno',
      queryType: target?.queryType === 'chains' ? 'chains' : 'findings',
    };
  },
  processEvents: (_annotation, frames) => of(findingEvents(frames)),
};
