/**
 * How a controller's sampled state changed over time: the transitions of its mode, program identity and
 * firmware, per asset, in time order. Shared by the program and mode detectors.
 */
import type { ControllerStateSample } from '../observations';
import { type Remembered, remembered } from '../observationSeries';

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

const samplesByAssetMemory = new WeakMap<
  readonly ControllerStateSample[],
  Remembered<Map<string, ControllerStateSample[]>>
>();

/**
 * The samples of each asset in time order, built once per sample list: the mode and program detectors
 * ask for three attributes of the same samples. Samples usually arrive in time order, and are then not sorted again.
 */
function samplesByAsset(samples: readonly ControllerStateSample[]): Map<string, ControllerStateSample[]> {
  return remembered(samplesByAssetMemory, samples, (list) => {
    const byAsset = new Map<string, ControllerStateSample[]>();
    const unordered = new Set<ControllerStateSample[]>();
    // Indexed loops: this runs once per analysis, before it is optimised, and an iterator then makes an
    // object for every sample.
    for (let i = 0; i < list.length; i++) {
      const sample = list[i];
      const own = byAsset.get(sample.asset);
      if (own === undefined) {
        byAsset.set(sample.asset, [sample]);
      } else {
        if (own[own.length - 1].time > sample.time) {
          unordered.add(own);
        }
        own.push(sample);
      }
    }
    for (const own of unordered) {
      own.sort((x, y) => x.time - y.time);
    }
    return byAsset;
  });
}

/** Transitions of one attribute, per asset, ignoring samples where the attribute is empty. */
export function controllerTransitions(
  samples: readonly ControllerStateSample[],
  attribute: ControllerAttribute
): ControllerTransition[] {
  const read = READ_ATTRIBUTE[attribute];
  const transitions: ControllerTransition[] = [];
  for (const [asset, list] of samplesByAsset(samples)) {
    let before: ControllerStateSample | undefined;
    for (let i = 0; i < list.length; i++) {
      const after = list[i];
      const to = read(after);
      if (to === '') {
        continue;
      }
      if (before !== undefined) {
        const from = read(before);
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
      before = after;
    }
  }
  return transitions.sort((a, b) => a.time - b.time || (a.asset < b.asset ? -1 : a.asset > b.asset ? 1 : 0));
}
