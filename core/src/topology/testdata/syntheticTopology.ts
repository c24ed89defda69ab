import type { FlowVerdict, TopologyAssetInput, TopologyLinkInput, TopologyZoneInput } from '../zoneLayout';

export interface SyntheticTopology {
  zones: TopologyZoneInput[];
  assets: TopologyAssetInput[];
  links: TopologyLinkInput[];
}

const LEVELS = [5, 4, 3.5, 3, 3, 2, 2, 1, 1, 1, 0, 0];
const VERDICTS: FlowVerdict[] = ['allowed', 'allowed', 'allowed', 'violation', 'unknown', 'internet'];

/** A seeded pseudo-random plant: `zones` zones over the Purdue levels, assets spread over them, flows between assets. */
export function syntheticTopology(
  zoneCount: number,
  assetCount: number,
  flowCount: number,
  seed = 1
): SyntheticTopology {
  let state = seed >>> 0 || 1;
  const random = () => {
    // xorshift32: the same plant for the same seed on every machine.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const zones: TopologyZoneInput[] = Array.from({ length: zoneCount }, (_, i) => ({
    id: `zone:z${i}`,
    title: `Zone ${i}`,
    level: LEVELS[i % LEVELS.length],
    ...(i % 7 === 6 ? { safety: true } : {}),
  }));
  const assets: TopologyAssetInput[] = Array.from({ length: assetCount }, (_, i) => ({
    id: `asset:a${i}`,
    title: `asset-${i}`,
    zone: zones[i % zoneCount].id,
  }));
  const links: TopologyLinkInput[] = [];
  for (let i = 0; i + 1 < zoneCount; i++) {
    links.push({ id: `c${i}`, kind: 'conduit', source: zones[i].id, target: zones[i + 1].id, twoWay: i % 2 === 0 });
  }
  for (let i = 0; assetCount > 0 && i < flowCount; i++) {
    const source = assets[Math.floor(random() * assetCount)].id;
    const target = assets[Math.floor(random() * assetCount)].id;
    links.push({
      id: `f${i}`,
      kind: 'flow',
      source,
      target,
      verdict: VERDICTS[Math.floor(random() * VERDICTS.length)],
      volume: 1 + Math.floor(random() * 1000),
    });
  }
  return { zones, assets, links };
}
