import { urlUtil } from '@grafana/data';

import type { TopologyEntity } from '../types';

/** `${zone}` and `${asset}` in a URL template, each value URL-encoded. */
export function fillEntityUrl(template: string, zone: string | undefined, asset: string | undefined): string {
  return template
    .replace(/\$\{zone\}/g, encodeURIComponent(zone ?? ''))
    .replace(/\$\{asset\}/g, encodeURIComponent(asset ?? ''));
}

/** The zone name of an entity: its own for a zone, its parent's for an asset. */
export function zoneOf(entity: TopologyEntity, byId: ReadonlyMap<string, TopologyEntity>): string | undefined {
  if (entity.kind === 'zone') {
    return entity.name;
  }
  return entity.zoneName ?? (entity.parent === undefined ? undefined : byId.get(entity.parent)?.name);
}

/**
 * Explore with a findings query of the Conduit datasource for the entity's zone, in Grafana's Explore URL format
 * (`/explore?schemaVersion=1&panes={"<pane>":{datasource, queries, range}}`, Grafana 10 and later).
 */
export function exploreUrl(datasourceUid: string, zone: string | undefined, from: string, to: string): string {
  const panes = {
    topology: {
      datasource: datasourceUid,
      queries: [{ refId: 'A', datasource: { uid: datasourceUid }, queryType: 'findings', zone: zone ?? '' }],
      range: { from, to },
    },
  };
  return urlUtil.renderUrl('/explore', { schemaVersion: 1, panes: JSON.stringify(panes) });
}
