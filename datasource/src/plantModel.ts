/**
 * The zone model the datasource analyses with: the text in the settings, validated by the core, with the
 * detection settings of the settings laid over the model's own `detection` section.
 */
import {
  type DetectionConfig,
  detectionConfig,
  detectionConfigProblems,
  formatProblem,
  parseZoneModel,
  type ZoneModel,
} from '@conduit/core';

import type { ConduitDataSourceOptions, DetectionOverrides } from './types';

export interface ZoneModelSummary {
  site?: string;
  zones: number;
  conduits: number;
  assets: number;
}

export type PlantModel =
  | {
      ok: true;
      model: ZoneModel;
      summary: ZoneModelSummary;
      detection: DetectionConfig;
      /** Settings that were ignored, each naming its path; the model still works. */
      warnings: string[];
    }
  | { ok: false; problems: string[] };

export const NO_ZONE_MODEL =
  'no zone model: paste the zone and conduit model (YAML or JSON) into the datasource settings';

export function summariseZoneModel(model: ZoneModel): ZoneModelSummary {
  return {
    ...(model.site === undefined ? {} : { site: model.site }),
    zones: model.zones.length,
    conduits: model.conduits.length,
    assets: model.assets.length,
  };
}

/** `detection` of the model with each detector's settings from the datasource settings laid over it. */
export function mergedDetection(model: ZoneModel, overrides: DetectionOverrides | undefined): DetectionOverrides {
  const merged: DetectionOverrides = {};
  for (const [detector, settings] of Object.entries(model.detection ?? {})) {
    merged[detector] = { ...settings };
  }
  if (typeof overrides === 'object' && overrides !== null) {
    for (const [detector, settings] of Object.entries(overrides)) {
      if (typeof settings === 'object' && settings !== null && !Array.isArray(settings)) {
        merged[detector] = { ...merged[detector], ...settings };
      } else {
        // Kept as is so that the core's check names it.
        merged[detector] = settings;
      }
    }
  }
  return merged;
}

/** Reads the zone model of the settings. Never throws. */
export function readPlantModel(options: Pick<ConduitDataSourceOptions, 'zoneModel' | 'detection'>): PlantModel {
  const text = typeof options.zoneModel === 'string' ? options.zoneModel : '';
  if (text.trim() === '') {
    return { ok: false, problems: [NO_ZONE_MODEL] };
  }
  const parsed = parseZoneModel(text);
  if (!parsed.ok) {
    return { ok: false, problems: parsed.problems.map(formatProblem) };
  }
  const detection = { detection: mergedDetection(parsed.model, options.detection) };
  return {
    ok: true,
    model: parsed.model,
    summary: summariseZoneModel(parsed.model),
    detection: detectionConfig(detection),
    warnings: [...parsed.problems.map(formatProblem), ...detectionConfigProblems(detection)],
  };
}
