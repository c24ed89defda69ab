import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import type { PluginPageProps } from '@grafana/runtime';
import { useStyles2 } from '@grafana/ui';
import { createContext, useContext } from 'react';

/** The title of the app page being shown, which Grafana takes from the app's nav (plugin.json includes). */
export const AppPageTitle = createContext<string>('');

/** Grafana's PluginPage in brief: the page heading (pageNav or the app page's title), actions, the page body. */
export function HostPluginPage({ pageNav, renderTitle, subTitle, actions, children }: PluginPageProps) {
  const styles = useStyles2(getStyles);
  const appPageTitle = useContext(AppPageTitle);
  const title = pageNav?.text ?? appPageTitle;
  return (
    <div className={styles.page} data-testid="host-plugin-page">
      <header className={styles.header}>
        <div className={styles.titles}>
          {renderTitle ? renderTitle(title) : <h1 className={styles.title}>{title}</h1>}
          {subTitle && <div className={styles.subTitle}>{subTitle}</div>}
        </div>
        {actions}
      </header>
      {children}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(2, 3), flexGrow: 1, minWidth: 0 }),
  header: css({ display: 'flex', alignItems: 'flex-start', gap: theme.spacing(2), marginBottom: theme.spacing(2) }),
  titles: css({ flexGrow: 1 }),
  title: css({ margin: 0, fontSize: theme.typography.h2.fontSize }),
  subTitle: css({ color: theme.colors.text.secondary, marginTop: theme.spacing(1) }),
});
