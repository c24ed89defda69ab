import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { config, locationService } from '@grafana/runtime';
import { GlobalStyles, ThemeContext, useStyles2 } from '@grafana/ui';
import { Router } from 'react-router-dom';
import { CompatRouter, Route, Routes } from 'react-router-dom-v5-compat';

import { hostPageConfig } from './hostPageConfig';
import { Notifications } from './Notifications';
import { AppConfigPage } from './pages/AppConfigPage';
import { AppPage } from './pages/AppPage';
import { DashboardPage } from './pages/DashboardPage';
import { DataSourceConfigPage } from './pages/DataSourceConfigPage';
import { HomePage } from './pages/HomePage';
import { PanelPage } from './pages/PanelPage';

/** A thin top bar saying what this page stands in for: Grafana version, React version, user role, theme. */
function HostBar({ react }: { react: string }) {
  const styles = useStyles2(getStyles);
  const user = config.bootData.user;
  return (
    <div className={styles.bar} data-testid="host-bar">
      <a href="/" className={styles.home}>
        Conduit test host
      </a>
      <span>
        {hostPageConfig().flavour}: Grafana {config.buildInfo.version}, React {react}
      </span>
      <span>
        {user.login} ({user.orgRole})
      </span>
      <span>{config.theme2.isDark ? 'dark' : 'light'}</span>
    </div>
  );
}

/**
 * The page shell: theme and global styles as Grafana's AppWrapper sets them, Grafana's v5 router with the
 * v6 compat layer (so plugins' react-router v6 routes nest in it), and the page routes the host serves.
 */
export function HostApp({ react }: { react: string }) {
  return (
    <ThemeContext.Provider value={config.theme2}>
      <GlobalStyles />
      <Router history={locationService.getHistory()}>
        <CompatRouter>
          <HostBar react={react} />
          <Notifications />
          <Routes>
            <Route path="/" element={<HomePage />} />
            <Route path="/d/:uid/*" element={<DashboardPage />} />
            <Route path="/a/:pluginId/*" element={<AppPage />} />
            <Route path="/plugins/:pluginId/config" element={<DataSourceConfigPage />} />
            <Route path="/plugins/:pluginId" element={<AppConfigPage />} />
            <Route path="/connections/datasources/edit/:uid" element={<DataSourceConfigPage />} />
            <Route path="/panel/:id" element={<PanelPage />} />
            <Route path="*" element={<div style={{ padding: 24 }}>Page not found</div>} />
          </Routes>
        </CompatRouter>
      </Router>
    </ThemeContext.Provider>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  bar: css({
    display: 'flex',
    gap: theme.spacing(3),
    alignItems: 'center',
    height: 40,
    padding: theme.spacing(0, 2),
    background: theme.colors.background.primary,
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  home: css({ color: theme.colors.text.primary, fontWeight: theme.typography.fontWeightMedium }),
});
