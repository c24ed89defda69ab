import { STORE_KINDS, type StoreKind } from '@conduit/core';
import {
  DataSourceApi,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type TestDataSourceResponse,
} from '@grafana/data';
import { getBackendSrv, getTemplateSrv, isFetchError } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';

import { type InfluxFrames, influxFrames } from './influxResponse';
import { type ConduitDataSourceOptions, type ConduitQuery, DEFAULT_QUERY } from './types';

const STORE_NAMES: Record<StoreKind, string> = { it: 'IT store', ot: 'OT store' };

/** The cheapest statement that still proves the address, the credentials and the database. */
const HEALTH_STATEMENT = 'SHOW MEASUREMENTS LIMIT 1';

function failureMessage(error: unknown): string {
  if (isFetchError(error)) {
    const data: unknown = error.data;
    const detail =
      typeof data === 'object' && data !== null && 'error' in data && typeof data.error === 'string'
        ? data.error
        : error.statusText;
    return `HTTP ${error.status}${detail ? `: ${detail}` : ''}`;
  }
  return error instanceof Error ? error.message : 'request failed';
}

/**
 * Frontend-only datasource over the IT and the OT InfluxDB 1.x stores. Every request goes to Grafana's data
 * proxy (`<instance url>/it/...`, `/ot/...`, the routes in plugin.json), which adds the database and the
 * credentials it keeps in secureJsonData, so the browser never sees a store password.
 */
export class ConduitDataSource extends DataSourceApi<ConduitQuery, ConduitDataSourceOptions> {
  private readonly proxyUrl: string;
  private readonly options: ConduitDataSourceOptions;

  constructor(instanceSettings: DataSourceInstanceSettings<ConduitDataSourceOptions>) {
    super(instanceSettings);
    this.proxyUrl = instanceSettings.url ?? '';
    this.options = instanceSettings.jsonData;
    // Lets dashboards use this datasource's queries as annotation queries.
    this.annotations = {};
  }

  override getDefaultQuery(): Partial<ConduitQuery> {
    return DEFAULT_QUERY;
  }

  override filterQuery(query: ConduitQuery): boolean {
    return !query.hide && (query.rawQuery ?? '').trim() !== '';
  }

  async query(request: DataQueryRequest<ConduitQuery>): Promise<DataQueryResponse> {
    const targets = request.targets.filter((target) => this.filterQuery(target));
    const answers = await Promise.all(
      targets.map(async (target) => ({
        refId: target.refId,
        ...(await this.run(
          target.store ?? DEFAULT_QUERY.store,
          getTemplateSrv().replace(target.rawQuery, request.scopedVars),
          target.refId
        )),
      }))
    );
    const errors: DataQueryError[] = answers.flatMap(({ refId, error }) => (error ? [{ refId, message: error }] : []));
    return { data: answers.flatMap((answer) => answer.frames), errors: errors.length > 0 ? errors : undefined };
  }

  async testDatasource(): Promise<TestDataSourceResponse> {
    const configured = STORE_KINDS.filter((store) => Boolean(this.storeUrl(store)));
    if (configured.length === 0) {
      return { status: 'error', message: 'Neither store has a URL: set the IT store, the OT store or both.' };
    }
    const checks = await Promise.all(
      configured.map(async (store) => {
        const { error } = await this.run(store, HEALTH_STATEMENT, 'health');
        return { ok: !error, message: `${STORE_NAMES[store]}: ${error ?? 'connected'}.` };
      })
    );
    return {
      status: checks.every((check) => check.ok) ? 'success' : 'error',
      message: checks.map((check) => check.message).join(' '),
    };
  }

  private storeUrl(store: StoreKind): string | undefined {
    return store === 'it' ? this.options.itUrl : this.options.otUrl;
  }

  private async run(store: StoreKind, statement: string, refId: string): Promise<InfluxFrames> {
    try {
      const response = await lastValueFrom(
        getBackendSrv().fetch<unknown>({
          url: `${this.proxyUrl}/${store}/query`,
          method: 'GET',
          params: { q: statement, epoch: 'ms' },
        })
      );
      return influxFrames(response.data, refId);
    } catch (error) {
      return { frames: [], error: failureMessage(error) };
    }
  }
}
