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
