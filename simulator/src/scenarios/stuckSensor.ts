/**
 * Equipment, not an attack: the filter effluent turbidimeter freezes and keeps reporting one value with
 * good quality for hours. A correct detector set reports sensor health and never an attack.
 */
import type { SimulationContext } from '../normalTraffic';
import { MINUTE_MS, evidenceKey, type ScenarioDefinition, type StepTemplate } from './scenario';

const ID = 'stuck-sensor';
const STEP = 'sensor-flatline';
export const STUCK_POINT = 'filter_effluent_turbidity';

export const stuckSensor: ScenarioDefinition = {
  id: ID,
  durationMs: 4 * 60 * MINUTE_MS,
  summary: 'the filter effluent turbidity reading freezes for hours (a fault)',
  install(ctx: SimulationContext, startMs: number, scale: number): StepTemplate[] {
    const plc = ctx.plant.assets.find((a) => a.role === 'plc' && a.train === 1 && a.unit === 'filtration');
    const instrument = ctx.plant.assets.find((a) => a.zone === 'process' && a.train === 1 && a.unit === 'filtration');
    if (plc === undefined) {
      return [];
    }
    const lengthMs = Math.max(30 * MINUTE_MS, 3 * 60 * MINUTE_MS * scale);
    ctx.runtime.freeze(plc.name, STUCK_POINT, startMs, startMs + lengthMs, evidenceKey(ID, STEP));
    return [
      {
        scenario: ID,
        step: STEP,
        kind: 'fault',
        assets: instrument === undefined ? [plc.name] : [plc.name, instrument.name],
        expectedCategories: ['sensor-health'],
        description: `${STUCK_POINT} on ${plc.name} repeats one value with good quality: a frozen turbidimeter.`,
      },
    ];
  },
};
