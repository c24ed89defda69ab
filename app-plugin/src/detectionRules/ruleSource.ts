/**
 * Where the rules come from: the zone model in the Conduit datasource's settings (as the Zone model page reads it),
 * turned into Grafana alert rules by the core with the page's two choices.
 */
import {
  type DetectionAlertRule,
  detectionAlertRules,
  detectionConfig,
  detectionConfigProblems,
  formatProblem,
  parseZoneModel,
  RULE_TEMPLATE_IDS,
  RULE_TEMPLATES,
  type RuleTemplate,
  type Severity,
  type ZoneModel,
} from '@conduit/core';
import type { DataSourceInstanceSettings } from '@grafana/data';

import { zoneModelText } from '../incidents/conduitDataSource';

export type RuleSource =
  | { kind: 'no-datasource' }
  | { kind: 'no-model'; dataSource: DataSourceInstanceSettings }
  | { kind: 'invalid'; dataSource: DataSourceInstanceSettings; problems: string[] }
  | { kind: 'ok'; dataSource: DataSourceInstanceSettings; model: ZoneModel; warnings: string[] };

/** The zone model of the datasource, or why there is none to generate rules from. */
export function readRuleSource(dataSource: DataSourceInstanceSettings | undefined): RuleSource {
  if (dataSource === undefined) {
    return { kind: 'no-datasource' };
  }
  const text = zoneModelText(dataSource);
  if (text.trim() === '') {
    return { kind: 'no-model', dataSource };
  }
  const parsed = parseZoneModel(text);
  const problems = parsed.problems.map(formatProblem);
  if (!parsed.ok) {
    return { kind: 'invalid', dataSource, problems };
  }
  const settingsProblems = detectionConfigProblems(parsed.model);
  return { kind: 'ok', dataSource, model: parsed.model, warnings: [...problems, ...settingsProblems] };
}

export interface RuleChoices {
  /** Findings at or above it fire the rules over stored findings. */
  findingMinSeverity: Severity;
  /** Chains touching a zone at or below this Purdue level fire the chain rule. */
  chainMaxLevel: number;
}

export const DEFAULT_CHOICES: RuleChoices = { findingMinSeverity: 'high', chainMaxLevel: 1 };

export function generateRules(model: ZoneModel, choices: RuleChoices): DetectionAlertRule[] {
  return detectionAlertRules(model, detectionConfig(model), choices);
}

/** The Purdue levels of the model's zones, lowest first: the chain rule can only reach a level some zone has. */
export function purdueLevels(model: ZoneModel): number[] {
  return [...new Set(model.zones.map((zone) => zone.purdueLevel))].sort((a, b) => a - b);
}

export interface TemplateRules {
  template: RuleTemplate;
  rules: DetectionAlertRule[];
}

/** Rules by template in the core's template order: those over telemetry first, then those over findings. */
export function rulesByTemplate(rules: readonly DetectionAlertRule[]): TemplateRules[] {
  const ordered = [
    ...RULE_TEMPLATE_IDS.filter((id) => RULE_TEMPLATES[id].source === 'telemetry'),
    ...RULE_TEMPLATE_IDS.filter((id) => RULE_TEMPLATES[id].source === 'analysis'),
  ];
  return ordered
    .map((id) => ({ template: RULE_TEMPLATES[id], rules: rules.filter((rule) => rule.template === id) }))
    .filter((group) => group.rules.length > 0);
}
