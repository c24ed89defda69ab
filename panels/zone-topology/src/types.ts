export interface ZoneTopologyOptions {
  /** Draw the conduits (edges) between zones and assets. */
  showConduits: boolean;
  /** The widest a node box gets, in pixels; boxes narrow and wrap when a Purdue level has many zones. */
  nodeWidth: number;
}

export interface TopologyNode {
  id: string;
  title: string;
  /** Purdue level (0 to 5; 3.5 for the industrial DMZ) when the query supplies one. */
  level?: number;
  /** A safety (SIS) zone, drawn at the end of its level's band. */
  safety?: boolean;
  /** The node id of the zone containing an asset; the asset is drawn in that zone's band. */
  parent?: string;
}

export interface TopologyEdge {
  id: string;
  source: string;
  target: string;
  /** Line colour from the frame (Node Graph's `color` field: conduits blue, traffic by verdict). */
  color?: string;
  /** SVG dash pattern from the frame (`strokedasharray`): conduits are dashed, observed traffic is not. */
  dash?: string;
}

export interface Topology {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}
