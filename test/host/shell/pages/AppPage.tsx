import { css, cx } from '@emotion/css';
import {
  type AppPlugin,
  type AppPluginMeta,
  type GrafanaTheme2,
  type NavModel,
  PluginContextProvider,
  PluginIncludeType,
} from '@grafana/data';
import { getBackendSrv, locationSearchToObject } from '@grafana/runtime';
import { useStyles2 } from '@grafana/ui';
import { useEffect, useState } from 'react';
import { useLocation, useParams } from 'react-router-dom-v5-compat';

import { reportHostError } from '../hostErrors';
import { HostErrorBoundary } from '../HostErrorBoundary';
import { AppPageTitle } from '../HostPluginPage';
import { LoadError } from '../LoadError';
import { importAppPlugin } from '../pluginLoader';

/**
 * An app at /a/:pluginId/*, as Grafana's AppRootPage renders it: settings from /api/plugins/:id/settings, the
 * module loaded and `init(meta)`-ed, the root component under the router with `basename`, `query`, `path`
 * and `onNavChanged`. The app's pages from plugin.json (`addToNav`) form the section nav beside it.
 */
export function AppPage() {
  const { pluginId = '' } = useParams();
  const location = useLocation();
  const styles = useStyles2(getStyles);
  const [app, setApp] = useState<{ plugin: AppPlugin; meta: AppPluginMeta }>();
  const [error, setError] = useState<string>();
  const [nav, setNav] = useState<NavModel>();
  const [pageTitle, setPageTitle] = useState('');

  useEffect(() => {
    if (pageTitle !== '') {
      document.title = `${pageTitle} - Grafana`;
    }
  }, [pageTitle]);

  useEffect(() => {
    getBackendSrv()
      .get<AppPluginMeta>(`/api/plugins/${encodeURIComponent(pluginId)}/settings`)
      .then(async (meta) => {
        if (!meta.enabled) {
          throw new Error(`the app ${pluginId} is not enabled`);
        }
        setApp({ plugin: await importAppPlugin(meta), meta });
      })
      .catch((failure: unknown) => setError(reportHostError(`App ${pluginId} failed to load`, failure)));
  }, [pluginId]);

  if (error) {
    return <LoadError title={`App ${pluginId} failed to load`} message={error} />;
  }
  if (!app) {
    return null;
  }
  const Root = app.plugin.root;
  if (!Root) {
    return <LoadError title={`App ${pluginId}`} message="the app has no root page" />;
  }
  const pages = (app.meta.includes ?? []).filter(
    (include) => include.type === PluginIncludeType.page && include.addToNav
  );
  // The app's root shows its default page (the include marked defaultNav), as Grafana's nav does.
  const current =
    pages.find((page) => page.path && location.pathname.startsWith(page.path)) ??
    pages.find((page) => page.path === app.meta.defaultNavUrl);
  const title = nav?.node.text ?? current?.name ?? app.meta.name;
  return (
    <div className={styles.layout}>
      <nav className={styles.nav} data-testid="host-app-nav" aria-label={`${app.meta.name} pages`}>
        <div className={styles.appName}>{app.meta.name}</div>
        {pages.map((page) => (
          <a
            key={page.path}
            href={page.path}
            className={cx(styles.link, page === current && styles.active)}
            aria-current={page === current ? 'page' : undefined}
          >
            {page.name}
          </a>
        ))}
      </nav>
      <PageTitle title={`${title} - ${app.meta.name}`} onTitle={setPageTitle} />
      <AppPageTitle.Provider value={title}>
        <HostErrorBoundary context={`App ${pluginId}`}>
          <PluginContextProvider meta={app.meta}>
            <Root
              meta={app.meta}
              basename={`/a/${pluginId}`}
              onNavChanged={setNav}
              query={locationSearchToObject(location.search)}
              path={location.pathname}
            />
          </PluginContextProvider>
        </HostErrorBoundary>
      </AppPageTitle.Provider>
    </div>
  );
}

/** Reports the page title up, so the document title follows the page shown. */
function PageTitle({ title, onTitle }: { title: string; onTitle: (title: string) => void }) {
  useEffect(() => onTitle(title), [title, onTitle]);
  return null;
}

const getStyles = (theme: GrafanaTheme2) => ({
  layout: css({ display: 'flex', minHeight: '100%' }),
  nav: css({
    width: 220,
    flexShrink: 0,
    padding: theme.spacing(2),
    borderRight: `1px solid ${theme.colors.border.weak}`,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
  }),
  appName: css({ fontWeight: theme.typography.fontWeightMedium, marginBottom: theme.spacing(1) }),
  link: css({
    padding: theme.spacing(0.5, 1),
    borderRadius: theme.shape.radius.default,
    color: theme.colors.text.secondary,
  }),
  active: css({ background: theme.colors.action.selected, color: theme.colors.text.primary }),
});
