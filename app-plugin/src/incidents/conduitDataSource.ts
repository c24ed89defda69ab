import type { DataSourceInstanceSettings } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';

import type { AppSettings } from '../types';

/** The Conduit datasource's plugin id. */
export const CONDUIT_DATASOURCE_TYPE = 'conduit-telemetry-datasource';

/** The Conduit datasource the app works with: the one its settings name, else the default one, else the first. */
export function conduitDataSource(settings: AppSettings): DataSourceInstanceSettings | undefined {
  const dataSources = getDataSourceSrv().getList({ type: CONDUIT_DATASOURCE_TYPE });
  return (
    dataSources.find((candidate) => candidate.uid === settings.datasourceUid) ??
    dataSources.find((candidate) => candidate.isDefault) ??
    dataSources[0]
  );
}

/** The datasource's settings page, where its zone model is changed. */
export function dataSourceSettingsUrl(dataSource: DataSourceInstanceSettings): string {
  return `/connections/datasources/edit/${encodeURIComponent(dataSource.uid)}`;
}

/** The zone model text the datasource's settings hold; empty when it has none. */
export function zoneModelText(dataSource: DataSourceInstanceSettings): string {
  return String((dataSource.jsonData as { zoneModel?: unknown }).zoneModel ?? '');
}
