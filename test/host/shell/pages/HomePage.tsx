import { config, getBackendSrv } from '@grafana/runtime';
import { useEffect, useState } from 'react';

interface SearchHit {
  uid: string;
  title: string;
  url: string;
}

/** The host's start page: what there is to open. */
export function HomePage() {
  const [dashboards, setDashboards] = useState<SearchHit[]>([]);
  useEffect(() => {
    getBackendSrv()
      .get<SearchHit[]>('/api/search', { type: 'dash-db' })
      .then(setDashboards, () => setDashboards([]));
  }, []);
  return (
    <div style={{ padding: 24 }} data-testid="host-home">
      <h1>Conduit test host</h1>
      <h3>Dashboards</h3>
      <ul>
        {dashboards.map((dashboard) => (
          <li key={dashboard.uid}>
            <a href={dashboard.url}>{dashboard.title}</a>
          </li>
        ))}
      </ul>
      <h3>Apps</h3>
      <ul>
        {Object.values(config.apps).map((app) => (
          <li key={app.id}>
            <a href={`/a/${app.id}`}>{app.id}</a>
          </li>
        ))}
      </ul>
      <h3>Datasources</h3>
      <ul>
        {Object.values(config.datasources)
          .filter((settings) => settings.meta.module)
          .map((settings) => (
            <li key={settings.uid}>
              <a href={`/connections/datasources/edit/${settings.uid}`}>{settings.name}</a>
            </li>
          ))}
      </ul>
    </div>
  );
}
