/**
 * The zone and conduit model of IEC 62443-3-2: the plant partitioned into zones, the conduits that
 * connect them with the services each conduit allows, and per-asset overrides.
 *
 * These types are what `validateZoneModel` (zoneModelValidation.ts) proves an unknown input to be.
 */

/** Purdue levels; 3.5 is the industrial DMZ, which is not a formal level but is how plants name it. */
export const PURDUE_LEVELS = [0, 1, 2, 3, 3.5, 4, 5] as const;
export type PurdueLevel = (typeof PURDUE_LEVELS)[number];

/** IEC 62443 security levels 1 to 4 (0 means no requirement). */
export type SecurityLevel = 0 | 1 | 2 | 3 | 4;

export interface Zone {
  id: string;
  name: string;
  purdueLevel: PurdueLevel;
  /** Target security level (SL-T). */
  slTarget: SecurityLevel;
  /** Achieved security level (SL-A), where an assessment has measured it. */
  slAchieved?: SecurityLevel;
  /** Safety instrumented systems live in zones of their own. */
  safety: boolean;
  owner?: string;
  /** Address ranges in CIDR notation, IPv4 or IPv6. */
  cidrs: string[];
  vlans: number[];
  description?: string;
}

export const CONDUIT_DIRECTIONS = ['one-way', 'two-way'] as const;
export type ConduitDirection = (typeof CONDUIT_DIRECTIONS)[number];

export const CONTROL_TYPES = ['firewall', 'data-diode', 'gateway', 'none'] as const;
export type ControlType = (typeof CONTROL_TYPES)[number];

export const OPERATIONS = ['read', 'write'] as const;
export type ServiceOperation = (typeof OPERATIONS)[number];

/** One allowed service on a conduit. Omitted lists mean "any". */
export interface ConduitService {
  /** Application protocol as the telemetry names it (`modbus`, `https`, `s7comm`, ...). */
  protocol: string;
  port?: number;
  operations?: ServiceOperation[];
  /** Protocol function codes allowed (e.g. Modbus 3 and 16). */
  functionCodes?: number[];
  /** Asset roles allowed to originate this service (e.g. `hmi`, `engineering-workstation`). */
  sourceRoles?: string[];
}

export interface Conduit {
  id: string;
  /** Zone id the traffic originates from (for two-way conduits either end may originate). */
  from: string;
  to: string;
  direction: ConduitDirection;
  controlType: ControlType;
  slTarget: SecurityLevel;
  slAchieved?: SecurityLevel;
  services: ConduitService[];
  description?: string;
}

/** Pins an asset to a zone and gives it a role and criticality; matched by address or name. */
export interface AssetOverride {
  name: string;
  address?: string;
  zone?: string;
  role?: string;
  /** 1 (low) to 5 (the process depends on it). */
  criticality?: 1 | 2 | 3 | 4 | 5;
}

export interface ZoneModel {
  /** Free text naming the site the model describes. */
  site?: string;
  zones: Zone[];
  conduits: Conduit[];
  assets: AssetOverride[];
  /** Detector thresholds and baseline windows, keyed by detector; read by the analytics. */
  detection?: Record<string, Record<string, number | string | boolean>>;
  /** Risk model settings; `weights` are the names of `RiskWeights` (docs/risk-model.md). */
  risk?: { weights?: Record<string, number> };
}
