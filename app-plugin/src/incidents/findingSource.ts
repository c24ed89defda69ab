/**
 * Findings and chains for a new incident, read through the Conduit datasource exactly as the panels read them,
 * so the incident links the same findings (same ids) the operator clicked on.
 */
import { isSeverity, type LinkedFinding, type FindingCategory, FINDING_CATEGORIES } from '@conduit/core';
import {
  CoreApp,
  type DataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  dateTime,
  type Field,
} from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import { from, lastValueFrom, type Observable } from 'rxjs';

import type { TimeSpan } from './incidentLinks';

export interface CandidateChain {
  id: string;
  title: string;
  severity: string;
  start: number;
  end: number;
  findingIds: string[];
}

export interface Candidates {
  findings: LinkedFinding[];
  chains: CandidateChain[];
}

function column(frame: DataFrame, name: string): Field | undefined {
  return frame.fields.find((field) => field.name === name);
}

function text(field: Field | undefined, row: number): string {
  const value: unknown = field?.values[row];
  return value === null || value === undefined ? '' : String(value);
}

function isCategory(value: string): value is FindingCategory {
  return (FINDING_CATEGORIES as readonly string[]).includes(value);
}

export function readFindingsFrame(frame: DataFrame): LinkedFinding[] {
  const fields = Object.fromEntries(
    [
      'id',
      'time',
      'timeEnd',
      'category',
      'severity',
      'title',
      'technique',
      'srcZone',
      'dstZone',
      'srcAsset',
      'dstAsset',
    ].map((name) => [name, column(frame, name)])
  );
  const findings: LinkedFinding[] = [];
  for (let row = 0; row < frame.length; row++) {
    const id = text(fields.id, row);
    const category = text(fields.category, row);
    const severity = text(fields.severity, row);
    const time = Number(fields.time?.values[row]);
    if (id === '' || !isCategory(category) || !isSeverity(severity) || !Number.isFinite(time)) {
      continue;
    }
    const end = Number(fields.timeEnd?.values[row]);
    const unique = (values: string[]) => [...new Set(values.filter((value) => value !== ''))];
    findings.push({
      id,
      time,
      endTime: Number.isFinite(end) && end > time ? end : undefined,
      category,
      severity,
      title: text(fields.title, row) || category,
      technique: text(fields.technique, row) || undefined,
      zones: unique([text(fields.srcZone, row), text(fields.dstZone, row)]),
      assets: unique([text(fields.srcAsset, row), text(fields.dstAsset, row)]),
    });
  }
  return findings;
}

export function readChainsFrame(frame: DataFrame): CandidateChain[] {
  const ids = column(frame, 'id');
  const titles = column(frame, 'title');
  const severities = column(frame, 'severity');
  const steps = column(frame, 'stepsDetail');
  const starts = column(frame, 'time');
  const ends = column(frame, 'timeEnd');
  const chains: CandidateChain[] = [];
  for (let row = 0; row < frame.length; row++) {
    let findingIds: string[] = [];
    try {
      const parsed: unknown = JSON.parse(text(steps, row) || '[]');
      findingIds = Array.isArray(parsed)
        ? parsed.flatMap((step: unknown) => {
            const id = (step as { findingId?: unknown } | null)?.findingId;
            return typeof id === 'string' ? [id] : [];
          })
        : [];
    } catch {
      findingIds = [];
    }
    chains.push({
      id: text(ids, row),
      title: text(titles, row),
      severity: text(severities, row),
      start: Number(starts?.values[row]),
      end: Number(ends?.values[row]),
      findingIds,
    });
  }
  return chains;
}

/** The findings and chains of the span, as the Conduit datasource computes or reads them. */
export async function loadCandidates(datasourceUid: string, span: TimeSpan): Promise<Candidates> {
  const dataSource = await getDataSourceSrv().get({ uid: datasourceUid });
  const range = {
    from: dateTime(span.from),
    to: dateTime(span.to),
    raw: { from: dateTime(span.from), to: dateTime(span.to) },
  };
  const request: DataQueryRequest = {
    requestId: `conduit-new-incident-${Date.now()}`,
    app: CoreApp.Unknown,
    interval: '1m',
    intervalMs: 60_000,
    range,
    scopedVars: {},
    timezone: 'browser',
    startTime: Date.now(),
    targets: [
      {
        refId: 'findings',
        datasource: { uid: datasourceUid },
        queryType: 'findings',
      } as DataQueryRequest['targets'][number],
      {
        refId: 'chains',
        datasource: { uid: datasourceUid },
        queryType: 'chains',
      } as DataQueryRequest['targets'][number],
    ],
  };
  const answer = dataSource.query(request) as Observable<DataQueryResponse> | Promise<DataQueryResponse>;
  const response = await lastValueFrom(answer instanceof Promise ? from(answer) : answer);
  if (response.errors?.length) {
    throw new Error(response.errors.map((error) => error.message ?? 'query failed').join('; '));
  }
  const frames = (response.data ?? []) as DataFrame[];
  return {
    findings: frames.filter((frame) => frame.refId === 'findings').flatMap(readFindingsFrame),
    chains: frames.filter((frame) => frame.refId === 'chains').flatMap(readChainsFrame),
  };
}
