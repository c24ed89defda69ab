import { formatProblem, parseZoneModel } from '@conduit/core';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, EmptyState, LinkButton, Stack, useStyles2 } from '@grafana/ui';

import { ZoneModelTables } from '../components/zoneModel/ZoneModelTables';
import { conduitDataSource, dataSourceSettingsUrl, zoneModelText } from '../incidents/conduitDataSource';
import { useAppSettings } from '../incidents/useAppSettings';

/**
 * The IEC 62443 zone and conduit model that topology, risk and detection are checked against, as the Conduit
 * datasource holds it: read only here, with the validator's findings, and a link to the settings that change it.
 */
export function ZoneModel() {
  const styles = useStyles2(getStyles);
  const dataSource = conduitDataSource(useAppSettings());
  if (dataSource === undefined) {
    return (
      <PluginPage>
        <EmptyState variant="call-to-action" message="No Conduit datasource">
          The zone model lives in the settings of a Conduit datasource. Add one under Connections, Data sources, and
          paste the model into its settings.
        </EmptyState>
      </PluginPage>
    );
  }
  const text = zoneModelText(dataSource);
  const edit = (
    <LinkButton href={dataSourceSettingsUrl(dataSource)} icon="pen" variant="secondary">
      {`Change it in ${dataSource.name}`}
    </LinkButton>
  );
  if (text.trim() === '') {
    return (
      <PluginPage>
        <EmptyState variant="call-to-action" message="No zone model loaded" button={edit}>
          {`The datasource ${dataSource.name} has no zone model yet. The zone model partitions the site into IEC 62443 zones (Purdue level, target security level, address ranges) and the conduits between them with their allowed services; live traffic is checked against it.`}
        </EmptyState>
      </PluginPage>
    );
  }
  const parsed = parseZoneModel(text);
  return (
    <PluginPage>
      <Stack direction="column" gap={2}>
        <div className={styles.header}>
          <span>
            {parsed.ok
              ? `${parsed.model.site === undefined ? 'The model' : parsed.model.site} in ${dataSource.name}: ${parsed.model.zones.length} zones, ${parsed.model.conduits.length} conduits, ${parsed.model.assets.length} assets. Read only here.`
              : `The zone model in ${dataSource.name} is not valid.`}
          </span>
          {edit}
        </div>
        {parsed.problems.length > 0 && (
          <Alert
            severity={parsed.ok ? 'warning' : 'error'}
            title={parsed.ok ? 'The validator notes' : 'The validator refuses the model'}
          >
            <ul className={styles.problems}>
              {parsed.problems.map((problem) => (
                <li key={formatProblem(problem)}>{formatProblem(problem)}</li>
              ))}
            </ul>
          </Alert>
        )}
        {parsed.ok && <ZoneModelTables model={parsed.model} />}
      </Stack>
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  header: css({ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: theme.spacing(2) }),
  problems: css({ margin: 0, paddingLeft: theme.spacing(2) }),
});
