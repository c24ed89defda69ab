import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A labelled step of a simulator scenario, with its window in the stores' backfill. */
export interface ScenarioLabel {
  scenario: string;
  step: string;
  kind: string;
  start: number;
  end: number;
}

/** The labels the simulator wrote for the stores' backfill (globalSetup). */
export function scenarioLabels(): ScenarioLabel[] {
  const file = join(__dirname, '..', '..', 'test-results', 'browser-labels.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { labels: ScenarioLabel[] }).labels;
}
