import { css } from '@emotion/css';
import { type AppPlugin, type AppPluginMeta, type GrafanaTheme2, PluginContextProvider } from '@grafana/data';
import { config, getBackendSrv, locationSearchToObject } from '@grafana/runtime';
import { Tab, TabsBar, useStyles2 } from '@grafana/ui';
import { useEffect, useState } from 'react';
import { useLocation, useParams } from 'react-router-dom-v5-compat';

import { reportHostError } from '../hostErrors';
import { HostErrorBoundary } from '../HostErrorBoundary';
import { LoadError } from '../LoadError';
import { importAppPlugin } from '../pluginLoader';

/**
 * An app's page in the plugin catalogue, /plugins/:pluginId, as Grafana's PluginDetailsPage shows it to an admin:
 * the app's config pages (addConfigPage) as tabs, the one named by `?page=` (else the first) rendered with
 * `plugin` and `query`. Grafana shows them only to users who may write plugin settings.
 */
export function AppConfigPage() {
  const { pluginId = '' } = useParams();
  const location = useLocation();
  const styles = useStyles2(getStyles);
  const [app, setApp] = useState<{ plugin: AppPlugin; meta: AppPluginMeta }>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    getBackendSrv()
      .get<AppPluginMeta>(`/api/plugins/${encodeURIComponent(pluginId)}/settings`)
      .then(async (meta) => setApp({ plugin: await importAppPlugin(meta), meta }))
      .catch((failure: unknown) => setError(reportHostError(`Plugin ${pluginId} failed to load`, failure)));
  }, [pluginId]);

  if (error) {
    return <LoadError title={`Plugin ${pluginId} failed to load`} message={error} />;
  }
  if (!app) {
    return null;
  }
  if (config.bootData.user.orgRole !== 'Admin') {
    return <LoadError title="Access denied" message="Only admins see an app's configuration." />;
  }
  const query = locationSearchToObject(location.search);
  const pages = app.plugin.configPages ?? [];
  const current = pages.find((page) => page.id === query.page) ?? pages[0];
  return (
    <div className={styles.page}>
      <h1>{app.meta.name}</h1>
      <TabsBar>
        {pages.map((page) => (
          <Tab
            key={page.id}
            label={page.title}
            icon={page.icon}
            active={page === current}
            href={`/plugins/${encodeURIComponent(pluginId)}?page=${encodeURIComponent(page.id)}`}
          />
        ))}
      </TabsBar>
      <div className={styles.body} data-testid="host-app-config">
        {current === undefined ? (
          <p>The app has no configuration pages.</p>
        ) : (
          <HostErrorBoundary context={`App ${pluginId} configuration`}>
            <PluginContextProvider meta={app.meta}>
              <current.body plugin={app.plugin} query={query} />
            </PluginContextProvider>
          </HostErrorBoundary>
        )}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(3) }),
  body: css({ paddingTop: theme.spacing(2) }),
});
