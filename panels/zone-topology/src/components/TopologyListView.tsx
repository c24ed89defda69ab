import type { ZoneTopologyLayout } from '@conduit/core';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { selectors } from '../selectors';
import type { TopologyEntity } from '../types';

interface Props {
  layout: ZoneTopologyLayout;
  byId: ReadonlyMap<string, TopologyEntity>;
  width: number;
  height: number;
  onSelect: (id: string) => void;
  onToggle: (zoneId: string) => void;
}

/** Edges listed at most; violations come first, so the ones that matter are always in. */
const MAX_EDGES = 500;
const RANK = { violation: 0, internet: 1, unknown: 2, allowed: 3 } as const;

/**
 * The map as lists, for screen readers and keyboards: zones by band with their assets, then conduits and traffic.
 * Every name is React text, never markup.
 */
export function TopologyListView({ layout, byId, width, height, onSelect, onToggle }: Props) {
  const styles = useStyles2(getStyles);
  const title = (id: string) => byId.get(id)?.title ?? id;
  const edges = [...layout.edges].sort(
    (a, b) =>
      (a.kind === 'conduit' ? -1 : RANK[a.verdict ?? 'unknown']) -
        (b.kind === 'conduit' ? -1 : RANK[b.verdict ?? 'unknown']) || b.volume - a.volume
  );
  return (
    <section className={styles.list} style={{ width, height }} aria-label={selectors.listView}>
      {layout.bands.map((band, bandIndex) => (
        <section key={band.key} aria-label={band.label}>
          <h3 className={styles.heading}>{band.label}</h3>
          <ul>
            {layout.zones
              .filter((zone) => zone.band === bandIndex)
              .map((zone) => {
                const entity = byId.get(zone.id);
                const assets = layout.assets.slice(zone.firstAsset, zone.firstAsset + zone.assetCount);
                return (
                  <li key={zone.id}>
                    <button type="button" className={styles.link} onClick={() => onSelect(zone.id)}>
                      {zone.title}
                    </button>{' '}
                    <span className={styles.muted}>
                      {zone.safety ? 'safety zone, ' : ''}
                      {zone.assetCount} assets
                      {entity?.findingCount ? `, ${entity.findingCount} findings` : ''}
                      {entity?.slAchieved !== undefined &&
                      entity.slTarget !== undefined &&
                      entity.slAchieved < entity.slTarget
                        ? `, SL-A ${entity.slAchieved} below SL-T ${entity.slTarget}`
                        : ''}
                    </span>{' '}
                    {zone.assetCount > 0 && (
                      <button
                        type="button"
                        className={styles.link}
                        aria-expanded={!zone.collapsed}
                        onClick={() => onToggle(zone.id)}
                      >
                        {zone.collapsed ? 'Expand' : 'Collapse'}
                      </button>
                    )}
                    {!zone.collapsed && assets.length > 0 && (
                      <ul>
                        {assets.map((asset) => {
                          const assetEntity = byId.get(asset.id);
                          return (
                            <li key={asset.id}>
                              <button type="button" className={styles.link} onClick={() => onSelect(asset.id)}>
                                {asset.title}
                              </button>
                              {assetEntity?.findingCount ? (
                                <span className={styles.muted}> {assetEntity.findingCount} findings</span>
                              ) : null}
                            </li>
                          );
                        })}
                      </ul>
                    )}
                  </li>
                );
              })}
          </ul>
        </section>
      ))}
      <section aria-label="Conduits and traffic">
        <h3 className={styles.heading}>Conduits and traffic</h3>
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Volume</th>
            </tr>
          </thead>
          <tbody>
            {edges.slice(0, MAX_EDGES).map((edge) => (
              <tr key={edge.id} data-verdict={edge.verdict ?? 'conduit'}>
                <td>{edge.kind === 'conduit' ? `conduit (${edge.twoWay ? 'two-way' : 'one-way'})` : edge.verdict}</td>
                <td>{title(edge.source)}</td>
                <td>{title(edge.target)}</td>
                <td>{edge.kind === 'conduit' ? '' : edge.volume.toLocaleString('en')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {edges.length > MAX_EDGES && (
          <p className={styles.muted}>
            {edges.length - MAX_EDGES} more edges, mostly allowed traffic, are on the map only.
          </p>
        )}
      </section>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    overflow: 'auto',
    padding: theme.spacing(1),
    fontSize: theme.typography.bodySmall.fontSize,
    ul: { paddingLeft: theme.spacing(2) },
  }),
  heading: css({ fontSize: theme.typography.h6.fontSize, margin: theme.spacing(1, 0, 0.5) }),
  muted: css({ color: theme.colors.text.secondary }),
  link: css({
    background: 'none',
    border: 'none',
    padding: 0,
    color: theme.colors.text.link,
    cursor: 'pointer',
    textAlign: 'left',
    wordBreak: 'break-all',
  }),
  table: css({ 'th, td': { textAlign: 'left', paddingRight: theme.spacing(2), wordBreak: 'break-all' } }),
});
