/**
 * How a controller's sampled state changed over time: the transitions of its mode, program identity and
 * firmware, per asset, in time order. Shared by the program and mode detectors.
 */
import type { ControllerStateSample } from '../observations';

export type ControllerAttribute = 'mode' | 'programHash' | 'firmware';

export interface ControllerTransition {
  asset: string;
  zone: string;
  attribute: ControllerAttribute;
  /** Time of the last sample with the old value. */
  previousTime: number;
  /** Time of the first sample with the new value. */
  time: number;
  from: string;
  to: string;
}

/** Transitions of one attribute, per asset, ignoring samples where the attribute is empty. */
export function controllerTransitions(
  samples: readonly ControllerStateSample[],
  attribute: ControllerAttribute
): ControllerTransition[] {
  const byAsset = new Map<string, ControllerStateSample[]>();
  for (const sample of samples) {
    if (sample[attribute] === '') {
      continue;
    }
    const list = byAsset.get(sample.asset);
    if (list === undefined) {
      byAsset.set(sample.asset, [sample]);
    } else {
      list.push(sample);
    }
  }
  const transitions: ControllerTransition[] = [];
  for (const [asset, list] of byAsset) {
    list.sort((a, b) => a.time - b.time);
    for (let i = 1; i < list.length; i++) {
      const before = list[i - 1];
      const after = list[i];
      if (before[attribute] !== after[attribute]) {
        transitions.push({
          asset,
          zone: after.zone,
          attribute,
          previousTime: before.time,
          time: after.time,
          from: before[attribute],
          to: after[attribute],
        });
      }
    }
  }
  return transitions.sort((a, b) => a.time - b.time || (a.asset < b.asset ? -1 : a.asset > b.asset ? 1 : 0));
}
