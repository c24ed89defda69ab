/**
 * `topology layout`: the zone topology layout of 5,000 assets in 12 zones with 20,000 flows, every zone expanded (all
 * 5,000 assets placed, flows drawn asset to asset), against d3-force's simulation of the same graph for 300 ticks, the
 * layout Grafana's Node Graph falls back to beyond its layered limit. Ratio is our time over d3-force's (goal: at most
 * 0.01). `topology layout memory`: heap the layout keeps alive.
 */
import { forceCenter, forceLink, forceManyBody, forceSimulation, type SimulationNodeDatum } from 'd3-force';

import { benchRow, type BenchRow, bestOfMs, heapUsedDelta } from '../../../bench/benchRow';
import { syntheticTopology } from './testdata/syntheticTopology';
import { zoneTopologyLayout } from './zoneLayout';

const ZONES = 12;
const ASSETS = 5_000;
const FLOWS = 20_000;

interface ForceNode extends SimulationNodeDatum {
  id: string;
}

function d3ForceLayoutMs(plant: ReturnType<typeof syntheticTopology>): number {
  const nodes: ForceNode[] = [...plant.zones, ...plant.assets].map((node) => ({ id: node.id }));
  const links = [
    ...plant.links.map((link) => ({ source: link.source, target: link.target })),
    // Membership as links, so the simulation groups assets with their zone as the containers do.
    ...plant.assets.map((asset) => ({ source: asset.id, target: asset.zone as string })),
  ];
  const start = process.hrtime.bigint();
  const simulation = forceSimulation(nodes)
    .force(
      'link',
      forceLink<ForceNode, { source: string; target: string }>(links).id((node) => node.id)
    )
    .force('charge', forceManyBody())
    .force('center', forceCenter(0, 0))
    .stop();
  simulation.tick(300);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export default async function topologyLayoutBench(): Promise<BenchRow[]> {
  const plant = syntheticTopology(ZONES, ASSETS, FLOWS, 7);
  const layoutOnce = () => zoneTopologyLayout(plant.zones, plant.assets, plant.links);
  const ours = bestOfMs(layoutOnce, 7);
  const d3 = d3ForceLayoutMs(plant);
  const { bytes, result } = await heapUsedDelta(layoutOnce);
  return [
    benchRow(
      'topology layout',
      ours,
      'ms',
      d3,
      `${ASSETS} assets, ${ZONES} zones, ${FLOWS} flows, ${result.edges.length} drawn edges; d3-force 300 ticks`
    ),
    benchRow('topology layout memory', bytes / 2 ** 20, 'MiB', null, 'heap kept by one layout of that plant'),
  ];
}
