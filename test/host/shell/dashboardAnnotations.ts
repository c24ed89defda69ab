import {
  type AnnotationEvent,
  type AnnotationQuery as DataSourceAnnotation,
  arrayToDataFrame,
  CoreApp,
  type DataFrame,
  type DataQuery,
  type DataQueryRequest,
  type DataQueryResponse,
  DataTopic,
  FieldType,
  MutableDataFrame,
  rangeUtil,
  type TimeRange,
} from '@grafana/data';
import { getBackendSrv, getDataSourceSrv } from '@grafana/runtime';
import { from, lastValueFrom, type Observable, of } from 'rxjs';

/** An entry of a dashboard's `annotations.list`. */
export interface AnnotationQuery {
  name?: string;
  enable?: boolean;
  builtIn?: number;
  iconColor?: string;
  datasource?: { type?: string; uid?: string } | null;
  target?: { type?: 'dashboard' | 'tags'; tags?: string[]; matchAny?: boolean; limit?: number };
  type?: string;
  /** A datasource's annotation query keeps its query here (AnnotationSupport.prepareQuery reads it). */
  [key: string]: unknown;
}

interface AnnotationItem {
  id: number;
  time: number;
  timeEnd: number;
  text: string;
  tags: string[];
  login: string;
  dashboardUID: string | null;
  data: unknown;
}

function isGrafanaAnnotations(query: AnnotationQuery): boolean {
  const uid = query.datasource?.uid;
  return query.datasource?.type === 'grafana' || uid === '-- Grafana --' || uid === 'grafana' || query.builtIn === 1;
}

let annotationRequests = 100;

/**
 * An annotation query of a datasource with AnnotationSupport, run as Grafana's executeAnnotationQuery does: the
 * support's default query under the saved one, prepareAnnotation, prepareQuery (nothing to run when it returns
 * nothing), one query with refId `Anno` over the dashboard's range, then processEvents on the frames. Events
 * without a colour take the query's icon colour. Undefined for a datasource without AnnotationSupport.
 */
async function dataSourceAnnotations(query: AnnotationQuery, range: TimeRange): Promise<DataFrame | undefined> {
  const dataSource = await getDataSourceSrv().get(query.datasource);
  const support = dataSource.annotations;
  if (support === undefined) {
    return undefined;
  }
  const saved = { ...support.getDefaultQuery?.(), ...query } as DataSourceAnnotation<DataQuery>;
  const annotation = support.prepareAnnotation ? support.prepareAnnotation(saved) : saved;
  const target = support.prepareQuery ? support.prepareQuery(annotation) : undefined;
  if (target === undefined) {
    return undefined;
  }
  const interval = rangeUtil.calculateInterval(range, 1000);
  const request: DataQueryRequest<DataQuery> = {
    app: CoreApp.Dashboard,
    requestId: `AQ${annotationRequests++}`,
    startTime: Date.now(),
    range,
    rangeRaw: range.raw,
    interval: interval.interval,
    intervalMs: interval.intervalMs,
    maxDataPoints: 1000,
    scopedVars: {},
    targets: [{ ...target, refId: 'Anno' }],
    timezone: 'browser',
  };
  const answer: Observable<DataQueryResponse> = from(dataSource.query(request));
  const response = await lastValueFrom(answer);
  const processed = support.processEvents?.(annotation, response.data) ?? of([]);
  const events: AnnotationEvent[] = (await lastValueFrom(processed)) ?? [];
  const frame = arrayToDataFrame(
    events.map((event) => ({
      ...event,
      color: event.color ?? query.iconColor,
      isRegion: Boolean(event.timeEnd && event.timeEnd !== event.time),
    }))
  );
  return { ...frame, name: query.name, meta: { ...frame.meta, dataTopic: DataTopic.Annotations } };
}

/**
 * The annotation queries of a dashboard, each as one frame; panels receive them as `data.annotations`. A
 * datasource's run through its AnnotationSupport (above). Those of Grafana's own annotation store run as
 * Grafana's annotations datasource does (public/app/plugins/datasource/grafana): the built-in query and
 * `type: dashboard` ask for this dashboard's annotations, `type: tags` for annotations with the tags (all, or
 * any with matchAny), always within the dashboard's range; their frames have time, timeEnd, text, tags, color,
 * login and the annotation's data.
 */
export async function dashboardAnnotations(
  queries: AnnotationQuery[],
  dashboardUID: string,
  range: TimeRange
): Promise<DataFrame[]> {
  const frames: DataFrame[] = [];
  const enabled = queries.filter((candidate) => candidate.enable !== false);
  for (const query of enabled.filter((candidate) => !isGrafanaAnnotations(candidate) && candidate.datasource)) {
    const frame = await dataSourceAnnotations(query, range);
    if (frame !== undefined) {
      frames.push(frame);
    }
  }
  for (const query of enabled.filter(isGrafanaAnnotations)) {
    const target = query.target ?? { type: 'dashboard' };
    const params: Record<string, string | number | boolean | string[]> = {
      from: range.from.valueOf(),
      to: range.to.valueOf(),
      limit: target.limit ?? 100,
    };
    if (target.type === 'tags') {
      if (!target.tags || target.tags.length === 0) {
        continue;
      }
      params.tags = target.tags;
      params.matchAny = Boolean(target.matchAny);
      params.type = 'annotation';
    } else {
      params.dashboardUID = dashboardUID;
    }
    const items = await getBackendSrv().get<AnnotationItem[]>('/api/annotations', params, `annotations-${query.name}`, {
      showErrorAlert: false,
    });
    const frame = new MutableDataFrame({
      name: query.name,
      meta: { dataTopic: DataTopic.Annotations },
      fields: [
        { name: 'time', type: FieldType.time },
        { name: 'timeEnd', type: FieldType.time },
        { name: 'text', type: FieldType.string },
        { name: 'tags', type: FieldType.other },
        { name: 'color', type: FieldType.string },
        { name: 'id', type: FieldType.number },
        { name: 'login', type: FieldType.string },
        { name: 'data', type: FieldType.other },
      ],
    });
    for (const item of items) {
      frame.add({
        time: item.time,
        timeEnd: item.timeEnd,
        text: item.text,
        tags: item.tags,
        color: query.iconColor ?? 'rgba(0, 211, 255, 1)',
        id: item.id,
        login: item.login,
        data: item.data,
      });
    }
    frames.push(frame);
  }
  return frames;
}
