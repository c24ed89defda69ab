import { type GrafanaRuleTarget, type InfluxResponse, parseInfluxResponse, type RuleQuery } from '@conduit/core';
import { getBackendSrv, getDataSourceSrv, isFetchError } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';

import { errorMessage } from './grafanaClient';
import type { QueryRunner } from './rulePreview';

/**
 * Runs a rule's InfluxQL on the Grafana InfluxDB datasource the rule itself queries, through Grafana's data proxy
 * (`/api/datasources/proxy/uid/<uid>/query`, InfluxDB 1.x's /query with `db`, `q` and `epoch=ms`): the same store
 * and credentials Grafana's alerting uses, and no store password in the browser.
 */
export function influxProxyRunner(target: GrafanaRuleTarget): QueryRunner {
  return async (query: RuleQuery, influxql: string): Promise<InfluxResponse> => {
    const uid = target.dataSourceUids[query.store];
    const settings = getDataSourceSrv().getInstanceSettings(uid);
    if (settings === undefined) {
      throw new Error(`Grafana has no datasource with uid ${uid}; the rules query it, so provision it first.`);
    }
    const db = (settings.jsonData as { dbName?: string }).dbName ?? settings.database ?? '';
    try {
      const response = await lastValueFrom(
        getBackendSrv().fetch<string>({
          method: 'GET',
          url: `/api/datasources/proxy/uid/${encodeURIComponent(uid)}/query`,
          params: { db, q: influxql, epoch: 'ms' },
          responseType: 'text',
          showErrorAlert: false,
        })
      );
      return parseInfluxResponse(response.data, { epoch: 'ms' });
    } catch (failure) {
      if (!isFetchError(failure)) {
        throw failure;
      }
      // InfluxDB answers a query it refuses with 400 and `{"error": ...}`; Grafana's own refusals carry `message`.
      const text = typeof failure.data === 'string' ? failure.data : JSON.stringify(failure.data ?? '');
      let data: unknown = text;
      try {
        data = JSON.parse(text);
      } catch {
        // Not JSON: the text itself is the message.
      }
      throw new Error(errorMessage(data, `${failure.status} ${failure.statusText ?? ''}`.trim()));
    }
  };
}
