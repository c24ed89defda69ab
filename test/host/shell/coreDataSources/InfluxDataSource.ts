import {
  type DataFrame,
  type DataQuery,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  DataSourceApi,
  type DataSourceInstanceSettings,
  type DataSourceJsonData,
  DataSourcePlugin,
  type ScopedVars,
  type TestDataSourceResponse,
} from '@grafana/data';
import { getBackendSrv, getTemplateSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';

import { type InfluxStatementResult, tableFrame, timeSeriesFrames } from './influxFrames';

/** A query of Grafana's InfluxDB datasource in InfluxQL raw mode, the part the host runs. */
export interface InfluxQuery extends DataQuery {
  rawQuery?: boolean;
  query?: string;
  resultFormat?: 'time_series' | 'table' | 'logs';
  alias?: string;
}

interface InfluxOptions extends DataSourceJsonData {
  dbName?: string;
  httpMode?: 'GET' | 'POST';
  version?: string;
}

/** InfluxQL's time condition for the range, as Grafana's `$timeFilter` expands (epoch milliseconds). */
function timeFilter(request: DataQueryRequest): string {
  return `time >= ${request.range.from.valueOf()}ms and time <= ${request.range.to.valueOf()}ms`;
}

/** What a failed request says: InfluxDB's `error`, Grafana's `message`, or the HTTP status. */
function failureMessage(failure: unknown): string {
  if (failure instanceof Error) {
    return failure.message;
  }
  if (typeof failure === 'object' && failure !== null) {
    const { data, status, statusText } = failure as {
      data?: { error?: unknown; message?: unknown };
      status?: number;
      statusText?: string;
    };
    const said = data?.error ?? data?.message;
    return typeof said === 'string' ? said : `HTTP ${status ?? '?'} ${statusText ?? ''}`.trim();
  }
  return String(failure);
}

/**
 * Grafana's core InfluxDB datasource as the host runs it: InfluxQL queries written out in full (raw mode) sent
 * through Grafana's data proxy to the store's /query, the proxy adding the datasource's credentials, and the
 * answer turned into frames as Grafana names them. Grafana 12 runs the same InfluxQL in its backend
 * (/api/ds/query); the query builder's queries are not part of the host.
 */
export class HostInfluxDataSource extends DataSourceApi<InfluxQuery, InfluxOptions> {
  private readonly url: string;
  private readonly database: string;
  private readonly httpMode: 'GET' | 'POST';

  constructor(settings: DataSourceInstanceSettings<InfluxOptions>) {
    super(settings);
    this.url = settings.url ?? '';
    this.database = settings.jsonData.dbName ?? settings.database ?? '';
    this.httpMode = settings.jsonData.httpMode === 'POST' ? 'POST' : 'GET';
  }

  /** InfluxDB's /query through the data proxy, with `epoch=ms` so times come back as numbers. */
  private async send(influxql: string): Promise<InfluxStatementResult[]> {
    const params = { db: this.database, epoch: 'ms', ...(this.httpMode === 'GET' ? { q: influxql } : {}) };
    const response = await lastValueFrom(
      getBackendSrv().fetch<{ results?: InfluxStatementResult[]; error?: string }>({
        url: `${this.url}/query`,
        method: this.httpMode,
        params,
        data: this.httpMode === 'POST' ? new URLSearchParams({ q: influxql }) : undefined,
        headers: this.httpMode === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : undefined,
      })
    );
    if (response.data.error) {
      throw new Error(response.data.error);
    }
    return response.data.results ?? [];
  }

  private interpolate(query: string, request: DataQueryRequest<InfluxQuery>): string {
    const scopedVars: ScopedVars = {
      ...request.scopedVars,
      interval: { text: request.interval, value: request.interval },
    };
    return getTemplateSrv().replace(query.replace(/\$timeFilter\b/g, timeFilter(request)), scopedVars);
  }

  async query(request: DataQueryRequest<InfluxQuery>): Promise<DataQueryResponse> {
    const data: DataFrame[] = [];
    const errors: DataQueryError[] = [];
    for (const target of request.targets.filter((candidate) => !candidate.hide)) {
      if (!target.rawQuery || !target.query) {
        errors.push({ refId: target.refId, message: 'The test host runs raw InfluxQL queries only' });
        continue;
      }
      try {
        for (const result of await this.send(this.interpolate(target.query, request))) {
          if (result.error) {
            errors.push({ refId: target.refId, message: result.error });
          } else if (target.resultFormat === 'table') {
            data.push(...tableFrame(result, target.refId));
          } else {
            data.push(...timeSeriesFrames(result, target.refId, target.alias));
          }
        }
      } catch (error) {
        errors.push({ refId: target.refId, message: failureMessage(error) });
      }
    }
    return { data, errors: errors.length > 0 ? errors : undefined };
  }

  async testDatasource(): Promise<TestDataSourceResponse> {
    await this.send('SHOW MEASUREMENTS LIMIT 1');
    return { status: 'success', message: 'datasource is working' };
  }
}

export const influxDataSourcePlugin = new DataSourcePlugin<HostInfluxDataSource, InfluxQuery, InfluxOptions>(
  HostInfluxDataSource
);
