import { css } from '@emotion/css';
import { selectors } from '@grafana/e2e-selectors';
import {
  DataSourcePluginContextProvider,
  type DataSourceInstanceSettings,
  type DataSourceSettings,
  type GrafanaTheme2,
  type TestDataSourceResponse,
} from '@grafana/data';
import { config, getBackendSrv, getDataSourceSrv, isFetchError } from '@grafana/runtime';
import { Alert, Button, Field, Input, useStyles2 } from '@grafana/ui';
import { type ComponentType, useEffect, useState } from 'react';
import { useParams } from 'react-router-dom-v5-compat';

import { reportHostError } from '../hostErrors';
import { HostErrorBoundary } from '../HostErrorBoundary';
import { LoadError } from '../LoadError';
import { importDataSourcePlugin } from '../pluginLoader';

interface EditorProps {
  options: DataSourceSettings;
  onOptionsChange: (options: DataSourceSettings) => void;
}

interface Testing {
  status: 'success' | 'error' | 'warning' | 'info';
  message: string;
  details?: string;
}

/** The uid to edit: /connections/datasources/edit/:uid, or /plugins/:id/config?uid=, else the first of the type. */
function useDataSourceUid(): string | undefined {
  const { uid, pluginId } = useParams();
  const query = new URLSearchParams(window.location.search);
  if (uid) {
    return uid;
  }
  const fromQuery = query.get('uid');
  if (fromQuery) {
    return fromQuery;
  }
  return Object.values(config.datasources).find((settings) => settings.type === pluginId)?.uid;
}

// Grafana's parseHealthCheckError: the thrown error's message, its response's message, or the HTTP status.
function healthCheckFailure(error: unknown): Testing {
  if (isFetchError(error)) {
    const data: unknown = error.data;
    const message =
      typeof data === 'object' && data !== null && 'message' in data && typeof data.message === 'string'
        ? data.message
        : `HTTP error ${error.statusText ?? error.status}`;
    return { status: 'error', message };
  }
  return { status: 'error', message: error instanceof Error ? error.message : 'Unknown error' };
}

/**
 * A datasource's settings page as Grafana builds it (public/app/features/datasources): name, the plugin's
 * ConfigEditor, then "Save & test", which PUTs the settings to /api/datasources/uid/:uid, reloads the
 * datasource service and calls the plugin's `testDatasource()`, showing its status and message.
 */
export function DataSourceConfigPage() {
  const uid = useDataSourceUid();
  const styles = useStyles2(getStyles);
  const [options, setOptions] = useState<DataSourceSettings>();
  const [Editor, setEditor] = useState<{ component: ComponentType<EditorProps> }>();
  const [instance, setInstance] = useState<DataSourceInstanceSettings>();
  const [error, setError] = useState<string>();
  const [testing, setTesting] = useState<Testing | 'running'>();

  useEffect(() => {
    if (!uid) {
      return;
    }
    getBackendSrv()
      .get<DataSourceSettings>(`/api/datasources/uid/${encodeURIComponent(uid)}`)
      .then(async (settings) => {
        const found = getDataSourceSrv().getInstanceSettings(uid);
        if (!found) {
          throw new Error(`no datasource with uid ${uid} in the frontend settings`);
        }
        const plugin = await importDataSourcePlugin(found.meta);
        if (!plugin.components.ConfigEditor) {
          throw new Error(`${found.type} has no ConfigEditor`);
        }
        setInstance(found);
        setEditor({ component: plugin.components.ConfigEditor as ComponentType<EditorProps> });
        setOptions(settings);
      })
      .catch((failure: unknown) => setError(reportHostError(`Datasource ${uid} settings failed to load`, failure)));
  }, [uid]);

  const saveAndTest = async () => {
    if (!options || !uid) {
      return;
    }
    setTesting('running');
    try {
      const saved = await getBackendSrv().put<{ datasource: DataSourceSettings }>(
        `/api/datasources/uid/${encodeURIComponent(uid)}`,
        options,
        { showSuccessAlert: false }
      );
      setOptions(saved.datasource);
      await getDataSourceSrv().reload();
      const dataSource = await getDataSourceSrv().get(uid);
      const result: TestDataSourceResponse = await dataSource.testDatasource();
      const details =
        typeof result.details === 'object' && result.details !== null && 'message' in result.details
          ? String(result.details.message)
          : undefined;
      setTesting({ status: result.status === 'error' ? 'error' : 'success', message: result.message, details });
    } catch (failure) {
      setTesting(healthCheckFailure(failure));
    }
  };

  if (!uid) {
    return <LoadError title="Datasource settings" message="No datasource of this type is provisioned" />;
  }
  if (error) {
    return <LoadError title="Datasource settings" message={error} />;
  }
  if (!options || !Editor || !instance) {
    return null;
  }
  const ConfigEditor = Editor.component;
  const meta = instance.meta;
  return (
    <div className={styles.page} data-testid="host-datasource-settings">
      <h1 className={styles.title}>{options.name}</h1>
      <p className={styles.type}>Type: {meta.name}</p>
      <Field label="Name">
        <Input
          id="basic-settings-name"
          width={40}
          value={options.name}
          onChange={(event) => setOptions({ ...options, name: event.currentTarget.value })}
        />
      </Field>
      <HostErrorBoundary context={`ConfigEditor of ${meta.id}`}>
        <DataSourcePluginContextProvider instanceSettings={instance}>
          <ConfigEditor options={options} onOptionsChange={setOptions} />
        </DataSourcePluginContextProvider>
      </HostErrorBoundary>
      {testing && testing !== 'running' && (
        <div className={styles.result} data-testid="host-test-result">
          <Alert severity={testing.status} title={testing.message} aria-label={selectors.pages.DataSource.alert}>
            {testing.details}
          </Alert>
        </div>
      )}
      <div className={styles.buttons}>
        <Button
          type="submit"
          disabled={testing === 'running'}
          onClick={saveAndTest}
          data-testid={selectors.pages.DataSource.saveAndTest}
        >
          {testing === 'running' ? 'Testing...' : 'Save & test'}
        </Button>
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(2, 3), maxWidth: 900 }),
  title: css({ margin: 0 }),
  type: css({ color: theme.colors.text.secondary }),
  result: css({ marginTop: theme.spacing(2) }),
  buttons: css({ marginTop: theme.spacing(2), display: 'flex', gap: theme.spacing(1) }),
});
