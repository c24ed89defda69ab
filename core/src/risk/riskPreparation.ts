/**
 * Everything about an assessment that does not depend on the assessment time, computed once: the asset
 * inventory, impact factors, exposure, vulnerabilities, compensating controls and each entity's findings
 * in time order. Evaluating at an instant then only weighs the findings seen so far and rolls assets up
 * to zones, which is what makes a risk time series cheap.
 */
import type { Finding } from '../finding';
import type { Observations } from '../observations';
import type { PurdueLevel, Zone, ZoneModel } from '../model/zoneModel';
import type { EntityRisk, RiskInput } from './assessRisk';
import { buildAssetInventory, type InventoryAsset } from './assetInventory';
import { compensatingControlsOf, validConduits } from './compensatingControls';
import { type EdgeIndex, edgesIntoAsset, exposureOf, indexInboundEdges } from './exposure';
import { formatLevel, indexZones } from './purdueTrust';
import {
  addToTrack,
  countsAsThreat,
  emptyTrack,
  type FindingTrack,
  recentFindingsAt,
  recentFindingsValueAt,
  severityWeight,
  sortTrack,
  type TrackCursor,
} from './recentFindings';
import { clamp01, cleanWeight, dimensionFromArrays, type FactorInput, roundTo, scoreOf, scoreRisk } from './riskScore';
import { resolveRiskWeights, type RiskWeights } from './riskWeights';
import { vulnerabilitiesOf } from './vulnerabilities';

/** Impact of each Purdue level: the closer to the process, the more a compromise can do. */
export const PURDUE_IMPACT: Readonly<Record<string, number>> = Object.freeze({
  '0': 1,
  '1': 1,
  '2': 0.75,
  '3': 0.5,
  '3.5': 0.4,
  '4': 0.25,
  '5': 0,
});

/** Placement unknown: treated like the business network. */
const UNKNOWN_LEVEL_IMPACT = 0.25;
/** Criticality assumed when neither the inventory nor the zone model gives one. */
export const DEFAULT_CRITICALITY = 3;

const MAX_WARNINGS = 100;

export interface PreparedEntity {
  kind: 'asset' | 'zone';
  id: string;
  name: string;
  ip?: string;
  zone?: string;
  purdueLevel?: PurdueLevel;
  /** Impact factors that do not change with time (for zones, the asset roll-up is put before them). */
  impactInputs: FactorInput[];
  /** Likelihood factors that do not change with time, in display order around the time-dependent ones. */
  exposure: FactorInput;
  vulnerabilities?: FactorInput;
  controls: FactorInput;
  track: FindingTrack;
  /** Zones: indices into `assets` of the assets in the zone. */
  members: number[];
}

export interface PreparedRisk {
  weights: RiskWeights;
  warnings: string[];
  assets: PreparedEntity[];
  zones: PreparedEntity[];
}

export function prepareRisk(input: RiskInput): PreparedRisk {
  const warnings: string[] = [];
  const resolved = resolveRiskWeights(input?.weights);
  warnings.push(...resolved.warnings);
  const weights = resolved.weights;
  const model: ZoneModel | undefined =
    typeof input?.model === 'object' && input.model !== null ? input.model : undefined;
  if (!model) {
    warnings.push('model: no zone model given; every asset is treated as unplaced');
  }
  const observations: Observations | undefined =
    typeof input?.observations === 'object' && input.observations !== null ? input.observations : undefined;
  const zones = indexZones(model);
  const conduits = validConduits(model?.conduits);
  const inventory = buildAssetInventory(observations, model, warnings);
  const edges = indexInboundEdges(observations, warnings);

  const zoneControls = new Map<string, FactorInput>();
  const controlsFor = (zoneId: string | undefined): FactorInput => {
    const key = zoneId !== undefined && zones.has(zoneId) ? zoneId : '';
    let factor = zoneControls.get(key);
    if (!factor) {
      const controls = compensatingControlsOf(zoneId, zones, conduits, edges.byZone.get(key) ?? []);
      factor = {
        id: 'compensating-controls',
        label: 'Compensating controls',
        value: controls.value,
        weight: weights.compensatingControls,
        detail: controls.detail,
      };
      zoneControls.set(key, factor);
    }
    return factor;
  };

  const assets = inventory.map((asset) => prepareAsset(asset, zones, weights, edges, controlsFor));
  const zoneEntities = [...zones.values()]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((zone) =>
      prepareZone(
        zone,
        assets,
        weights,
        exposureOf(edges.byZone.get(zone.id) ?? [], zone.id, zones),
        controlsFor(zone.id)
      )
    );

  distributeFindings(input?.findings, assets, zoneEntities, warnings);
  if (warnings.length > MAX_WARNINGS) {
    const extra = warnings.length - MAX_WARNINGS;
    warnings.splice(MAX_WARNINGS, extra, `and ${extra} more problems like these`);
  }
  return { weights, warnings, assets, zones: zoneEntities };
}

function prepareAsset(
  asset: InventoryAsset,
  zones: Map<string, Zone>,
  weights: RiskWeights,
  edges: EdgeIndex,
  controlsFor: (zoneId: string | undefined) => FactorInput
): PreparedEntity {
  const zone = asset.zone !== undefined ? zones.get(asset.zone) : undefined;
  const criticality = asset.criticality ?? DEFAULT_CRITICALITY;
  const criticalityDetail =
    asset.criticality === undefined
      ? `not recorded; ${DEFAULT_CRITICALITY} of 5 assumed`
      : `${criticality} of 5 (from the ${asset.criticalitySource})`;
  const safetyPlc = asset.role === 'safety-plc';
  const safety = safetyPlc || zone?.safety === true;
  const exposure = exposureOf(edgesIntoAsset(edges, asset.id, asset.ip), zone?.id, zones);
  const vulnerabilities = vulnerabilitiesOf(asset.record);
  return {
    kind: 'asset',
    id: asset.id,
    name: asset.name,
    ip: asset.ip,
    zone: asset.zone,
    purdueLevel: zone?.purdueLevel,
    impactInputs: [
      {
        id: 'criticality',
        label: 'Criticality',
        value: (criticality - 1) / 4,
        weight: weights.criticality,
        detail: criticalityDetail,
      },
      {
        id: 'safety',
        label: 'Safety',
        value: safety ? 1 : 0,
        weight: weights.safety,
        detail: safety
          ? safetyPlc
            ? 'a safety PLC'
            : `in safety zone ${zone?.name || zone?.id}`
          : 'not part of a safety instrumented system',
      },
      purdueFactor(zone, weights, asset.zone),
    ],
    exposure: {
      id: 'exposure',
      label: 'Exposure',
      value: exposure.value,
      weight: weights.exposure,
      detail: exposure.detail,
    },
    vulnerabilities: {
      id: 'vulnerabilities',
      label: 'Vulnerabilities',
      value: vulnerabilities.value,
      weight: weights.vulnerabilities,
      detail: vulnerabilities.detail,
    },
    controls: controlsFor(zone?.id),
    track: emptyTrack(),
    members: [],
  };
}

function purdueFactor(zone: Zone | undefined, weights: RiskWeights, zoneId: string | undefined): FactorInput {
  return {
    id: 'purdue-level',
    label: 'Purdue level',
    value: zone ? PURDUE_IMPACT[String(zone.purdueLevel)] : UNKNOWN_LEVEL_IMPACT,
    weight: weights.purdueLevel,
    detail: zone
      ? `${formatLevel(zone.purdueLevel)} (${zone.name || zone.id})`
      : zoneId
        ? `zone ${zoneId} is not in the model; treated as business level`
        : 'no zone known; treated as business level',
  };
}

function prepareZone(
  zone: Zone,
  assets: PreparedEntity[],
  weights: RiskWeights,
  exposure: { value: number; detail: string },
  controls: FactorInput
): PreparedEntity {
  const members = assets.map((a, i) => (a.zone === zone.id ? i : -1)).filter((i) => i >= 0);
  return {
    kind: 'zone',
    id: zone.id,
    name: zone.name || zone.id,
    zone: zone.id,
    purdueLevel: zone.purdueLevel,
    impactInputs: [
      {
        id: 'safety',
        label: 'Safety',
        value: zone.safety === true ? 1 : 0,
        weight: weights.safety,
        detail: zone.safety === true ? 'a safety zone' : 'not a safety zone',
      },
      purdueFactor(zone, weights, zone.id),
    ],
    exposure: {
      id: 'exposure',
      label: 'Exposure',
      value: exposure.value,
      weight: weights.exposure,
      detail: exposure.detail,
    },
    controls,
    track: emptyTrack(),
    members,
  };
}

/** Gives each finding to the assets and zones it names (either end, each entity once). */
function distributeFindings(
  findings: unknown,
  assets: PreparedEntity[],
  zones: PreparedEntity[],
  warnings: string[]
): void {
  if (findings === undefined) {
    return;
  }
  if (!Array.isArray(findings)) {
    warnings.push('findings: expected a list of findings; none are used');
    return;
  }
  const assetByName = new Map<string, PreparedEntity>();
  const assetByIp = new Map<string, PreparedEntity>();
  for (const asset of assets) {
    assetByName.set(asset.id, asset);
    if (asset.ip !== undefined && !assetByIp.has(asset.ip)) {
      assetByIp.set(asset.ip, asset);
    }
  }
  const zoneById = new Map(zones.map((z) => [z.id, z]));
  findings.forEach((f: unknown, i) => {
    if (typeof f !== 'object' || f === null) {
      warnings.push(`findings[${i}]: not a finding; ignored`);
      return;
    }
    const finding = f as Finding;
    const label = typeof finding.id === 'string' ? ` (${finding.id})` : '';
    if (typeof finding.time !== 'number' || !Number.isFinite(finding.time)) {
      warnings.push(`findings[${i}]${label}.time: not a number of milliseconds; ignored`);
      return;
    }
    if (severityWeight(finding.severity) === undefined) {
      warnings.push(`findings[${i}]${label}.severity: ${JSON.stringify(finding.severity)} is not a severity; ignored`);
      return;
    }
    if (!countsAsThreat(finding)) {
      return;
    }
    const touched = new Set<PreparedEntity>();
    for (const end of [finding.source, finding.destination]) {
      if (typeof end !== 'object' || end === null) {
        continue;
      }
      const byName = typeof end.asset === 'string' ? assetByName.get(end.asset) : undefined;
      const byIp = typeof end.ip === 'string' && end.ip !== '' ? assetByIp.get(end.ip) : undefined;
      for (const entity of [byName, byIp]) {
        if (entity) {
          touched.add(entity);
        }
      }
      const zone = typeof end.zone === 'string' ? zoneById.get(end.zone) : undefined;
      if (zone) {
        touched.add(zone);
      }
    }
    // A finding about an asset is a finding about its zone, whether or not the detector named the zone.
    for (const entity of [...touched]) {
      const zone = entity.kind === 'asset' && entity.zone !== undefined ? zoneById.get(entity.zone) : undefined;
      if (zone) {
        touched.add(zone);
      }
    }
    for (const entity of touched) {
      addToTrack(entity.track, finding.time, finding.severity);
    }
  });
  for (const entity of [...assets, ...zones]) {
    sortTrack(entity.track);
  }
}

/** The assessment at one instant, with every factor explained. */
export function evaluateAt(prepared: PreparedRisk, at: number): { assets: EntityRisk[]; zones: EntityRisk[] } {
  const halfLife = prepared.weights.findingHalfLifeMs;
  const assets = prepared.assets.map((asset) => {
    const recent = recentFindingsAt(asset.track, at, halfLife);
    return entityRisk(
      asset,
      asset.impactInputs,
      likelihoodInputs(asset, prepared.weights, recent.value, recent.detail)
    );
  });
  const zones = prepared.zones.map((zone) => {
    const members = zone.members.map((i) => assets[i]);
    const recent = recentFindingsAt(zone.track, at, halfLife);
    const rollup = rollupInputs(
      members.map((m) => ({ name: m.name, impact: m.impact, likelihood: m.likelihood })),
      prepared.weights
    );
    return entityRisk(
      zone,
      [rollup.impact, ...zone.impactInputs],
      [rollup.likelihood, ...likelihoodInputs(zone, prepared.weights, recent.value, recent.detail)]
    );
  });
  return { assets, zones };
}

/** Impact and likelihood (rounded as in EntityRisk) and score of every entity at one instant. */
export interface EntityValues {
  impact: number;
  likelihood: number;
  score: number;
}

/**
 * The same numbers as `evaluateAt` without the explanations, for instants visited in increasing order.
 * `state` carries each entity's position in its findings and reusable buffers from one instant to the next.
 */
export function valuesAt(
  prepared: PreparedRisk,
  at: number,
  state: SeriesState
): { assets: EntityValues[]; zones: EntityValues[] } {
  const halfLife = prepared.weights.findingHalfLifeMs;
  const assets = prepared.assets.map((asset, i) => {
    const buffers = state.assets[i];
    buffers.likelihoodValues[buffers.recentSlot] = clamp01(
      recentFindingsValueAt(asset.track, at, halfLife, buffers.cursor)
    );
    return entityValues(buffers.impact, dimensionFromArrays(buffers.likelihoodWeights, buffers.likelihoodValues));
  });
  const zones = prepared.zones.map((zone, z) => {
    const buffers = state.zones[z];
    buffers.likelihoodValues[buffers.recentSlot] = clamp01(
      recentFindingsValueAt(zone.track, at, halfLife, buffers.cursor)
    );
    if (zone.members.length > 0) {
      buffers.impactValues[0] = clamp01(
        (blend(
          zone.members.map((i) => assets[i].impact),
          prepared.weights
        ) -
          1) /
          4
      );
      buffers.likelihoodValues[0] = clamp01(
        (blend(
          zone.members.map((i) => assets[i].likelihood),
          prepared.weights
        ) -
          1) /
          4
      );
    }
    return entityValues(
      dimensionFromArrays(buffers.impactWeights, buffers.impactValues),
      dimensionFromArrays(buffers.likelihoodWeights, buffers.likelihoodValues)
    );
  });
  return { assets, zones };
}

/** Per entity: the cursor into its findings and its factor weights and values, with slots for what moves. */
interface EntityBuffers {
  cursor: TrackCursor;
  /** Assets: impact never changes. */
  impact: number;
  impactWeights: number[];
  impactValues: number[];
  likelihoodWeights: number[];
  likelihoodValues: number[];
  recentSlot: number;
}

export interface SeriesState {
  assets: EntityBuffers[];
  zones: EntityBuffers[];
}

export function newSeriesState(prepared: PreparedRisk): SeriesState {
  const buffers = (entity: PreparedEntity): EntityBuffers => {
    const rollup: FactorInput[] = entity.kind === 'zone' ? [rollupPlaceholder(entity, prepared.weights)] : [];
    const impactInputs = [...rollup, ...entity.impactInputs];
    const likelihood = [...rollup, ...likelihoodInputs(entity, prepared.weights, 0, '')];
    const impactWeights = impactInputs.map((f) => cleanWeight(f.weight));
    const impactValues = impactInputs.map((f) => clamp01(f.value));
    return {
      cursor: { start: 0, end: 0 },
      impact: dimensionFromArrays(impactWeights, impactValues),
      impactWeights,
      impactValues,
      likelihoodWeights: likelihood.map((f) => cleanWeight(f.weight)),
      likelihoodValues: likelihood.map((f) => clamp01(f.value)),
      recentSlot: likelihood.findIndex((f) => f.id === 'recent-findings'),
    };
  };
  return { assets: prepared.assets.map(buffers), zones: prepared.zones.map(buffers) };
}

/** The roll-up's weight as evaluateAt gives it; its value is set at each instant. */
function rollupPlaceholder(zone: PreparedEntity, weights: RiskWeights): FactorInput {
  return {
    id: 'asset-rollup',
    label: '',
    value: 0,
    weight: zone.members.length > 0 ? weights.zoneAssets : 0,
    detail: '',
  };
}

function blend(values: number[], weights: RiskWeights): number {
  let top = values[0];
  let total = 0;
  for (const v of values) {
    total += v;
    if (v > top) {
      top = v;
    }
  }
  return weights.zoneMaxShare * top + (1 - weights.zoneMaxShare) * (total / values.length);
}

function entityValues(impact: number, likelihood: number): EntityValues {
  return {
    impact: roundTo(impact, 2),
    likelihood: roundTo(likelihood, 2),
    score: roundTo(scoreOf(impact, likelihood), 1),
  };
}

function likelihoodInputs(
  entity: PreparedEntity,
  weights: RiskWeights,
  recent: number,
  recentDetail: string
): FactorInput[] {
  const findings: FactorInput = {
    id: 'recent-findings',
    label: 'Recent findings',
    value: recent,
    weight: weights.recentFindings,
    detail: recentDetail,
  };
  return entity.vulnerabilities
    ? [entity.exposure, entity.vulnerabilities, findings, entity.controls]
    : [entity.exposure, findings, entity.controls];
}

interface MemberValues {
  name: string;
  impact: number;
  likelihood: number;
}

/**
 * A zone's roll-up of its assets: zoneMaxShare x the highest value + the rest x the mean, so one
 * critical asset dominates a zone without the other assets being ignored.
 */
function rollupInputs(members: MemberValues[], weights: RiskWeights): { impact: FactorInput; likelihood: FactorInput } {
  const make = (key: 'impact' | 'likelihood', id: string, label: string): FactorInput => {
    if (members.length === 0) {
      return { id, label, value: 0, weight: 0, detail: 'no assets in this zone' };
    }
    let top = members[0];
    let sum = 0;
    for (const m of members) {
      sum += m[key];
      if (m[key] > top[key]) {
        top = m;
      }
    }
    const mean = sum / members.length;
    const blended = blend(
      members.map((m) => m[key]),
      weights
    );
    const share = Math.round(weights.zoneMaxShare * 100);
    return {
      id,
      label,
      value: (blended - 1) / 4,
      weight: weights.zoneAssets,
      detail:
        `${roundTo(blended, 2)} from ${members.length} asset${members.length === 1 ? '' : 's'}: ` +
        `highest ${top[key].toFixed(2)} (${top.name}), mean ${mean.toFixed(2)}; ${share}% highest + ${100 - share}% mean`,
    };
  };
  return {
    impact: make('impact', 'asset-impact', 'Asset impact'),
    likelihood: make('likelihood', 'asset-likelihood', 'Asset likelihood'),
  };
}

function entityRisk(entity: PreparedEntity, impactInputs: FactorInput[], likelihood: FactorInput[]): EntityRisk {
  const scored = scoreRisk(impactInputs, likelihood);
  const risk: EntityRisk = {
    kind: entity.kind,
    id: entity.id,
    name: entity.name,
    impact: scored.impact,
    likelihood: scored.likelihood,
    score: scored.score,
    factors: scored.factors,
  };
  if (entity.zone !== undefined) {
    risk.zone = entity.zone;
  }
  if (entity.purdueLevel !== undefined) {
    risk.purdueLevel = entity.purdueLevel;
  }
  return risk;
}
