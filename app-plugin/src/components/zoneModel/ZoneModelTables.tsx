import type { ConduitService, ZoneModel } from '@conduit/core';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

function service(entry: ConduitService): string {
  const parts = [entry.port === undefined ? entry.protocol : `${entry.protocol}/${entry.port}`];
  if (entry.operations !== undefined) {
    parts.push(entry.operations.join(', '));
  }
  if (entry.functionCodes !== undefined) {
    parts.push(`FC ${entry.functionCodes.join(', ')}`);
  }
  if (entry.sourceRoles !== undefined) {
    parts.push(`from ${entry.sourceRoles.join(', ')}`);
  }
  return parts.join(' · ');
}

/** The zones by Purdue level from the top, the conduits with their services, and the assets the model names. */
export function ZoneModelTables({ model }: { model: ZoneModel }) {
  const styles = useStyles2(getStyles);
  const zones = [...model.zones].sort((a, b) => b.purdueLevel - a.purdueLevel || a.name.localeCompare(b.name));
  const zoneName = new Map(model.zones.map((zone) => [zone.id, zone.name]));
  return (
    <>
      <section aria-label="Zones">
        <h3>Zones</h3>
        <table className={styles.table}>
          <thead>
            <tr>
              <th>Level</th>
              <th>Zone</th>
              <th>SL-T</th>
              <th>SL-A</th>
              <th>Address ranges</th>
              <th>Owner</th>
            </tr>
          </thead>
          <tbody>
            {zones.map((zone) => (
              <tr key={zone.id}>
                <td>{`L${zone.purdueLevel}`}</td>
                <td>
                  {zone.name}
                  <span className={styles.muted}>{` ${zone.id}${zone.safety ? ' · safety' : ''}`}</span>
                </td>
                <td>{zone.slTarget}</td>
                <td className={zone.slAchieved !== undefined && zone.slAchieved < zone.slTarget ? styles.short : ''}>
                  {zone.slAchieved ?? 'not assessed'}
                </td>
                <td className={styles.mono}>{zone.cidrs.join(', ')}</td>
                <td>{zone.owner ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-label="Conduits">
        <h3>Conduits</h3>
        <table className={styles.table}>
          <thead>
            <tr>
              <th>From</th>
              <th>To</th>
              <th>Direction</th>
              <th>Control</th>
              <th>Allowed services</th>
            </tr>
          </thead>
          <tbody>
            {model.conduits.map((conduit) => (
              <tr key={conduit.id}>
                <td>{zoneName.get(conduit.from) ?? conduit.from}</td>
                <td>{zoneName.get(conduit.to) ?? conduit.to}</td>
                <td>{conduit.direction}</td>
                <td>{conduit.controlType}</td>
                <td>{conduit.services.length === 0 ? 'any' : conduit.services.map(service).join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-label="Assets">
        <h3>Assets</h3>
        <table className={styles.table}>
          <thead>
            <tr>
              <th>Asset</th>
              <th>Address</th>
              <th>Zone</th>
              <th>Role</th>
              <th>Criticality</th>
            </tr>
          </thead>
          <tbody>
            {model.assets.map((asset) => (
              <tr key={asset.name}>
                <td>{asset.name}</td>
                <td className={styles.mono}>{asset.address ?? ''}</td>
                <td>{asset.zone === undefined ? 'by address' : (zoneName.get(asset.zone) ?? asset.zone)}</td>
                <td>{asset.role ?? ''}</td>
                <td>{asset.criticality ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    fontSize: theme.typography.bodySmall.fontSize,
    'th, td': {
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
      verticalAlign: 'top',
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  muted: css({ color: theme.colors.text.secondary }),
  mono: css({ fontFamily: theme.typography.fontFamilyMonospace }),
  short: css({ color: theme.colors.warning.text }),
});
