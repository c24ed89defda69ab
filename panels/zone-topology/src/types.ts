import type { FlowVerdict, PinnedPosition } from '@conduit/core';
import type { LinkModel } from '@grafana/data';

export interface ZoneTopologyOptions {
  /** Draw the conduits (the declared policy) between zones. */
  showConduits: boolean;
  /** Zones with more assets than this start collapsed; 0 starts every zone collapsed. */
  collapseAbove: number;
  /** The numeric node field whose field config (thresholds, colour scheme) colours zones and assets. */
  colorField: string;
  /** Dashboard variables a click on a zone or an asset sets; empty sets none. */
  zoneVariable: string;
  assetVariable: string;
  /** Where dragging put zones (world position) and assets (place in their zone); saved with the dashboard. */
  pinned: Record<string, PinnedPosition>;
  /** The context menu's "Findings for this asset": a URL with `${zone}` and `${asset}` filled in. */
  findingsUrl: string;
  /** The context menu's "Open incident": the app's incident page, `${zone}` and `${asset}` filled in. */
  incidentUrl: string;
}

/** A zone or an asset as the panel shows and explains it. */
export interface TopologyEntity {
  id: string;
  kind: 'zone' | 'asset';
  title: string;
  /** The zone's id in the zone model (for `$zone`), or the asset's name (for `$asset`). */
  name: string;
  /** An asset's zone name, a zone's own. */
  zoneName?: string;
  level?: number;
  safety: boolean;
  /** The zone node id of an asset. */
  parent?: string;
  ip?: string;
  subtitle?: string;
  mainstat?: string;
  findingCount: number;
  maxSeverity?: string;
  slTarget?: number;
  slAchieved?: number;
  /** From the colour field's display processor: thresholds or colour scheme of the field config. */
  color?: string;
  /** The value the colour stands for, formatted with the field's unit. */
  colorText?: string;
  /** `detail__*` fields: label and text, for the tooltip. */
  details: Array<[string, string]>;
  links: () => LinkModel[];
}

export interface TopologyLink {
  id: string;
  kind: 'conduit' | 'flow';
  source: string;
  target: string;
  verdict?: FlowVerdict;
  twoWay: boolean;
  volume: number;
  /** `mainstat`/`secondarystat` or the reason of the verdict. */
  text?: string;
}

export interface PanelTopology {
  zones: TopologyEntity[];
  assets: TopologyEntity[];
  links: TopologyLink[];
  byId: Map<string, TopologyEntity>;
  /** What the frames lacked or got wrong, named by field; drawn above the map. */
  warnings: string[];
}
