/**
 * The plant on an ordinary day: SCADA and HMIs polling controllers, controllers polling instruments,
 * operators nudging setpoints, the historian collecting and replicating, office users browsing, mailing
 * and logging on, administrators working through the jump host, inventory and controller snapshots.
 *
 * Rules that keep normal operation quiet for detectors: every path and talker appears within the
 * first hour of a run and keeps appearing (only rates follow the time of day), long-lived sessions write
 * one flow record per minute, and every value stays inside its band.
 */
import {
  assetsWithRole,
  fieldUnit,
  requireAsset as must,
  type FieldProtocol,
  type Plant,
  type PlantAsset,
} from './plant';
import { SERVICE_PORTS, transportOf, UMAS_FUNCTION_CODE } from './plantZoneModel';
import { PROCESS_SAMPLE_MS, type PlantRuntime } from './plantRuntime';
import { NORMAL_SETPOINT_SPREAD, NOMINAL_SETPOINTS, quantize } from './processPhysics';
import { streamFor, type Prng } from './prng';
import type { Scheduler } from './scheduler';
import { nanoseconds, type TelemetrySink } from './telemetryRecords';

export interface SimulationContext {
  seed: number;
  plant: Plant;
  runtime: PlantRuntime;
  sink: TelemetrySink;
  scheduler: Scheduler;
  /** Start of the run (ms). */
  startMs: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function hourOfDay(timeMs: number): number {
  return (((timeMs % DAY) + DAY) % DAY) / HOUR;
}

/** Office hours and the operators' day shift (UTC). */
export function isDaytime(timeMs: number): boolean {
  const hour = hourOfDay(timeMs);
  return hour >= 7 && hour < 19;
}

function alignUp(timeMs: number, stepMs: number): number {
  return Math.ceil(timeMs / stepMs) * stepMs;
}

/** Random nanoseconds inside a millisecond, so records of one millisecond keep distinct times. */
function subMs(rng: Prng): number {
  return rng.int(0, 999_999);
}

function ephemeralPort(rng: Prng): number {
  return rng.int(49152, 65535);
}

/** Schedules `fire` at `first` and then after gaps of `gap(time)` ms (at least a second). */
function recurring(
  ctx: SimulationContext,
  name: string,
  first: number,
  gap: (timeMs: number, rng: Prng) => number,
  fire: (timeMs: number, rng: Prng) => void
): void {
  const rng = streamFor(ctx.seed, name);
  ctx.scheduler.add(Math.floor(first), (time) => {
    fire(time, rng);
    return time + Math.max(SECOND, Math.round(gap(time, rng)));
  });
}

/** A gap drawn from day and night means (minutes), never below `minMinutes`. */
function shiftGap(dayMinutes: number, nightMinutes: number, minMinutes = 0.1): (t: number, rng: Prng) => number {
  return (t, rng) => Math.max(minMinutes, rng.exponential(isDaytime(t) ? dayMinutes : nightMinutes)) * MINUTE;
}

/** First occurrence somewhere in the first `withinMs` of the run. */
function early(ctx: SimulationContext, name: string, withinMs: number): number {
  return ctx.startMs + streamFor(ctx.seed, `${name}/first`).between(0, withinMs);
}

export function installNormalOperations(ctx: SimulationContext): void {
  installProcessSampling(ctx);
  installControllerStates(ctx);
  installInventory(ctx);
  installPolling(ctx);
  installFieldUnitPolling(ctx);
  installOperatorWrites(ctx);
  installEngineering(ctx);
  installHistorian(ctx);
  installOffice(ctx);
  installAdministration(ctx);
  installOperatorLogons(ctx);
  installBenignAlerts(ctx);
}

function installProcessSampling(ctx: SimulationContext): void {
  ctx.scheduler.add(alignUp(ctx.startMs, PROCESS_SAMPLE_MS), (time) => {
    ctx.runtime.sampleProcess(time, ctx.sink);
    return time + PROCESS_SAMPLE_MS;
  });
}

function installControllerStates(ctx: SimulationContext): void {
  for (const status of ctx.runtime.controllers.values()) {
    const rng = streamFor(ctx.seed, `controller-state/${status.asset.name}`);
    const baseLoad = rng.between(18, 32);
    const baseScan = rng.between(6, 18);
    ctx.scheduler.add(ctx.startMs + rng.int(0, 59) * SECOND, (time) => {
      const stopped = status.mode !== 'run';
      ctx.sink.controllerState(
        nanoseconds(time),
        status.asset,
        {
          mode: status.mode,
          programHash: status.programHash,
          firmware: status.asset.firmware,
          cpuLoad: quantize((stopped ? baseLoad * 0.4 : baseLoad) + rng.normal(), 1),
          scanTimeMs: quantize(stopped ? 0 : baseScan + 0.3 * rng.normal(), 2),
        },
        ctx.runtime.stateEvidence(status)
      );
      return time + MINUTE;
    });
  }
}

function installInventory(ctx: SimulationContext): void {
  // The inventory runs once at the start and then five minutes past every hour.
  let next = ctx.startMs + 30 * SECOND;
  ctx.scheduler.add(next, (time) => {
    ctx.plant.assets.forEach((asset, i) => ctx.sink.asset(nanoseconds(time + i * 50), asset));
    next = alignUp(time + 1, HOUR) + 5 * MINUTE;
    return next;
  });
}

interface PollTarget {
  controller: PlantAsset;
  /** Register reads alternate between holding (3) and input (4) registers unless fixed. */
  codes: readonly number[];
}

/** A Modbus master polling targets every `periodMs`, with one flow record per target and minute. */
function modbusMaster(ctx: SimulationContext, master: PlantAsset, targets: PollTarget[], periodMs: number): void {
  if (targets.length === 0) {
    return;
  }
  const name = `poll/${master.name}/${periodMs}`;
  const rng = streamFor(ctx.seed, name);
  const ports = targets.map(() => ephemeralPort(rng));
  let cycle = 0;
  const runtime = ctx.runtime;
  ctx.scheduler.add(ctx.startMs + rng.int(0, periodMs - 1), (time) => {
    for (let k = 0; k < targets.length; k++) {
      const target = targets[k];
      const code = target.codes[cycle % target.codes.length];
      const read = readRequest(runtime, target.controller, code);
      ctx.sink.otOperation(nanoseconds(time + k * 23, subMs(rng)), {
        src: master.ip,
        dst: target.controller.ip,
        protocol: 'modbus',
        operation: 'read',
        functionCode: code,
        unitId: 1,
        address: read.address,
        quantity: read.quantity,
        value: read.value,
        result: 'ok',
        exceptionCode: 0,
        detail: code === 3 ? 'read holding registers' : 'read input registers',
      });
    }
    cycle++;
    return time + periodMs + rng.int(-20, 20);
  });
  const pollsPerMinute = MINUTE / periodMs;
  const flowRng = streamFor(ctx.seed, `${name}/flows`);
  ctx.scheduler.add(ctx.startMs + flowRng.int(0, MINUTE - 1), (time) => {
    targets.forEach((target, k) => {
      const polls = Math.max(1, Math.round(pollsPerMinute * (1 + 0.01 * flowRng.normal())));
      const quantity = Math.max(1, runtime.pointsOf(target.controller.name).length);
      ctx.sink.flow(nanoseconds(time + k * 7, subMs(flowRng)), {
        src: master.ip,
        dst: target.controller.ip,
        transport: 'tcp',
        service: 'modbus',
        dstPort: SERVICE_PORTS.modbus,
        srcPort: ports[k],
        bytesOut: polls * 12,
        bytesIn: polls * (9 + 2 * quantity),
        packets: polls * 4,
        duration: 60,
        connState: 'S1',
      });
    });
    return time + MINUTE;
  });
}

/** What a register read returns: the block's first register and its value. */
function readRequest(
  runtime: PlantRuntime,
  controller: PlantAsset,
  code: number
): { address: number; quantity: number; value: number } {
  const points = runtime.pointsOf(controller.name);
  const holding = points.filter((p) => p.kind === 'setpoint');
  const input = points.filter((p) => p.kind !== 'setpoint');
  const block = code === 3 && holding.length > 0 ? holding : input;
  const first = block[0];
  if (first === undefined) {
    return { address: 0, quantity: 1, value: 0 };
  }
  return { address: first.register, quantity: block.length, value: runtime.register(controller.name, first.point) };
}

function installPolling(ctx: SimulationContext): void {
  const { plant } = ctx;
  const plcs = assetsWithRole(plant, 'plc');
  const alternate = [3, 4];
  const all = plcs.map((controller) => ({ controller, codes: alternate }));
  const scada1 = must(plant, 'scada-1');
  const scada2 = must(plant, 'scada-2');
  const sis = must(plant, 'sis-1');
  // The primary SCADA server scans every second, the standby every ten; HMIs every five.
  modbusMaster(ctx, scada1, all, SECOND);
  modbusMaster(ctx, scada2, all, 10 * SECOND);
  modbusMaster(ctx, scada1, [{ controller: sis, codes: alternate }], 5 * SECOND);
  for (const hmi of assetsWithRole(plant, 'hmi')) {
    const scope = hmiScope(plant, hmi);
    modbusMaster(
      ctx,
      hmi,
      scope.map((controller) => ({ controller, codes: alternate })),
      5 * SECOND
    );
  }
  // The historian reads compliance values (input registers) of chlorination and distribution directly.
  const historian = must(plant, 'hist-1');
  modbusMaster(
    ctx,
    historian,
    plcs
      .filter((p) => p.unit === 'chlorination' || p.unit === 'distribution')
      .map((controller) => ({ controller, codes: [4] })),
    MINUTE
  );
  // Controllers poll their instruments through the I/O gateway; the distribution PLC also drives its VFD.
  for (const instrument of plant.assets.filter((a) => a.zone === 'process')) {
    const controller = plcs.find((p) => p.train === instrument.train && p.unit === instrument.unit);
    if (controller !== undefined) {
      instrumentPolling(ctx, controller, instrument);
    }
  }
}

/** How a master supervises a field unit outside the trains: one request kind, repeated. */
interface FieldPoll {
  periodMs: number;
  protocol: FieldProtocol;
  functionCode: number;
  unitId: number;
  quantity: number;
  detail: string;
  /** Bytes of one request and its answer, for the minute's flow record. */
  requestBytes: number;
  answerBytes: number;
  /** The first value the answer carries, around which it wanders. */
  value: number;
}

function fieldUnitPolling(ctx: SimulationContext, master: PlantAsset, unit: PlantAsset, poll: FieldPoll): void {
  const name = `field-poll/${master.name}/${unit.name}`;
  recurring(
    ctx,
    name,
    ctx.startMs + streamFor(ctx.seed, `${name}/first`).int(0, poll.periodMs - 1),
    (_t, rng) => poll.periodMs + rng.int(-20, 20),
    (time, rng) => {
      ctx.sink.otOperation(nanoseconds(time, subMs(rng)), {
        src: master.ip,
        dst: unit.ip,
        protocol: poll.protocol,
        operation: 'read',
        functionCode: poll.functionCode,
        unitId: poll.unitId,
        address: 0,
        quantity: poll.quantity,
        value: quantize(poll.value * (1 + 0.02 * rng.normal()), 2),
        result: 'ok',
        exceptionCode: 0,
        detail: poll.detail,
      });
    }
  );
  const pollsPerMinute = MINUTE / poll.periodMs;
  minuteSession(
    ctx,
    `${name}/flows`,
    master.ip,
    unit.ip,
    poll.protocol,
    SERVICE_PORTS[poll.protocol],
    pollsPerMinute * poll.requestBytes,
    pollsPerMinute * poll.answerBytes,
    transportOf(poll.protocol)
  );
}

/**
 * The field units outside the trains: SCADA polls the booster station's RTU for DNP3 class events and
 * reads the ventilation controller's BACnet objects; the primary SCADA server and the control-room HMI
 * read the UV skid's tags over EtherNet/IP (CIP).
 */
function installFieldUnitPolling(ctx: SimulationContext): void {
  const { plant } = ctx;
  const scada1 = must(plant, 'scada-1');
  const scada2 = must(plant, 'scada-2');
  const controlRoom = must(plant, 'hmi-1');
  const dnp3Poll: FieldPoll = {
    periodMs: 10 * SECOND,
    protocol: 'dnp3',
    // DNP3 READ of the class 1, 2 and 3 event data; outstation address 10.
    functionCode: 1,
    unitId: 10,
    quantity: 3,
    detail: 'READ class 1 2 3 events',
    requestBytes: 24,
    answerBytes: 60,
    value: 4.2,
  };
  fieldUnitPolling(ctx, scada1, fieldUnit(plant, 'dnp3'), dnp3Poll);
  fieldUnitPolling(ctx, scada2, fieldUnit(plant, 'dnp3'), { ...dnp3Poll, periodMs: MINUTE });
  fieldUnitPolling(ctx, scada2, fieldUnit(plant, 'bacnet'), {
    periodMs: 30 * SECOND,
    protocol: 'bacnet',
    // BACnet confirmed service ReadPropertyMultiple: fan status, room chlorine level, damper position.
    functionCode: 14,
    unitId: 0,
    quantity: 3,
    detail: 'ReadPropertyMultiple fan status, room Cl2, damper',
    requestBytes: 40,
    answerBytes: 90,
    value: 0.1,
  });
  const cipRead: FieldPoll = {
    periodMs: 2 * SECOND,
    protocol: 'enip',
    // CIP service 0x4C, Logix Read Tag: UV dose, lamp intensity, transmittance.
    functionCode: 0x4c,
    unitId: 0,
    quantity: 3,
    detail: 'Read Tag UV_Dose, Lamp_Intensity, UVT',
    requestBytes: 70,
    answerBytes: 58,
    value: 40,
  };
  fieldUnitPolling(ctx, scada1, fieldUnit(plant, 'enip'), cipRead);
  fieldUnitPolling(ctx, controlRoom, fieldUnit(plant, 'enip'), { ...cipRead, periodMs: 5 * SECOND });
}

/** Controllers an HMI shows: the control room sees everything, local panels their part of a train. */
export function hmiScope(plant: Plant, hmi: PlantAsset): PlantAsset[] {
  const plcs = assetsWithRole(plant, 'plc');
  if (hmi.train === undefined) {
    return plcs;
  }
  const index = Number(hmi.name.split('-')[1]);
  const front = index % 2 === 0;
  return plcs.filter(
    (p) =>
      p.train === hmi.train &&
      (front ? ['intake', 'coagulation', 'filtration'] : ['chlorination', 'distribution']).includes(p.unit ?? '')
  );
}

const INSTRUMENT_READING: Record<string, string> = {
  intake: 'raw_water_flow',
  filtration: 'filter_effluent_turbidity',
  chlorination: 'chlorine_residual',
  distribution: 'distribution_flow',
};

function instrumentPolling(ctx: SimulationContext, controller: PlantAsset, instrument: PlantAsset): void {
  const name = `instrument/${instrument.name}`;
  const rng = streamFor(ctx.seed, name);
  const port = ephemeralPort(rng);
  const drive = instrument.role === 'actuator';
  const reading = INSTRUMENT_READING[instrument.unit ?? ''] ?? 'raw_water_flow';
  let cycle = 0;
  ctx.scheduler.add(ctx.startMs + rng.int(0, 4999), (time) => {
    const measured = ctx.runtime.register(controller.name, reading);
    // A drive reports and takes its speed in percent; a sensor reports its reading.
    const value = drive ? quantize(Math.min(100, 40 + measured / 25), 1) : measured;
    const writing = drive && cycle % 6 === 0;
    ctx.sink.otOperation(nanoseconds(time, subMs(rng)), {
      src: controller.ip,
      dst: instrument.ip,
      protocol: 'modbus',
      operation: writing ? 'write' : 'read',
      functionCode: writing ? 6 : drive ? 3 : 4,
      unitId: 1,
      address: writing ? 1 : 0,
      quantity: writing ? 1 : 2,
      value,
      result: 'ok',
      exceptionCode: 0,
      detail: writing ? 'write speed reference' : drive ? 'read drive status' : 'read measured value',
    });
    cycle++;
    return time + 5 * SECOND + rng.int(-10, 10);
  });
  ctx.scheduler.add(ctx.startMs + rng.int(0, MINUTE - 1), (time) => {
    const polls = 12;
    ctx.sink.flow(nanoseconds(time, subMs(rng)), {
      src: controller.ip,
      dst: instrument.ip,
      transport: 'tcp',
      service: 'modbus',
      dstPort: SERVICE_PORTS.modbus,
      srcPort: port,
      bytesOut: polls * 12,
      bytesIn: polls * 13,
      packets: polls * 4,
      duration: 60,
      connState: 'S1',
    });
    return time + MINUTE;
  });
}

/** Operators adjust setpoints a little, more often by day; each HMI does so within the first hour. */
function installOperatorWrites(ctx: SimulationContext): void {
  const { plant, runtime } = ctx;
  for (const hmi of assetsWithRole(plant, 'hmi')) {
    for (const controller of hmiScope(plant, hmi)) {
      const setpoints = runtime.pointsOf(controller.name).filter((p) => p.kind === 'setpoint');
      if (setpoints.length === 0) {
        continue;
      }
      const name = `operator-write/${hmi.name}/${controller.name}`;
      recurring(ctx, name, early(ctx, name, 45 * MINUTE), shiftGap(80, 200, 10), (time, rng) => {
        const free = setpoints.filter((p) => !runtime.isHeld(controller.name, p.point));
        if (free.length === 0) {
          return;
        }
        // Two setpoints on one controller are written together (FC 16), a single one alone (FC 6).
        const multiple = setpoints.length > 1 && free.length === setpoints.length;
        const written = multiple ? free : [rng.pick(free)];
        for (const spec of written) {
          // Anywhere within the normal spread around nominal, so a day of history has seen the whole range.
          const nominal = NOMINAL_SETPOINTS[spec.point];
          const spread = NORMAL_SETPOINT_SPREAD[spec.point];
          runtime.writeSetpoint(
            controller.name,
            spec.point,
            quantize(nominal + rng.between(-spread, spread), spec.decimals)
          );
        }
        const first = written[0];
        ctx.sink.otOperation(nanoseconds(time, subMs(rng)), {
          src: hmi.ip,
          dst: controller.ip,
          protocol: 'modbus',
          operation: 'write',
          functionCode: multiple ? 16 : 6,
          unitId: 1,
          address: first.register,
          quantity: written.length,
          value: runtime.setpoint(controller.name, first.point),
          result: 'ok',
          exceptionCode: 0,
          detail: `write ${written.map((s) => s.point).join(', ')}`,
        });
      });
    }
  }
}

/** The engineering workstation checks controller diagnostics now and then. */
function installEngineering(ctx: SimulationContext): void {
  const ews = must(ctx.plant, 'ews-1');
  for (const controller of assetsWithRole(ctx.plant, 'plc')) {
    const name = `engineering/${controller.name}`;
    const s7 = controller.engineeringProtocol === 's7comm';
    recurring(
      ctx,
      name,
      early(ctx, name, 40 * MINUTE),
      (_t, rng) => rng.between(20, 45) * MINUTE,
      (time, rng) => {
        const t = nanoseconds(time, subMs(rng));
        ctx.sink.otOperation(t, {
          src: ews.ip,
          dst: controller.ip,
          protocol: s7 ? 's7comm' : 'modbus',
          operation: s7 ? 'read' : 'diagnostic',
          // S7 "read variable" (SZL diagnostics); UMAS over Modbus function 90 ("read PLC status").
          functionCode: s7 ? 4 : UMAS_FUNCTION_CODE,
          unitId: s7 ? 0 : 1,
          address: 0,
          quantity: s7 ? 28 : 1,
          value: 0,
          result: 'ok',
          exceptionCode: 0,
          detail: s7 ? 'read SZL module diagnostics' : 'UMAS read PLC status',
        });
        ctx.sink.flow(t, {
          src: ews.ip,
          dst: controller.ip,
          transport: 'tcp',
          service: s7 ? 's7comm' : 'modbus',
          dstPort: s7 ? SERVICE_PORTS.s7comm : SERVICE_PORTS.modbus,
          srcPort: ephemeralPort(rng),
          bytesOut: rng.int(180, 260),
          bytesIn: rng.int(600, 1400),
          packets: rng.int(10, 16),
          duration: quantize(rng.between(0.05, 0.4), 3),
          connState: 'SF',
        });
      }
    );
  }
}

/** A long-lived session writing one flow record a minute with volumes around the given means. */
function minuteSession(
  ctx: SimulationContext,
  name: string,
  src: string,
  dst: string,
  service: string,
  dstPort: number,
  bytesOut: number,
  bytesIn: number,
  transport: 'tcp' | 'udp' = 'tcp'
): void {
  const rng = streamFor(ctx.seed, name);
  const port = ephemeralPort(rng);
  ctx.scheduler.add(ctx.startMs + rng.int(0, MINUTE - 1), (time) => {
    const scale = 1 + 0.05 * rng.normal();
    ctx.sink.flow(nanoseconds(time, subMs(rng)), {
      src,
      dst,
      transport,
      service,
      dstPort,
      srcPort: port,
      bytesOut: bytesOut * scale,
      bytesIn: bytesIn * scale,
      packets: Math.round(((bytesOut + bytesIn) * scale) / 400) + 2,
      duration: 60,
      // Zeek closes a UDP conversation that is still answered as SF; an open TCP session is S1.
      connState: transport === 'udp' ? 'SF' : 'S1',
    });
    return time + MINUTE;
  });
}

function installHistorian(ctx: SimulationContext): void {
  const { plant } = ctx;
  const historian = must(plant, 'hist-1');
  const replica = must(plant, 'hist-replica-1');
  const mes = must(plant, 'mes-1');
  // OPC UA subscriptions from the historian to both SCADA servers, and the MES's reads of the primary.
  for (const scada of assetsWithRole(plant, 'scada-server')) {
    minuteSession(
      ctx,
      `opcua/${historian.name}/${scada.name}`,
      historian.ip,
      scada.ip,
      'opcua',
      SERVICE_PORTS.opcua,
      2_400,
      52_000
    );
    recurring(
      ctx,
      `opcua-read/${historian.name}/${scada.name}`,
      ctx.startMs + streamFor(ctx.seed, `opcua-read/${scada.name}`).int(0, MINUTE - 1),
      () => MINUTE,
      (time, rng) => {
        ctx.sink.otOperation(nanoseconds(time, subMs(rng)), {
          src: historian.ip,
          dst: scada.ip,
          protocol: 'opcua',
          operation: 'read',
          // OPC UA service id of ReadRequest.
          functionCode: 631,
          unitId: 0,
          address: 0,
          quantity: 240,
          value: ctx.runtime.register(
            plant.assets.find((a) => a.unit === 'chlorination')?.name ?? '',
            'chlorine_residual'
          ),
          result: 'ok',
          exceptionCode: 0,
          detail: 'read 240 tags',
        });
      }
    );
  }
  const scada1 = must(plant, 'scada-1');
  recurring(
    ctx,
    'opcua-read/mes',
    early(ctx, 'opcua-read/mes', 5 * MINUTE),
    () => 5 * MINUTE,
    (time, rng) => {
      const t = nanoseconds(time, subMs(rng));
      ctx.sink.otOperation(t, {
        src: mes.ip,
        dst: scada1.ip,
        protocol: 'opcua',
        operation: 'read',
        functionCode: 631,
        unitId: 0,
        address: 0,
        quantity: 40,
        value: ctx.runtime.register(
          plant.assets.find((a) => a.unit === 'distribution')?.name ?? '',
          'distribution_flow'
        ),
        result: 'ok',
        exceptionCode: 0,
        detail: 'read 40 production tags',
      });
      ctx.sink.flow(t, {
        src: mes.ip,
        dst: scada1.ip,
        transport: 'tcp',
        service: 'opcua',
        dstPort: SERVICE_PORTS.opcua,
        srcPort: ephemeralPort(rng),
        bytesOut: rng.int(900, 1300),
        bytesIn: rng.int(5_000, 9_000),
        packets: rng.int(14, 24),
        duration: quantize(rng.between(0.2, 1.2), 3),
        connState: 'SF',
      });
    }
  );
  // Replication through the data diode: data only flows out, nothing comes back.
  recurring(
    ctx,
    'replication',
    ctx.startMs + 20 * SECOND,
    () => MINUTE,
    (time, rng) => {
      const bytes = rng.int(150_000, 260_000);
      ctx.sink.flow(nanoseconds(time, subMs(rng)), {
        src: historian.ip,
        dst: replica.ip,
        transport: 'tcp',
        service: 'https',
        dstPort: SERVICE_PORTS.https,
        srcPort: ephemeralPort(rng),
        bytesOut: bytes,
        bytesIn: 0,
        packets: Math.round(bytes / 1400) + 4,
        duration: quantize(rng.between(0.4, 1.5), 3),
        connState: 'SF',
      });
    }
  );
}

interface ShortFlow {
  src: string;
  dst: string;
  transport?: 'tcp' | 'udp';
  service: string;
  dstPort: number;
  bytesOut: [number, number];
  bytesIn: [number, number];
  duration: [number, number];
}

function shortFlow(ctx: SimulationContext, time: number, rng: Prng, f: ShortFlow, scale = 1): void {
  const bytesOut = rng.int(f.bytesOut[0], f.bytesOut[1]) * scale;
  const bytesIn = rng.int(f.bytesIn[0], f.bytesIn[1]) * scale;
  ctx.sink.flow(nanoseconds(time, subMs(rng)), {
    src: f.src,
    dst: f.dst,
    transport: f.transport ?? 'tcp',
    service: f.service,
    dstPort: f.dstPort,
    srcPort: ephemeralPort(rng),
    bytesOut,
    bytesIn,
    packets: Math.max(2, Math.round((bytesOut + bytesIn) / 900)),
    duration: quantize(rng.between(f.duration[0], f.duration[1]), 3),
    connState: 'SF',
  });
}

/** A recurring short connection that appears within the first 45 minutes of the run. */
function routine(
  ctx: SimulationContext,
  name: string,
  gap: (t: number, rng: Prng) => number,
  flow: ShortFlow,
  onFire?: (time: number, rng: Prng) => void
): void {
  recurring(ctx, name, early(ctx, name, 45 * MINUTE), gap, (time, rng) => {
    shortFlow(ctx, time, rng, flow, isDaytime(time) ? 1 : 0.4);
    onFire?.(time, rng);
  });
}

/** Mean days between the historian reports of an office worker who is not a process engineer. */
const OCCASIONAL_REPORT_DAYS = 3;

function installOffice(ctx: SimulationContext): void {
  const { plant } = ctx;
  const dc = must(plant, 'dc-1');
  const proxy = must(plant, 'proxy-1');
  const mail = must(plant, 'mail-1');
  const fileServer = must(plant, 'fs-1');
  const replica = must(plant, 'hist-replica-1');
  const patch = must(plant, 'patch-1');
  const extMail = must(plant, 'ext-mail');
  const extUpdates = must(plant, 'ext-updates');
  const extSaas = must(plant, 'ext-saas');
  const dcV6 = dc.ipv6 ?? dc.ip;
  const P = SERVICE_PORTS;
  const workstations = assetsWithRole(plant, 'workstation');

  workstations.forEach((ws, index) => {
    const v6 = ws.ipv6 ?? ws.ip;
    const user = ws.name.startsWith('ws-admin') ? `adm-${ws.name.split('-')[2]}` : `user-${ws.name.slice(3)}`;
    routine(ctx, `web/${ws.name}`, shiftGap(2, 25), {
      src: ws.ip,
      dst: proxy.ip,
      service: 'http',
      dstPort: P.http,
      bytesOut: [2_000, 40_000],
      bytesIn: [20_000, 900_000],
      duration: [1, 50],
    });
    routine(ctx, `dns/${ws.name}`, shiftGap(1.5, 6), {
      src: v6,
      dst: dcV6,
      transport: 'udp',
      service: 'dns',
      dstPort: P.dns,
      bytesOut: [60, 600],
      bytesIn: [120, 2_400],
      duration: [0.001, 0.05],
    });
    routine(ctx, `ldap/${ws.name}`, shiftGap(15, 30), {
      src: v6,
      dst: dcV6,
      service: 'ldap',
      dstPort: P.ldap,
      bytesOut: [400, 3_000],
      bytesIn: [1_500, 12_000],
      duration: [0.01, 0.3],
    });
    routine(ctx, `smb/${ws.name}`, shiftGap(6, 45), {
      src: ws.ip,
      dst: fileServer.ip,
      service: 'smb',
      dstPort: P.smb,
      bytesOut: [1_000, 200_000],
      bytesIn: [2_000, 2_000_000],
      duration: [0.2, 30],
    });
    routine(ctx, `mail/${ws.name}`, shiftGap(4, 30), {
      src: ws.ip,
      dst: mail.ip,
      service: 'https',
      dstPort: P.https,
      bytesOut: [1_500, 60_000],
      bytesIn: [4_000, 300_000],
      duration: [0.5, 40],
    });
    // Kerberos logons and ticket renewals at the domain controller; now and then a mistyped password.
    const logonName = `logon/${ws.name}`;
    recurring(ctx, logonName, early(ctx, logonName, 45 * MINUTE), shiftGap(50, 150, 5), (time, rng) => {
      let t = time;
      if (rng.chance(0.03)) {
        ctx.sink.auth(nanoseconds(t, subMs(rng)), {
          target: dc.ip,
          src: v6,
          user,
          method: 'kerberos',
          result: 'failure',
          reason: 'bad password',
        });
        t += rng.int(4, 25) * SECOND;
      }
      ctx.sink.auth(nanoseconds(t, subMs(rng)), {
        target: dc.ip,
        src: v6,
        user,
        method: 'kerberos',
        result: 'success',
        reason: 'ok',
      });
      shortFlow(ctx, t, rng, {
        src: v6,
        dst: dcV6,
        service: 'kerberos',
        dstPort: P.kerberos,
        bytesOut: [1_200, 2_400],
        bytesIn: [1_400, 3_000],
        duration: [0.005, 0.05],
      });
    });
    // Process engineers in the office read historian reports from the DMZ replica; everyone else now and then
    // (every few days), so new readers keep appearing long after any learning period: the churn of a real office.
    const reports: ShortFlow = {
      src: ws.ip,
      dst: replica.ip,
      service: 'https',
      dstPort: P.https,
      bytesOut: [2_000, 20_000],
      bytesIn: [50_000, 2_000_000],
      duration: [0.5, 20],
    };
    if (index % 5 === 2) {
      routine(ctx, `reports/${ws.name}`, shiftGap(30, 120), reports);
    } else {
      const name = `occasional-reports/${ws.name}`;
      const first = ctx.startMs + streamFor(ctx.seed, `${name}/first`).exponential(OCCASIONAL_REPORT_DAYS * DAY);
      recurring(
        ctx,
        name,
        first,
        (_, rng) => rng.exponential(OCCASIONAL_REPORT_DAYS * DAY),
        (time, rng) => shortFlow(ctx, time, rng, reports)
      );
    }
  });

  // The proxy and the mail server on the internet side; volume follows the office's day.
  const officeScale = Math.max(1, workstations.length / 10);
  for (const ext of [extSaas, extUpdates]) {
    recurring(
      ctx,
      `proxy-out/${ext.name}`,
      early(ctx, `proxy-out/${ext.name}`, MINUTE),
      (_t, rng) => rng.between(20, 40) * SECOND,
      (time, rng) =>
        shortFlow(
          ctx,
          time,
          rng,
          {
            src: proxy.ip,
            dst: ext.ip,
            service: 'https',
            dstPort: P.https,
            bytesOut: [20_000, 200_000],
            bytesIn: [200_000, 4_000_000],
            duration: [1, 30],
          },
          officeScale * (isDaytime(time) ? 1 : 0.15)
        )
    );
  }
  routine(ctx, 'smtp-out', shiftGap(4, 15), {
    src: mail.ip,
    dst: extMail.ip,
    service: 'smtp',
    dstPort: P.smtp,
    bytesOut: [3_000, 400_000],
    bytesIn: [400, 1_200],
    duration: [0.3, 4],
  });
  routine(ctx, 'smtp-in', shiftGap(3, 10), {
    src: extMail.ip,
    dst: mail.ip,
    service: 'smtp',
    dstPort: P.smtp,
    bytesOut: [3_000, 600_000],
    bytesIn: [400, 1_200],
    duration: [0.3, 4],
  });
  // The patch server synchronises with the vendor hourly and pushes approved updates to site operations.
  routine(ctx, 'patch-sync', () => HOUR, {
    src: patch.ip,
    dst: extUpdates.ip,
    service: 'https',
    dstPort: P.https,
    bytesOut: [20_000, 80_000],
    bytesIn: [2_000_000, 40_000_000],
    duration: [5, 120],
  });
  for (const target of [must(plant, 'hist-1'), must(plant, 'mes-1')]) {
    routine(ctx, `patch-push/${target.name}`, () => 4 * HOUR, {
      src: patch.ip,
      dst: target.ip,
      service: 'https',
      dstPort: P.wsus,
      bytesOut: [50_000, 3_000_000],
      bytesIn: [3_000, 20_000],
      duration: [2, 60],
    });
  }
}

/** IT administrators work through the jump host: RDP to it, then RDP on to an OT server. */
function installAdministration(ctx: SimulationContext): void {
  const { plant } = ctx;
  const jump = must(plant, 'jump-1');
  const targets = [must(plant, 'ews-1'), must(plant, 'hist-1')];
  const admins = plant.assets.filter((a) => a.name.startsWith('ws-admin-'));
  admins.forEach((admin, i) => {
    const name = `admin-session/${admin.name}`;
    const user = `adm-${i + 1}`;
    let sessions = 0;
    recurring(
      ctx,
      name,
      ctx.startMs + streamFor(ctx.seed, `${name}/first`).between(2, 30) * MINUTE,
      (t, rng) => Math.max(45, rng.exponential(isDaytime(t) ? 180 : 420)) * MINUTE,
      (time, rng) => {
        // The first sessions of the two administrators cover both targets, so both paths are known early.
        const target = sessions === 0 ? targets[i % targets.length] : rng.pick(targets);
        sessions++;
        const minutes = rng.int(15, 40);
        ctx.sink.auth(nanoseconds(time, subMs(rng)), {
          target: jump.ip,
          src: admin.ip,
          user,
          method: 'rdp',
          result: 'success',
          reason: 'ok',
        });
        const innerStart = time + rng.int(30, 90) * SECOND;
        ctx.sink.auth(nanoseconds(innerStart, subMs(rng)), {
          target: target.ip,
          src: jump.ip,
          user,
          method: 'rdp',
          result: 'success',
          reason: 'ok',
        });
        rdpSession(ctx, rng, admin.ip, jump.ip, time, minutes);
        rdpSession(ctx, rng, jump.ip, target.ip, innerStart, minutes - 2);
      }
    );
  });
}

/** Per-minute records of an RDP session; the last one closes it. */
function rdpSession(
  ctx: SimulationContext,
  rng: Prng,
  src: string,
  dst: string,
  startMs: number,
  minutes: number
): void {
  const port = ephemeralPort(rng);
  const sessionRng = streamFor(ctx.seed, `rdp/${src}/${dst}/${startMs}`);
  let minute = 0;
  ctx.scheduler.add(startMs + 500, (time) => {
    minute++;
    const last = minute >= minutes;
    ctx.sink.flow(nanoseconds(time, subMs(sessionRng)), {
      src,
      dst,
      transport: 'tcp',
      service: 'rdp',
      dstPort: SERVICE_PORTS.rdp,
      srcPort: port,
      bytesOut: sessionRng.int(20_000, 120_000),
      bytesIn: sessionRng.int(300_000, 3_000_000),
      packets: sessionRng.int(600, 3_000),
      duration: 60,
      connState: last ? 'SF' : 'S1',
    });
    return last ? undefined : time + MINUTE;
  });
}

const SHIFT_USERS = ['op-shift-c', 'op-shift-a', 'op-shift-b'];

function shiftUser(timeMs: number): string {
  const hour = hourOfDay(timeMs);
  return SHIFT_USERS[hour < 6 ? 0 : hour < 14 ? 1 : hour < 22 ? 2 : 0];
}

/** Operators unlock HMIs through the shift; the engineer logs on to the engineering workstation. */
function installOperatorLogons(ctx: SimulationContext): void {
  for (const hmi of assetsWithRole(ctx.plant, 'hmi')) {
    const name = `hmi-logon/${hmi.name}`;
    recurring(ctx, name, early(ctx, name, 40 * MINUTE), shiftGap(70, 110, 15), (time, rng) => {
      const user = shiftUser(time);
      let t = time;
      if (rng.chance(0.02)) {
        ctx.sink.auth(nanoseconds(t, subMs(rng)), {
          target: hmi.ip,
          src: hmi.ip,
          user,
          method: 'local',
          result: 'failure',
          reason: 'bad password',
        });
        t += rng.int(5, 20) * SECOND;
      }
      ctx.sink.auth(nanoseconds(t, subMs(rng)), {
        target: hmi.ip,
        src: hmi.ip,
        user,
        method: 'local',
        result: 'success',
        reason: 'ok',
      });
    });
  }
  const ews = must(ctx.plant, 'ews-1');
  recurring(
    ctx,
    'ews-logon',
    early(ctx, 'ews-logon', 50 * MINUTE),
    (_t, rng) => rng.between(3, 5) * HOUR,
    (time, rng) => {
      ctx.sink.auth(nanoseconds(time, subMs(rng)), {
        target: ews.ip,
        src: ews.ip,
        user: 'eng-1',
        method: 'local',
        result: 'success',
        reason: 'ok',
      });
    }
  );
}

interface BenignSignature {
  signature: string;
  category: string;
  severity: 'info' | 'low';
  message: string;
}

const IT_NOTICES: BenignSignature[] = [
  {
    signature: 'ET POLICY Dropbox.com Offsite File Backup in Use',
    category: 'policy-violation',
    severity: 'low',
    message: 'Cloud file sync client seen',
  },
  {
    signature: 'ET INFO Windows Update Delivery Optimization',
    category: 'not-suspicious',
    severity: 'info',
    message: 'Peer update traffic',
  },
  {
    signature: 'SURICATA TLS invalid record version',
    category: 'protocol-command-decode',
    severity: 'info',
    message: 'Malformed TLS record from a browser',
  },
];

const OT_NOTICES: BenignSignature[] = [
  {
    signature: 'Zeek SSL::Certificate_Expires_Soon',
    category: 'not-suspicious',
    severity: 'info',
    message: 'Historian certificate expires within 30 days',
  },
  {
    signature: 'ET POLICY RDP session to OT server',
    category: 'policy-violation',
    severity: 'low',
    message: 'Remote desktop from the jump host',
  },
];

/** A few harmless IDS notices a day, as every real sensor produces. */
function installBenignAlerts(ctx: SimulationContext): void {
  const workstations = assetsWithRole(ctx.plant, 'workstation');
  const proxy = must(ctx.plant, 'proxy-1');
  recurring(
    ctx,
    'alerts/it',
    ctx.startMs + 20 * MINUTE,
    (_t, rng) => rng.exponential(6 * HOUR) + 10 * MINUTE,
    (time, rng) => {
      const ws = rng.pick(workstations);
      const notice = rng.pick(IT_NOTICES);
      ctx.sink.alert(nanoseconds(time, subMs(rng)), {
        source: 'suricata',
        about: ws.ip,
        src: ws.ip,
        dst: proxy.ip,
        ...notice,
      });
    }
  );
  // OT notices come from the DMZ sensor: the historian's replication certificate and admin RDP sessions.
  const historian = must(ctx.plant, 'hist-1');
  const replica = must(ctx.plant, 'hist-replica-1');
  const jump = must(ctx.plant, 'jump-1');
  const ews = must(ctx.plant, 'ews-1');
  recurring(
    ctx,
    'alerts/ot',
    ctx.startMs + 35 * MINUTE,
    (_t, rng) => rng.exponential(10 * HOUR) + 10 * MINUTE,
    (time, rng) => {
      const notice = rng.pick(OT_NOTICES);
      const certificate = notice === OT_NOTICES[0];
      const [src, dst] = certificate ? [historian, replica] : [jump, ews];
      ctx.sink.alert(nanoseconds(time, subMs(rng)), {
        source: certificate ? 'zeek' : 'suricata',
        about: src.ip,
        src: src.ip,
        dst: dst.ip,
        ...notice,
      });
    }
  );
}
