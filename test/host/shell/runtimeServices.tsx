import { selectors } from '@grafana/e2e-selectors';
import { type DataFrame, EventBusSrv, getDefaultTimeRange, type UrlQueryMap } from '@grafana/data';
import {
  config,
  type EchoBackend,
  type EchoEvent,
  type EchoSrv,
  locationService,
  type PanelDataErrorViewProps,
  type PanelRendererProps,
  setAppEvents,
  setBackendSrv,
  setCurrentUser,
  setDataSourceSrv,
  setEchoSrv,
  setLocationSrv,
  setTemplateSrv,
} from '@grafana/runtime';
import { setPanelDataErrorView } from 'conduit-host-internal:panel-data-error-view';
import { setPanelRenderer } from 'conduit-host-internal:panel-renderer';
import { setPluginPage } from 'conduit-host-internal:plugin-page';

import { HostBackendSrv } from './backendSrv';
import { HostDataSourceSrv } from './dataSourceSrv';
import { HostPluginPage } from './HostPluginPage';
import { initOptionRegistries } from './optionRegistries';
import { PanelView } from './PanelView';
import { HostTemplateSrv } from './templateSrv';

export interface HostServices {
  backendSrv: HostBackendSrv;
  templateSrv: HostTemplateSrv;
  dataSourceSrv: HostDataSourceSrv;
  appEvents: EventBusSrv;
}

let services: HostServices | undefined;

export function hostServices(): HostServices {
  if (!services) {
    throw new Error('the host services are not started');
  }
  return services;
}

/** Keeps what plugins report (Grafana sends it to its analytics backends); tests may read it. */
class HostEchoSrv implements EchoSrv {
  readonly events: Array<Omit<EchoEvent, 'meta'>> = [];
  private backends: EchoBackend[] = [];

  flush(): void {
    this.backends.forEach((backend) => backend.flush());
  }

  addBackend(backend: EchoBackend): void {
    this.backends.push(backend);
  }

  addEvent<T extends EchoEvent>(event: Omit<T, 'meta'>): void {
    this.events.push(event);
  }
}

/** Grafana's core PanelDataErrorView in brief: the panel's message, or "No data". */
function HostPanelDataErrorView({ message, data }: PanelDataErrorViewProps) {
  const empty = data.series.every((frame: DataFrame) => frame.length === 0);
  return (
    <div data-testid={selectors.components.Panels.Panel.PanelDataErrorMessage} style={{ padding: 8 }}>
      {message ?? (empty ? 'No data' : 'Data is missing a number field')}
    </div>
  );
}

/** Runtime's PanelRenderer: a panel of this host with given data, for apps that embed panels. */
function HostPanelRenderer({
  pluginId,
  title,
  data,
  options,
  fieldConfig,
  width,
  height,
  timeZone,
}: PanelRendererProps) {
  const panel = {
    id: 0,
    type: pluginId,
    title,
    options,
    fieldConfig: fieldConfig && { defaults: fieldConfig.defaults ?? {}, overrides: fieldConfig.overrides ?? [] },
  };
  return (
    <PanelView
      panel={panel}
      width={width}
      height={height}
      frames={data?.series ?? []}
      context={{ timeRange: data?.timeRange ?? getDefaultTimeRange(), timeZone: timeZone ?? 'browser' }}
    />
  );
}

/**
 * What Grafana core sets up before it loads any plugin (public/app/app.ts): backend, template, location, echo
 * and datasource services, appEvents, the current user, PluginPage, the panel error view and renderer, and
 * the option and transformation registries.
 */
export function startRuntimeServices(): HostServices {
  const user = config.bootData.user;
  const backendSrv = new HostBackendSrv();
  setBackendSrv(backendSrv);
  const templateSrv = new HostTemplateSrv({ login: user.login, email: user.email, id: user.id, name: user.name });
  setTemplateSrv(templateSrv);
  setLocationSrv({
    update: ({ path, query, partial, replace }) => {
      if (partial && query) {
        locationService.partial(query as UrlQueryMap, replace);
      } else if (path !== undefined) {
        const search = query ? `?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}` : '';
        locationService[replace ? 'replace' : 'push'](`${path}${search}`);
      }
    },
  });
  setEchoSrv(new HostEchoSrv());
  const appEvents = new EventBusSrv();
  setAppEvents(appEvents);
  setCurrentUser(user);
  const dataSourceSrv = new HostDataSourceSrv(config.datasources, config.defaultDatasource, backendSrv, templateSrv);
  setDataSourceSrv(dataSourceSrv);
  setPluginPage(HostPluginPage);
  setPanelDataErrorView(HostPanelDataErrorView);
  setPanelRenderer(HostPanelRenderer);
  initOptionRegistries();
  services = { backendSrv, templateSrv, dataSourceSrv, appEvents };
  return services;
}
