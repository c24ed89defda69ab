/**
 * An operator at a legitimate HMI sets the chlorine dose to three times its value: an allowed path and
 * an allowed function code, so only the value and the process show it. The next shift restores it.
 */
import type { SimulationContext } from '../normalTraffic';
import { requireAsset } from '../plant';
import type { ProcessWatch } from '../plantRuntime';
import { NOMINAL_SETPOINTS, pointsOfStage, quantize } from '../processPhysics';
import { streamFor } from '../prng';
import { nanoseconds } from '../telemetryRecords';
import { MINUTE_MS, at, evidenceKey, type ScenarioDefinition, type StepTemplate } from './scenario';

const ID = 'insider-setpoint';
const STEP = 'setpoint-out-of-range';
/** The insider multiplies the chlorine dose by this. */
export const INSIDER_DOSE_FACTOR = 3;

export const insiderSetpoint: ScenarioDefinition = {
  id: ID,
  durationMs: 70 * MINUTE_MS,
  summary: 'an operator writes a chlorine dose 3x normal from a legitimate HMI',
  install(ctx: SimulationContext, startMs: number, scale: number): StepTemplate[] {
    const { plant, sink, runtime } = ctx;
    const plc = plant.assets.find((a) => a.role === 'plc' && a.train === 1 && a.unit === 'chlorination');
    if (plc === undefined) {
      return [];
    }
    // hmi-3 is train 1's local panel for chlorination; hmi-1 is the control room.
    const insiderHmi = requireAsset(plant, 'hmi-3');
    const controlRoom = requireAsset(plant, 'hmi-1');
    const rng = streamFor(ctx.seed, `scenario/${ID}`);
    const key = evidenceKey(ID, STEP);
    const point = 'chlorine_dose_setpoint';
    const register = pointsOfStage('chlorination').find((p) => p.point === point)?.register ?? 100;
    const watch: ProcessWatch = {
      controller: plc.name,
      points: [point, 'chlorine_feed_rate', 'chlorine_residual'],
      fromMs: startMs,
      evidence: key,
    };
    const write = (time: number, src: string, value: number, evidence?: string): void => {
      sink.otOperation(
        nanoseconds(time, rng.int(0, 999_999)),
        {
          src,
          dst: plc.ip,
          protocol: 'modbus',
          operation: 'write',
          functionCode: 6,
          unitId: 1,
          address: register,
          quantity: 1,
          value,
          result: 'ok',
          exceptionCode: 0,
          detail: `write ${point}`,
        },
        evidence
      );
    };
    at(ctx, startMs, (time) => {
      const value = quantize(runtime.setpoint(plc.name, point) * INSIDER_DOSE_FACTOR, 2);
      runtime.hold(plc.name, point);
      runtime.writeSetpoint(plc.name, point, value);
      runtime.watch(watch);
      write(time, insiderHmi.ip, value, key);
    });
    at(ctx, startMs + Math.max(10 * MINUTE_MS, 45 * MINUTE_MS * scale), (time) => {
      const nominal = NOMINAL_SETPOINTS[point];
      runtime.writeSetpoint(plc.name, point, nominal);
      runtime.release(plc.name, point);
      watch.settledAfterMs = time;
      write(time, controlRoom.ip, nominal);
    });
    return [
      {
        scenario: ID,
        step: STEP,
        kind: 'insider',
        technique: 'T0836',
        assets: [insiderHmi.name, plc.name],
        expectedCategories: ['process-anomaly', 'unauthorized-command'],
        description: `An operator on ${insiderHmi.name} sets the chlorine dose of ${plc.name} to ${INSIDER_DOSE_FACTOR}x; dose, feed and residual leave their bands until the control room restores it.`,
      },
    ];
  },
};
