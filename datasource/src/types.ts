import type { StoreKind } from '@conduit/core';
import type { DataSourceJsonData } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';

/** One query: an InfluxQL statement for one of the two stores. Typed query kinds come later. */
export interface ConduitQuery extends DataQuery {
  store: StoreKind;
  rawQuery: string;
}

export const DEFAULT_QUERY: Pick<ConduitQuery, 'store' | 'rawQuery'> = { store: 'ot', rawQuery: '' };

/**
 * Where the stores are. Grafana's data proxy reads these through the routes in plugin.json
 * (`{{ .JsonData.itUrl }}` ...); the browser only ever talks to Grafana.
 */
export interface ConduitDataSourceOptions extends DataSourceJsonData {
  itUrl?: string;
  itDatabase?: string;
  itUser?: string;
  otUrl?: string;
  otDatabase?: string;
  otUser?: string;
}

/** Write-only in the browser: Grafana stores them encrypted and fills them into the proxied requests. */
export interface ConduitSecureJsonData {
  itPassword?: string;
  otPassword?: string;
}
