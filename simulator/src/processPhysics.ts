/**
 * The water treatment process of one train, as coupled first-order physics: diurnal demand drains the
 * clearwell, the intake controller refills it, coagulant dose and raw turbidity set settled and filtered
 * turbidity, filters clog and backwash, and residual chlorine follows the chlorine dose with the lag of
 * the contact tank. Values are sampled with instrument noise, so a real measurement never repeats for
 * long; only a stuck sensor does.
 */
import { streamFor, type Prng } from './prng';
import type { ProcessUnit } from './plant';

export type PointKind = 'measurement' | 'setpoint' | 'status';

export interface ProcessPointSpec {
  /** Controller stage that owns the point (the asset is that stage's controller). */
  stage: ProcessUnit | 'safety';
  point: string;
  kind: PointKind;
  /** Engineering unit. */
  unit: string;
  /** The band normal operation stays inside; a value outside is a process anomaly. */
  band: readonly [number, number];
  decimals: number;
  /** Modbus register: holding registers (setpoints) from 100, input registers from 0. */
  register: number;
}

function spec(
  stage: ProcessPointSpec['stage'],
  point: string,
  kind: PointKind,
  unit: string,
  band: readonly [number, number],
  decimals: number,
  register: number
): ProcessPointSpec {
  return { stage, point, kind, unit, band, decimals, register };
}

/** Every point of a train, controller by controller; setpoints are holding registers 100 and up. */
export const TRAIN_POINTS: readonly ProcessPointSpec[] = [
  spec('intake', 'raw_water_flow', 'measurement', 'm3/h', [300, 1500], 1, 0),
  spec('intake', 'raw_turbidity', 'measurement', 'NTU', [2, 25], 2, 1),
  spec('intake', 'raw_ph', 'measurement', 'pH', [7.0, 8.3], 3, 2),
  spec('intake', 'intake_pump_1_running', 'status', 'bool', [0, 1], 0, 3),
  spec('intake', 'intake_pump_2_running', 'status', 'bool', [0, 1], 0, 4),
  spec('intake', 'intake_flow_limit', 'setpoint', 'm3/h', [1300, 1500], 0, 100),
  spec('coagulation', 'coagulant_dose_setpoint', 'setpoint', 'mg/L', [20, 35], 1, 100),
  spec('coagulation', 'coagulant_feed_rate', 'measurement', 'kg/h', [8, 50], 2, 0),
  spec('coagulation', 'settled_turbidity', 'measurement', 'NTU', [0.3, 3], 3, 1),
  spec('coagulation', 'rapid_mixer_running', 'status', 'bool', [0, 1], 0, 2),
  spec('filtration', 'filter_effluent_turbidity', 'measurement', 'NTU', [0.02, 0.3], 4, 0),
  spec('filtration', 'filter_headloss', 'measurement', 'm', [0.2, 2.0], 3, 1),
  spec('filtration', 'filter_flow', 'measurement', 'm3/h', [250, 1500], 1, 2),
  spec('filtration', 'backwash_active', 'status', 'bool', [0, 1], 0, 3),
  spec('filtration', 'backwash_headloss_setpoint', 'setpoint', 'm', [1.6, 2.0], 2, 100),
  spec('chlorination', 'chlorine_dose_setpoint', 'setpoint', 'mg/L', [1.2, 2.5], 2, 100),
  spec('chlorination', 'chlorine_feed_rate', 'measurement', 'kg/h', [0.4, 3.5], 3, 0),
  spec('chlorination', 'chlorine_residual', 'measurement', 'mg/L', [0.6, 1.9], 3, 1),
  spec('chlorination', 'treated_ph', 'measurement', 'pH', [6.9, 7.9], 3, 2),
  spec('distribution', 'clearwell_level', 'measurement', 'm', [3.2, 4.8], 3, 0),
  spec('distribution', 'distribution_flow', 'measurement', 'm3/h', [450, 1400], 1, 1),
  spec('distribution', 'discharge_pressure', 'measurement', 'bar', [4.0, 5.6], 3, 2),
  spec('distribution', 'dist_pump_1_running', 'status', 'bool', [0, 1], 0, 3),
  spec('distribution', 'dist_pump_2_running', 'status', 'bool', [0, 1], 0, 4),
  spec('distribution', 'dist_pump_3_running', 'status', 'bool', [0, 1], 0, 5),
  spec('distribution', 'clearwell_level_setpoint', 'setpoint', 'm', [3.6, 4.4], 2, 100),
  spec('distribution', 'discharge_pressure_setpoint', 'setpoint', 'bar', [4.4, 5.2], 2, 101),
];

/** The safety controller's points (one SIS per plant, watching train 1). */
export const SAFETY_POINTS: readonly ProcessPointSpec[] = [
  spec('safety', 'chlorine_gas_ppm', 'measurement', 'ppm', [0, 0.5], 3, 0),
  spec('safety', 'clearwell_high_level_switch', 'status', 'bool', [0, 1], 0, 1),
  spec('safety', 'sis_trip', 'status', 'bool', [0, 0], 0, 2),
];

/** Setpoints at commissioning; operators move them a little around these values. */
export const NOMINAL_SETPOINTS: Readonly<Record<string, number>> = {
  intake_flow_limit: 1400,
  coagulant_dose_setpoint: 28,
  backwash_headloss_setpoint: 1.8,
  chlorine_dose_setpoint: 1.8,
  clearwell_level_setpoint: 4.0,
  discharge_pressure_setpoint: 4.8,
};

/** How far operators move a setpoint from nominal in normal operation. */
export const NORMAL_SETPOINT_SPREAD: Readonly<Record<string, number>> = {
  intake_flow_limit: 50,
  coagulant_dose_setpoint: 3,
  backwash_headloss_setpoint: 0.1,
  chlorine_dose_setpoint: 0.2,
  clearwell_level_setpoint: 0.2,
  discharge_pressure_setpoint: 0.2,
};

const HOUR_MS = 3_600_000;
const STEP_S = 10;
const CLEARWELL_AREA_M2 = 1500;
const BASE_DEMAND_M3H = 950;
const CONTACT_TANK_LAG_S = 12 * 60;
const BACKWASH_S = 15 * 60;
const DOSING_LAG_S = 180;

/** Mean-reverting random walk (Ornstein-Uhlenbeck) kept inside hard limits. */
class Drift {
  constructor(
    public value: number,
    private readonly mean: number,
    private readonly sd: number,
    private readonly tauS: number,
    private readonly lo: number,
    private readonly hi: number
  ) {}

  step(dtS: number, rng: Prng): void {
    const a = Math.exp(-dtS / this.tauS);
    const next = this.mean + (this.value - this.mean) * a + this.sd * Math.sqrt(1 - a * a) * rng.normal();
    this.value = Math.min(this.hi, Math.max(this.lo, next));
  }
}

/**
 * Fraction of base demand by hour of day: low at night, a morning and an evening peak of the same
 * height, so any half day of history has seen the whole range.
 */
export function diurnalDemand(hourOfDay: number): number {
  const bump = (centre: number, width: number): number => {
    const d = Math.min(Math.abs(hourOfDay - centre), 24 - Math.abs(hourOfDay - centre));
    return Math.exp(-((d / width) ** 2));
  };
  return 0.74 + 0.3 * bump(7.5, 1.8) + 0.3 * bump(19, 2) + 0.06 * bump(13, 3);
}

export type PointValues = Record<string, number>;

/** One treatment train's state, advanced in fixed steps so results do not depend on sampling. */
export class ProcessTrain {
  private readonly rng: Prng;
  private readonly noise: Prng;
  private timeMs: number;
  readonly setpoints: Record<string, number> = { ...NOMINAL_SETPOINTS };
  private readonly demandWalk: Drift;
  private readonly rawTurbidity: Drift;
  private readonly rawPh: Drift;
  private readonly treatedPh: Drift;
  private intakeFlow: number;
  private level: number;
  private residual: number;
  /** Doses actually fed (mg/L), following their setpoints with the lag of the dosing equipment. */
  private coagulantDose: number = NOMINAL_SETPOINTS.coagulant_dose_setpoint;
  private chlorineDose: number = NOMINAL_SETPOINTS.chlorine_dose_setpoint;
  private readonly headloss: Drift;
  private backwashLeftS = 0;
  private sinceBackwashS: number;
  private backwashIntervalS: number;
  private intakePump2 = false;
  private demand = 0;

  constructor(
    seed: number,
    readonly train: number,
    startMs: number
  ) {
    this.rng = streamFor(seed, `physics/train-${train}`);
    this.noise = streamFor(seed, `physics/train-${train}/noise`);
    this.timeMs = startMs;
    this.demandWalk = new Drift(1, 1, 0.03, 2 * 3600, 0.92, 1.08);
    this.rawTurbidity = new Drift(this.rng.between(6, 10), 8, 1.8, 3 * 3600, 3.5, 18);
    this.rawPh = new Drift(7.6, 7.6, 0.1, 2 * 3600, 7.25, 7.95);
    this.treatedPh = new Drift(7.4, 7.4, 0.07, 1800, 7.15, 7.65);
    this.headloss = new Drift(this.rng.between(1.0, 1.2), 1.1, 0.08, 3600, 0.85, 1.4);
    this.backwashIntervalS = this.rng.between(3.5, 4.5) * 3600;
    this.sinceBackwashS = this.rng.between(0, this.backwashIntervalS);
    this.demand = this.demandAt(startMs);
    this.intakeFlow = this.demand;
    this.level = NOMINAL_SETPOINTS.clearwell_level_setpoint + this.rng.between(-0.05, 0.05);
    this.residual = this.residualTarget();
    this.intakePump2 = this.intakeFlow > 800;
  }

  private demandAt(tMs: number): number {
    const hour = (((tMs % (24 * HOUR_MS)) + 24 * HOUR_MS) % (24 * HOUR_MS)) / HOUR_MS;
    return BASE_DEMAND_M3H * diurnalDemand(hour) * this.demandWalk.value;
  }

  private settledTurbidity(): number {
    return 0.12 * this.rawTurbidity.value * (NOMINAL_SETPOINTS.coagulant_dose_setpoint / this.coagulantDose) ** 0.8;
  }

  private filteredTurbidity(): number {
    return 0.03 + 0.05 * this.settledTurbidity() + 0.015 * this.headloss.value;
  }

  private residualTarget(): number {
    const chlorineDemand = 0.55 + 0.8 * this.filteredTurbidity();
    return Math.max(0, this.chlorineDose - chlorineDemand);
  }

  /** Integrates up to `tMs` (never backwards). */
  advance(tMs: number): void {
    while (this.timeMs + STEP_S * 1000 <= tMs) {
      this.step(STEP_S);
      this.timeMs += STEP_S * 1000;
    }
  }

  private step(dtS: number): void {
    this.demandWalk.step(dtS, this.rng);
    this.rawTurbidity.step(dtS, this.rng);
    this.rawPh.step(dtS, this.rng);
    this.treatedPh.step(dtS, this.rng);
    this.demand = this.demandAt(this.timeMs);

    // Intake follows demand plus a level correction, through the lag of the treatment works.
    const wanted = this.demand + 900 * (this.setpoints.clearwell_level_setpoint - this.level);
    const target = Math.min(this.setpoints.intake_flow_limit, Math.max(300, wanted));
    this.intakeFlow += (target - this.intakeFlow) * (1 - Math.exp(-dtS / 900));
    if (this.intakeFlow > 850) {
      this.intakePump2 = true;
    } else if (this.intakeFlow < 750) {
      this.intakePump2 = false;
    }
    this.level += ((this.intakeFlow - this.demand) / CLEARWELL_AREA_M2) * (dtS / 3600);

    // The filter bank's mean headloss wanders a little as filters are washed in rotation; one filter
    // of six is in backwash for a quarter of an hour every few hours.
    this.headloss.step(dtS, this.rng);
    if (this.backwashLeftS > 0) {
      this.backwashLeftS -= dtS;
    } else {
      this.sinceBackwashS += dtS;
      if (this.sinceBackwashS >= this.backwashIntervalS) {
        this.backwashLeftS = BACKWASH_S;
        this.sinceBackwashS = 0;
        this.backwashIntervalS = this.rng.between(3.5, 4.5) * 3600;
      }
    }

    // Dosing pumps and the gas chlorinator's valve ramp to a new setpoint over minutes.
    const dosing = 1 - Math.exp(-dtS / DOSING_LAG_S);
    this.coagulantDose += (this.setpoints.coagulant_dose_setpoint - this.coagulantDose) * dosing;
    this.chlorineDose += (this.setpoints.chlorine_dose_setpoint - this.chlorineDose) * dosing;
    this.residual += (this.residualTarget() - this.residual) * (1 - Math.exp(-dtS / CONTACT_TANK_LAG_S));
  }

  private distPumps(): number {
    return 1 + (this.demand > 880 ? 1 : 0) + (this.demand > 1250 ? 1 : 0);
  }

  /** True values with instrument noise, by point name, at the current state. */
  sample(): PointValues {
    const n = this.noise;
    const sp = this.setpoints;
    const settled = this.settledTurbidity();
    const pumps = this.distPumps();
    const backwashing = this.backwashLeftS > 0;
    return {
      raw_water_flow: this.intakeFlow * (1 + 0.004 * n.normal()),
      raw_turbidity: this.rawTurbidity.value * (1 + 0.01 * n.normal()),
      raw_ph: this.rawPh.value + 0.005 * n.normal(),
      intake_pump_1_running: 1,
      intake_pump_2_running: this.intakePump2 ? 1 : 0,
      intake_flow_limit: sp.intake_flow_limit,
      coagulant_dose_setpoint: sp.coagulant_dose_setpoint,
      coagulant_feed_rate: ((this.coagulantDose * this.intakeFlow) / 1000) * (1 + 0.006 * n.normal()),
      settled_turbidity: settled * (1 + 0.02 * n.normal()),
      rapid_mixer_running: 1,
      filter_effluent_turbidity: Math.max(0.021, this.filteredTurbidity() + 0.003 * n.normal()),
      filter_headloss: this.headloss.value + 0.004 * n.normal(),
      filter_flow: this.intakeFlow * (1 + 0.004 * n.normal()),
      backwash_active: backwashing ? 1 : 0,
      backwash_headloss_setpoint: sp.backwash_headloss_setpoint,
      chlorine_dose_setpoint: sp.chlorine_dose_setpoint,
      chlorine_feed_rate: ((this.chlorineDose * this.intakeFlow) / 1000) * (1 + 0.005 * n.normal()),
      chlorine_residual: Math.max(0, this.residual + 0.012 * n.normal()),
      treated_ph: this.treatedPh.value + 0.004 * n.normal(),
      clearwell_level: this.level + 0.003 * n.normal(),
      distribution_flow: this.demand * (1 + 0.004 * n.normal()),
      discharge_pressure: sp.discharge_pressure_setpoint - 0.00025 * (this.demand - 900) + 0.02 * n.normal(),
      dist_pump_1_running: 1,
      dist_pump_2_running: pumps >= 2 ? 1 : 0,
      dist_pump_3_running: pumps >= 3 ? 1 : 0,
      clearwell_level_setpoint: sp.clearwell_level_setpoint,
      discharge_pressure_setpoint: sp.discharge_pressure_setpoint,
    };
  }

  /** The safety system's view: gas detector noise and the overfill switch. */
  sampleSafety(): PointValues {
    return {
      chlorine_gas_ppm: 0.04 + 0.015 * Math.abs(this.noise.normal()),
      clearwell_high_level_switch: this.level > 5.2 ? 1 : 0,
      sis_trip: 0,
    };
  }
}

/** Rounds a sample to the point's resolution, as the controller's register scaling would. */
export function quantize(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

export function pointsOfStage(stage: ProcessUnit | 'safety'): ProcessPointSpec[] {
  return (stage === 'safety' ? SAFETY_POINTS : TRAIN_POINTS).filter((p) => p.stage === stage);
}

export function isInBand(spec: ProcessPointSpec, value: number): boolean {
  return value >= spec.band[0] && value <= spec.band[1];
}
