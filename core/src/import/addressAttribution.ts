/**
 * How importers learn the zone and asset of an address. The zone model's attributor provides it; tests
 * and callers without a model pass their own.
 */
import { UNKNOWN } from '../telemetryContract';

export interface AddressAttribution {
  /** Zone id, or `unknown`. */
  zone: string;
  /** Asset name, or `unknown`. */
  asset: string;
}

export type AttributeAddress = (ip: string) => AddressAttribution;

/** Attribution for callers without a zone model: every address is in no known zone and no known asset. */
export const attributeNothing: AttributeAddress = () => ({ zone: UNKNOWN, asset: UNKNOWN });
