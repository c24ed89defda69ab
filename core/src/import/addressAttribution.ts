/**
 * How importers learn the zone and asset of an address: from the zone model (its ranges and asset
 * overrides) in production, from a plain function in tests and for callers without a model.
 */
import { UNKNOWN } from '../telemetryContract';
import { createZoneAttributor } from '../model/zoneAttribution';
import type { ZoneModel } from '../model/zoneModel';

export interface AddressAttribution {
  /** Zone id, or `unknown`. */
  zone: string;
  /** Asset name, or `unknown`. */
  asset: string;
}

export type AttributeAddress = (ip: string) => AddressAttribution;

/**
 * The tags of a `flow` point: both ends' addresses, the asset and zone each is attributed to, and the connection's
 * transport, service and port. Built as one literal: tags added to an object afterwards would cost each point a
 * second allocation for them.
 */
export function flowTags(
  attribute: AttributeAddress,
  srcIp: string,
  dstIp: string,
  transport: string,
  service: string,
  dstPort: string
): Record<string, string> {
  const src = attribute(srcIp);
  const dst = attribute(dstIp);
  return {
    src_ip: srcIp,
    dst_ip: dstIp,
    src_asset: src.asset,
    dst_asset: dst.asset,
    src_zone: src.zone,
    dst_zone: dst.zone,
    transport,
    service,
    dst_port: dstPort,
  };
}

/**
 * The tags of an `ot_operation` point: both ends as `flowTags` gives them, then protocol, operation and code. Its own
 * literal rather than a shared one extended, for the reason `flowTags` gives.
 */
export function operationTags(
  attribute: AttributeAddress,
  srcIp: string,
  dstIp: string,
  protocol: string,
  operation: string,
  functionCode: string
): Record<string, string> {
  const src = attribute(srcIp);
  const dst = attribute(dstIp);
  return {
    src_ip: srcIp,
    dst_ip: dstIp,
    src_asset: src.asset,
    dst_asset: dst.asset,
    src_zone: src.zone,
    dst_zone: dst.zone,
    protocol,
    operation,
    function_code: functionCode,
  };
}

/** Attribution for callers without a zone model: every address is in no known zone and no known asset. */
export const attributeNothing: AttributeAddress = () => ({ zone: UNKNOWN, asset: UNKNOWN });

/** Addresses remembered at most; a scan of the internet must not grow the cache without bound. */
const CACHE_LIMIT = 100_000;

/**
 * Attribution by a zone model: the zone whose range holds the address (or that an asset override pins
 * it to), and the asset override naming the address. Logs repeat a few thousand addresses millions of
 * times, so answers are cached.
 */
export function attributeByModel(model: ZoneModel): AttributeAddress {
  const attributor = createZoneAttributor(model);
  const cache = new Map<string, AddressAttribution>();
  return (ip) => {
    let known = cache.get(ip);
    if (known === undefined) {
      known = {
        zone: attributor.zoneOf(ip)?.id ?? UNKNOWN,
        asset: attributor.assetOf(ip)?.name ?? UNKNOWN,
      };
      if (cache.size >= CACHE_LIMIT) {
        cache.clear();
      }
      cache.set(ip, known);
    }
    return known;
  };
}
