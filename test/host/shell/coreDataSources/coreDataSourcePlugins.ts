import { influxDataSourcePlugin } from './InfluxDataSource';

/**
 * Grafana's core datasources the host runs itself, by plugin id, for dashboards that query them directly (the
 * alert rules' InfluxDB datasources); other core types stay names in the provisioning only.
 */
const CORE_DATA_SOURCES: Readonly<Record<string, object>> = {
  influxdb: influxDataSourcePlugin,
};

/** A core datasource's plugin, as a module's `plugin` export would be: the loader checks what it is. */
export function coreDataSourcePlugin(id: string): object | undefined {
  return Object.prototype.hasOwnProperty.call(CORE_DATA_SOURCES, id) ? CORE_DATA_SOURCES[id] : undefined;
}
