import {
  CoreApp,
  type DataFrame,
  type DataQuery,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  type DataSourceRef,
  isDataFrame,
  LoadingState,
  type PanelData,
  rangeUtil,
  type ScopedVars,
  type TimeRange,
  toDataFrame,
} from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import { from, Observable } from 'rxjs';

/** The part of a dashboard panel that says what to query. */
export interface PanelQueries {
  id: number;
  title?: string;
  type: string;
  datasource?: DataSourceRef | null;
  targets?: DataQuery[];
  maxDataPoints?: number;
  interval?: string;
}

export interface QueryContext {
  timeRange: TimeRange;
  /** The dashboard's annotations in range, which every panel receives as `data.annotations`. */
  annotations?: DataFrame[];
  timeZone: string;
  /** Panel width in pixels: Grafana's default maxDataPoints. */
  width: number;
  dashboardUID?: string;
  scopedVars?: ScopedVars;
}

let requestCounter = 100;

function frames(response: DataQueryResponse): DataFrame[] {
  return (response.data ?? []).map((item: unknown) => (isDataFrame(item) ? item : toDataFrame(item)));
}

function errorsOf(response: DataQueryResponse): DataQueryError[] {
  return response.errors ?? (response.error ? [response.error] : []);
}

/**
 * What Grafana's PanelQueryRunner does for one panel (public/app/features/query/state/PanelQueryRunner.ts and
 * runRequest.ts): the panel's datasource (or the default), the visible targets the datasource accepts
 * (`filterQuery`), `maxDataPoints` from the panel or its width, `interval` from rangeUtil.calculateInterval with
 * the panel's min interval, `__interval` / `__interval_ms` in the scoped variables, then `query()`; each
 * response packet becomes PanelData (frames, errors, state).
 */
export function runPanelQueries(panel: PanelQueries, context: QueryContext): Observable<PanelData> {
  return new Observable<PanelData>((subscriber) => {
    let cancelled = false;
    let unsubscribe: (() => void) | undefined;
    const start = async () => {
      const targets = (panel.targets ?? []).filter((target) => !target.hide);
      const dataSourceRef = panel.datasource ?? targets.find((target) => target.datasource)?.datasource ?? null;
      const dataSource: DataSourceApi = await getDataSourceSrv().get(dataSourceRef, context.scopedVars);
      const maxDataPoints = panel.maxDataPoints ?? Math.max(1, Math.round(context.width));
      const lowerLimit = panel.interval || dataSource.interval || undefined;
      const norm = rangeUtil.calculateInterval(context.timeRange, maxDataPoints, lowerLimit);
      const request: DataQueryRequest = {
        app: CoreApp.Dashboard,
        requestId: `Q${requestCounter++}`,
        timezone: context.timeZone,
        panelId: panel.id,
        panelName: panel.title,
        panelPluginId: panel.type,
        dashboardUID: context.dashboardUID,
        range: context.timeRange,
        rangeRaw: context.timeRange.raw,
        interval: norm.interval,
        intervalMs: norm.intervalMs,
        maxDataPoints,
        targets: targets
          .map((target) => ({ ...target, datasource: target.datasource ?? dataSource.getRef() }))
          .filter((target) => !dataSource.filterQuery || dataSource.filterQuery(target)),
        scopedVars: {
          ...context.scopedVars,
          __interval: { text: norm.interval, value: norm.interval },
          __interval_ms: { text: String(norm.intervalMs), value: norm.intervalMs },
        },
        startTime: Date.now(),
      };
      if (cancelled) {
        return;
      }
      // No frames yet: the panel keeps showing its last data while this run loads (see PanelView).
      subscriber.next({ state: LoadingState.Loading, series: [], timeRange: context.timeRange, request });
      const subscription = from(dataSource.query(request)).subscribe({
        next: (response) => {
          const errors = errorsOf(response);
          subscriber.next({
            state: response.state ?? (errors.length > 0 ? LoadingState.Error : LoadingState.Done),
            series: frames(response),
            errors: errors.length > 0 ? errors : undefined,
            error: errors[0],
            timeRange: context.timeRange,
            request,
          });
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      unsubscribe = () => subscription.unsubscribe();
    };
    start().catch((error: unknown) => subscriber.error(error));
    return () => {
      cancelled = true;
      unsubscribe?.();
    };
  });
}
