import type { Finding } from '../finding';
import type { ScenarioLabel } from '../scenarioLabel';
import { evaluateDetection } from './detectionEvaluation';

const T0 = Date.UTC(2025, 2, 3);
const MIN = 60_000;
const DAY = 86_400_000;

function label(
  step: string,
  kind: ScenarioLabel['kind'],
  startMin: number,
  endMin: number,
  assets: string[],
  expected: ScenarioLabel['expectedCategories']
): ScenarioLabel {
  return {
    scenario: 'test',
    step,
    kind,
    start: T0 + DAY + startMin * MIN,
    end: T0 + DAY + endMin * MIN,
    assets,
    expectedCategories: expected,
    description: step,
  };
}

function finding(id: string, category: Finding['category'], startMin: number, asset: string, endMin?: number): Finding {
  return {
    id,
    detector: 'test',
    category,
    time: T0 + DAY + startMin * MIN,
    endTime: endMin === undefined ? undefined : T0 + DAY + endMin * MIN,
    severity: 'high',
    score: 70,
    destination: { asset },
    explanation: id,
    evidence: { records: [], query: '', store: 'ot' },
  };
}

const options = { range: { from: T0, to: T0 + 3 * DAY }, evaluateFrom: T0 + DAY, toleranceMs: MIN };

describe('evaluateDetection', () => {
  it('counts a step detected by a finding of an expected category, naming one of its assets, within a bucket of its window', () => {
    const labels = [
      label('write', 'attack', 100, 101, ['jump-1', 'plc-1'], ['unauthorized-command', 'conduit-violation']),
      label('scan', 'attack', 200, 203, ['jump-1'], ['reconnaissance']),
      label('late', 'insider', 300, 301, ['hmi-3'], ['process-anomaly']),
    ];
    const result = evaluateDetection(
      labels,
      [
        finding('a', 'conduit-violation', 90, 'plc-1', 102),
        finding('b', 'unauthorized-command', 101.5, 'plc-1'),
        finding('c', 'reconnaissance', 204, 'plc-9'),
        finding('d', 'process-anomaly', 302, 'hmi-3'),
      ],
      options
    );
    expect(result.steps.map((s) => [s.step, s.detected, s.detectedBy.map((f) => f.id)])).toEqual([
      ['write', true, ['b', 'a']],
      ['scan', false, []],
      ['late', true, ['d']],
    ]);
    expect(result.recall).toBeCloseTo(2 / 3);
  });

  it('measures precision over judged findings and false positives per day of normal operation', () => {
    const labels = [label('write', 'attack', 100, 160, ['plc-1'], ['unauthorized-command'])];
    const result = evaluateDetection(
      labels,
      [
        finding('learning', 'new-path', -600, 'plc-1'),
        finding('hit', 'unauthorized-command', 120, 'plc-1'),
        finding('unrelated', 'new-path', 130, 'hmi-9'),
        finding('noise', 'new-path', 900, 'hmi-9'),
      ],
      options
    );
    expect([result.evaluatedFindings, result.explainedFindings]).toEqual([3, 1]);
    expect(result.falsePositives.map((f) => f.id)).toEqual(['noise']);
    expect(result.normalDays).toBeCloseTo(2 - 62 / 1440);
    expect(result.falsePositivesPerDay).toBeCloseTo(1 / (2 - 62 / 1440));
  });

  it('passes a fault reported as sensor health and nothing worse, and fails one that also raised an attack finding', () => {
    const fault = label('flatline', 'fault', 100, 200, ['plc-2', 'ana-1'], ['sensor-health']);
    const clean = evaluateDetection([fault], [finding('h', 'sensor-health', 101, 'plc-2', 200)], options);
    expect(clean.faults).toEqual([
      { scenario: 'test', step: 'flatline', reportedAsSensorHealth: true, otherFindings: [], passed: true },
    ]);
    expect(clean.attackSteps).toBe(0);
    expect(clean.recall).toBeNull();
    const noisy = evaluateDetection(
      [fault],
      [finding('h', 'sensor-health', 101, 'plc-2'), finding('p', 'process-anomaly', 150, 'plc-2')],
      options
    );
    expect(noisy.faults[0]).toMatchObject({ passed: false, otherFindings: [expect.objectContaining({ id: 'p' })] });
  });
});
