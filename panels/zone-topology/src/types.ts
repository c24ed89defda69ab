export interface ZoneTopologyOptions {
  /** Draw the conduits (edges) between zones and assets. */
  showConduits: boolean;
  /** Width of one node box, in pixels. */
  nodeWidth: number;
}

export interface TopologyNode {
  id: string;
  title: string;
  /** Purdue level (0 to 5; 3.5 for the industrial DMZ) when the query supplies one. */
  level?: number;
}

export interface TopologyEdge {
  id: string;
  source: string;
  target: string;
}

export interface Topology {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}
