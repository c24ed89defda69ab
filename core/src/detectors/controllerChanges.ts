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

/**
 * Each attribute read by a function of its own: a property read by a name held in a variable is a slow,
 * generic lookup once the same code reads several names.
 */
const READ_ATTRIBUTE: Record<ControllerAttribute, (sample: ControllerStateSample) => string> = {
  mode: (sample) => sample.mode,
  programHash: (sample) => sample.programHash,
  firmware: (sample) => sample.firmware,
};

/** Transitions of one attribute, per asset, ignoring samples where the attribute is empty. */
export function controllerTransitions(
  samples: readonly ControllerStateSample[],
  attribute: ControllerAttribute
): ControllerTransition[] {
  const read = READ_ATTRIBUTE[attribute];
  const byAsset = new Map<string, ControllerStateSample[]>();
  for (const sample of samples) {
    if (read(sample) === '') {
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
      const from = read(before);
      const to = read(after);
      if (from !== to) {
        transitions.push({
          asset,
          zone: after.zone,
          attribute,
          previousTime: before.time,
          time: after.time,
          from,
          to,
        });
      }
    }
  }
  return transitions.sort((a, b) => a.time - b.time || (a.asset < b.asset ? -1 : a.asset > b.asset ? 1 : 0));
}
