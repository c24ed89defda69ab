import { DataSourceApi, type DataSourceInstanceSettings, type DataSourceRef, type ScopedVars } from '@grafana/data';
import type {
  BackendSrv,
  DataSourceSrv,
  GetDataSourceListFilters,
  RuntimeDataSourceRegistration,
  TemplateSrv,
} from '@grafana/runtime';

import { importDataSourcePlugin } from './pluginLoader';

type Ref = DataSourceRef | string | null | undefined;

/**
 * Grafana's DatasourceSrv (public/app/features/plugins/datasource_srv.ts) over the instance settings the
 * server puts into the frontend settings: look-up by uid, name or `{ uid }` ref (template variables in it
 * replaced), the default datasource for an empty ref, one plugin instance per datasource, `reload()` that
 * refetches /api/frontend/settings after a datasource was saved.
 */
export class HostDataSourceSrv implements DataSourceSrv {
  private byUid = new Map<string, DataSourceInstanceSettings>();
  private byName = new Map<string, DataSourceInstanceSettings>();
  private instances = new Map<string, Promise<DataSourceApi>>();
  private runtime = new Map<string, DataSourceApi>();
  private defaultName: string | undefined;

  constructor(
    settings: Record<string, DataSourceInstanceSettings>,
    defaultName: string | undefined,
    private readonly backendSrv: BackendSrv,
    private readonly templateSrv: TemplateSrv
  ) {
    this.init(settings, defaultName);
  }

  private init(settings: Record<string, DataSourceInstanceSettings>, defaultName: string | undefined): void {
    this.byUid.clear();
    this.byName.clear();
    for (const [name, instance] of Object.entries(settings)) {
      this.byUid.set(instance.uid, instance);
      this.byName.set(name, instance);
    }
    this.defaultName = defaultName;
  }

  getInstanceSettings(ref?: Ref, scopedVars?: ScopedVars): DataSourceInstanceSettings | undefined {
    const key = typeof ref === 'string' ? ref : ref?.uid;
    if (key === undefined || key === null || key === '' || key === 'default') {
      return this.defaultName === undefined ? undefined : this.byName.get(this.defaultName);
    }
    const resolved = this.templateSrv.replace(key, scopedVars);
    return this.byUid.get(resolved) ?? this.byName.get(resolved);
  }

  get(ref?: Ref, scopedVars?: ScopedVars): Promise<DataSourceApi> {
    const key = typeof ref === 'string' ? ref : ref?.uid;
    const runtime = key ? this.runtime.get(key) : undefined;
    if (runtime) {
      return Promise.resolve(runtime);
    }
    const settings = this.getInstanceSettings(ref, scopedVars);
    if (!settings) {
      const name = typeof ref === 'string' ? ref : (ref?.uid ?? 'default');
      return Promise.reject(new Error(`Datasource ${name} was not found`));
    }
    let instance = this.instances.get(settings.uid);
    if (!instance) {
      instance = importDataSourcePlugin(settings.meta).then((plugin) => {
        const api = new plugin.DataSourceClass(settings);
        api.components = plugin.components;
        if (!(api instanceof DataSourceApi)) {
          throw new Error(`${settings.type}: the DataSourceClass does not extend the shared DataSourceApi`);
        }
        return api;
      });
      this.instances.set(settings.uid, instance);
      instance.catch(() => this.instances.delete(settings.uid));
    }
    return instance;
  }

  getList(filters: GetDataSourceListFilters = {}): DataSourceInstanceSettings[] {
    const types = filters.type === undefined ? undefined : [filters.type].flat();
    return [...this.byUid.values()]
      .filter((settings) => {
        const meta = settings.meta;
        return (
          (!filters.metrics || meta.metrics) &&
          (!filters.annotations || meta.annotations) &&
          (!filters.alerting || meta.alerting) &&
          (!filters.logs || meta.logs) &&
          (!filters.tracing || meta.tracing) &&
          (filters.pluginId === undefined || meta.id === filters.pluginId) &&
          (types === undefined || types.includes(settings.type)) &&
          (filters.filter === undefined || filters.filter(settings))
        );
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Refetches the frontend settings, as Grafana does after a datasource is saved; instances start afresh. */
  async reload(): Promise<void> {
    const settings = await this.backendSrv.get<{
      datasources: Record<string, DataSourceInstanceSettings>;
      defaultDatasource?: string;
    }>('/api/frontend/settings');
    this.instances.clear();
    this.init(settings.datasources, settings.defaultDatasource);
  }

  registerRuntimeDataSource({ dataSource }: RuntimeDataSourceRegistration): void {
    this.runtime.set(dataSource.uid, dataSource);
  }
}
