/**
 * Which zone an address belongs to: the zone whose range is the longest prefix containing it, unless an
 * asset override pins that exact address to a zone. Built once per model, then asked millions of times,
 * so lookups use one hash table per prefix length (longest first) and IPv4 stays on 32-bit numbers
 * without allocating a bigint. An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) is looked up as IPv4.
 *
 * Built from a validated model. Given an unvalidated one it still answers: invalid ranges and
 * addresses are skipped, and where two zones list the same range the first zone in the model wins.
 */
import { hostMask, ipv4FromMapped, isCidrError, parseCidr, parseIpv4, parseIpv6 } from '../net/ipAddress';
import type { AssetOverride, Zone, ZoneModel } from './zoneModel';

export interface ZoneAttributor {
  /** The zone of an IPv4 or IPv6 address, or undefined when no range and no override covers it. */
  zoneOf(ip: string): Zone | undefined;
  /**
   * The asset override with this address (any textual form of it) or, failing that, this exact name;
   * the first in the model where several match.
   */
  assetOf(ipOrName: string): AssetOverride | undefined;
  zoneById(id: string): Zone | undefined;
}

/** Prefix tables for one IP version: lengths longest first, each with its mask and network -> value. */
interface PrefixTables<K, V> {
  lengths: number[];
  masks: K[];
  tables: Array<Map<K, V>>;
}

/** IPv4 keys are signed 32-bit integers (`x | 0`), which V8 keeps unboxed. */
function ipv4Mask(prefix: number): number {
  return prefix === 0 ? 0 : -1 << (32 - prefix);
}

function ipv6Mask(prefix: number): bigint {
  return ~hostMask(6, prefix);
}

function buildTables<K, V>(entries: Map<number, Map<K, V>>, mask: (prefix: number) => K): PrefixTables<K, V> {
  const lengths = [...entries.keys()].sort((a, b) => b - a);
  return {
    lengths,
    masks: lengths.map(mask),
    tables: lengths.map((length) => entries.get(length) ?? new Map<K, V>()),
  };
}

function addEntry<K, V>(entries: Map<number, Map<K, V>>, prefix: number, key: K, value: V): void {
  let table = entries.get(prefix);
  if (table === undefined) {
    table = new Map<K, V>();
    entries.set(prefix, table);
  }
  if (!table.has(key)) {
    table.set(key, value);
  }
}

export function createZoneAttributor(model: ZoneModel): ZoneAttributor {
  const zonesById = new Map<string, Zone>();
  for (const zone of model.zones) {
    if (!zonesById.has(zone.id)) {
      zonesById.set(zone.id, zone);
    }
  }

  const v4Entries = new Map<number, Map<number, Zone>>();
  const v6Entries = new Map<number, Map<bigint, Zone>>();
  for (const zone of zonesById.values()) {
    for (const text of zone.cidrs) {
      const cidr = parseCidr(text);
      if (isCidrError(cidr)) {
        continue;
      }
      if (cidr.version === 4) {
        addEntry(v4Entries, cidr.prefix, Number(cidr.network) | 0, zone);
      } else {
        addEntry(v6Entries, cidr.prefix, cidr.network, zone);
      }
    }
  }
  const v4 = buildTables(v4Entries, ipv4Mask);
  const v6 = buildTables(v6Entries, ipv6Mask);

  const assetsByV4 = new Map<number, AssetOverride>();
  const assetsByV6 = new Map<bigint, AssetOverride>();
  const assetsByName = new Map<string, AssetOverride>();
  const pinnedV4 = new Map<number, Zone>();
  const pinnedV6 = new Map<bigint, Zone>();
  for (const asset of model.assets) {
    if (!assetsByName.has(asset.name)) {
      assetsByName.set(asset.name, asset);
    }
    if (asset.address === undefined) {
      continue;
    }
    const pinned = asset.zone === undefined ? undefined : zonesById.get(asset.zone);
    const address4 = parseIpv4(asset.address);
    const address6 = address4 === undefined ? parseIpv6(asset.address) : undefined;
    const mapped = address6 === undefined ? undefined : ipv4FromMapped(address6);
    if (address4 !== undefined || mapped !== undefined) {
      const key = (address4 ?? mapped ?? 0) | 0;
      if (!assetsByV4.has(key)) {
        assetsByV4.set(key, asset);
        if (pinned !== undefined) {
          pinnedV4.set(key, pinned);
        }
      }
    } else if (address6 !== undefined && !assetsByV6.has(address6)) {
      assetsByV6.set(address6, asset);
      if (pinned !== undefined) {
        pinnedV6.set(address6, pinned);
      }
    }
  }

  const zoneOfV4 = (address: number): Zone | undefined => {
    const key = address | 0;
    const pinned = pinnedV4.get(key);
    if (pinned !== undefined) {
      return pinned;
    }
    const { masks, tables } = v4;
    for (let i = 0; i < tables.length; i++) {
      const zone = tables[i].get(key & masks[i]);
      if (zone !== undefined) {
        return zone;
      }
    }
    return undefined;
  };

  const zoneOfV6 = (address: bigint): Zone | undefined => {
    const pinned = pinnedV6.get(address);
    if (pinned !== undefined) {
      return pinned;
    }
    const { masks, tables } = v6;
    for (let i = 0; i < tables.length; i++) {
      const zone = tables[i].get(address & masks[i]);
      if (zone !== undefined) {
        return zone;
      }
    }
    return undefined;
  };

  const zoneOfText = (ip: string): Zone | undefined => {
    const address4 = parseIpv4(ip);
    if (address4 !== undefined) {
      return zoneOfV4(address4);
    }
    const address6 = parseIpv6(ip);
    if (address6 === undefined) {
      return undefined;
    }
    const mapped = ipv4FromMapped(address6);
    return (mapped === undefined ? undefined : zoneOfV4(mapped)) ?? zoneOfV6(address6);
  };

  const assetOfText = (ipOrName: string): AssetOverride | undefined => {
    const address4 = parseIpv4(ipOrName);
    if (address4 !== undefined) {
      return assetsByV4.get(address4 | 0) ?? assetsByName.get(ipOrName);
    }
    const address6 = parseIpv6(ipOrName);
    if (address6 !== undefined) {
      const mapped = ipv4FromMapped(address6);
      const byAddress = mapped === undefined ? assetsByV6.get(address6) : assetsByV4.get(mapped | 0);
      return byAddress ?? assetsByName.get(ipOrName);
    }
    return assetsByName.get(ipOrName);
  };

  // Telemetry names the same few thousand addresses over and over: remembering each answer makes a
  // repeated lookup one map read instead of a parse.
  const zoneMemo = new BoundedMemo<Zone>();
  const assetMemo = new BoundedMemo<AssetOverride>();

  return {
    zoneOf(ip) {
      return typeof ip === 'string' ? zoneMemo.get(ip, zoneOfText) : undefined;
    },
    assetOf(ipOrName) {
      return typeof ipOrName === 'string' ? assetMemo.get(ipOrName, assetOfText) : undefined;
    },
    zoneById(id) {
      return zonesById.get(id);
    },
  };
}

/** Answers by key, computed once; forgets everything when full so hostile input cannot grow it. */
class BoundedMemo<V> {
  private readonly answers = new Map<string, V | null>();

  constructor(private readonly capacity = 65_536) {}

  get(key: string, compute: (key: string) => V | undefined): V | undefined {
    const known = this.answers.get(key);
    if (known !== undefined) {
      return known ?? undefined;
    }
    const answer = compute(key);
    if (this.answers.size >= this.capacity) {
      this.answers.clear();
    }
    this.answers.set(key, answer ?? null);
    return answer;
  }
}
