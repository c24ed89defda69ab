/**
 * Ground truth written by the simulator: which labelled step of which scenario happened when, to which
 * assets, and which finding categories a correct detector set reports for it.
 */
import type { FindingCategory } from './finding';

/** attack: a step of an adversary; insider: a legitimate user doing harm; fault: equipment, not an attack. */
export type ScenarioStepKind = 'attack' | 'insider' | 'fault';

export interface ScenarioLabel {
  /** Scenario id, e.g. `it-ot-intrusion`. */
  scenario: string;
  /** Step id within the scenario, e.g. `modbus-write`. */
  step: string;
  kind: ScenarioStepKind;
  /** MITRE ATT&CK for ICS technique id, where one applies. */
  technique?: string;
  /** Milliseconds since the epoch. */
  start: number;
  end: number;
  /** Asset names involved (sources first). */
  assets: string[];
  /** Any one of these categories, overlapping the window and naming one of the assets, detects the step. */
  expectedCategories: FindingCategory[];
  description: string;
}

export interface ScenarioLabelFile {
  seed: number;
  from: number;
  to: number;
  labels: ScenarioLabel[];
}
