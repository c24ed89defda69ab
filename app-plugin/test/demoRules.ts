/** The rules the demo plant's zone model (provisioning/zone-model.yaml) generates, read as the page reads them. */
import type { DetectionAlertRule } from '@conduit/core';
import type { DataSourceInstanceSettings } from '@grafana/data';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DEFAULT_CHOICES, generateRules, type RuleChoices, readRuleSource } from '../src/detectionRules/ruleSource';

const ZONE_MODEL = readFileSync(join(__dirname, '..', '..', 'provisioning', 'zone-model.yaml'), 'utf8');

export function demoRules(choices: RuleChoices = DEFAULT_CHOICES): DetectionAlertRule[] {
  const dataSource = { uid: 'conduit-telemetry', name: 'Conduit', jsonData: { zoneModel: ZONE_MODEL } };
  const source = readRuleSource(dataSource as unknown as DataSourceInstanceSettings);
  if (source.kind !== 'ok') {
    throw new Error(`the demo zone model does not load: ${source.kind}`);
  }
  return generateRules(source.model, choices);
}
