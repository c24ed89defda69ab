/**
 * A finding's evidence records, read from the store when its drawer opens: the finding's evidence query run as a
 * raw telemetry query of the datasource that returned the finding, a margin either side of its time.
 */
import { CoreApp, type DataFrame, type DataQuery, type DataQueryRequest, dateTime, rangeUtil } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import { from, lastValueFrom } from 'rxjs';

import { EVIDENCE_MARGIN_MS } from './findingLinks';
import type { TimelineFinding } from './readTimeline';

export async function evidenceFrames(finding: TimelineFinding, datasourceUid: string): Promise<DataFrame[]> {
  const dataSource = await getDataSourceSrv().get({ uid: datasourceUid });
  const start = dateTime(finding.time - EVIDENCE_MARGIN_MS);
  const end = dateTime((finding.end ?? finding.time) + EVIDENCE_MARGIN_MS);
  const range = { from: start, to: end, raw: { from: start, to: end } };
  const interval = rangeUtil.calculateInterval(range, 500);
  // The datasource's own query model: a raw InfluxQL telemetry query of the finding's store.
  const target: DataQuery & Record<string, unknown> = {
    refId: 'evidence',
    datasource: { uid: datasourceUid },
    queryType: 'telemetry',
    store: finding.store === 'it' ? 'it' : 'ot',
    editorMode: 'raw',
    rawQuery: finding.evidenceQuery,
  };
  const request: DataQueryRequest<DataQuery> = {
    app: CoreApp.Dashboard,
    requestId: `evidence-${finding.uid}`,
    startTime: Date.now(),
    range,
    interval: interval.interval,
    intervalMs: interval.intervalMs,
    maxDataPoints: 500,
    scopedVars: {},
    timezone: 'browser',
    targets: [target],
  };
  const response = await lastValueFrom(from(dataSource.query(request)));
  const failure = response.errors?.[0] ?? response.error;
  if (failure !== undefined) {
    throw new Error(failure.message ?? 'the evidence query failed');
  }
  return response.data as DataFrame[];
}
