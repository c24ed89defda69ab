import { emptyObservations } from '../aggregation/observationOrder';
import { flow, minute } from '../detectors/detectionFixture';

import { learningWindowWarning, observedSpan } from './learningWindowCheck';

function observationsWithFlowsAt(...minutes: number[]) {
  const observations = emptyObservations(minute(0), minute(240));
  observations.flows = minutes.map((m) => flow(minute(m), 'hmi-1', 'plc-1', 'modbus', 502));
  return observations;
}

describe('observedSpan', () => {
  it('runs from the first bucket observed to the end of the last', () => {
    expect(observedSpan(observationsWithFlowsAt(30, 10, 20))).toEqual({ from: minute(10), to: minute(31) });
  });

  it('is undefined when nothing was observed', () => {
    expect(observedSpan(emptyObservations(0, 1))).toBeUndefined();
  });
});

describe('learningWindowWarning', () => {
  it('warns when every observation lies inside the learning window', () => {
    const warning = learningWindowWarning(observationsWithFlowsAt(0, 100), [{ from: minute(0), to: minute(120) }]);
    expect(warning).toMatch(/^all the data \(.* to .*\) lies in the learning window \(.*\), where new talkers/);
  });

  it('is silent when some data comes after the window, or there is no window', () => {
    expect(
      learningWindowWarning(observationsWithFlowsAt(0, 130), [{ from: minute(0), to: minute(120) }])
    ).toBeUndefined();
    expect(learningWindowWarning(observationsWithFlowsAt(0, 100), [])).toBeUndefined();
    expect(learningWindowWarning(emptyObservations(0, 1), [{ from: 0, to: 1 }])).toBeUndefined();
  });
});
