/**
 * An intrusion from the office into the process, in the order of the published ICS attack chains:
 * a phishing document on an office workstation, password guessing against the jump host, a remote
 * session through it at night, a scan of the OT networks, unauthorised Modbus writes to the chlorination
 * controller, and the chlorine residual leaving its band until operators restore the dose.
 */
import { assetsWithRole, requireAsset, type Plant, type PlantAsset } from '../plant';
import { SERVICE_PORTS } from '../plantZoneModel';
import type { SimulationContext } from '../normalTraffic';
import type { ProcessWatch } from '../plantRuntime';
import { NOMINAL_SETPOINTS, pointsOfStage } from '../processPhysics';
import { streamFor } from '../prng';
import { nanoseconds } from '../telemetryRecords';
import { MINUTE_MS, at, evidenceKey, every, type ScenarioDefinition, type StepTemplate } from './scenario';

const ID = 'it-ot-intrusion';
/** Command-and-control server: an internet address in no zone of the model. */
export const C2_ADDRESS = '192.0.2.66';
/** The chlorine dose (mg/L) the attacker sets, more than four times the normal dose. */
export const ATTACK_CHLORINE_DOSE = 8;

/** The office workstation the phishing mail lands on. */
export function phishedWorkstation(plant: Plant): PlantAsset {
  const workstations = assetsWithRole(plant, 'workstation').filter((w) => !w.name.startsWith('ws-admin'));
  return workstations[Math.min(6, workstations.length - 1)];
}

const STEPS = {
  phishing: 'phishing',
  bruteForce: 'credential-brute-force',
  session: 'jump-host-session',
  scan: 'ot-scan',
  write: 'unauthorized-modbus-write',
  deviation: 'process-deviation',
} as const;

export const itOtIntrusion: ScenarioDefinition = {
  id: ID,
  durationMs: 135 * MINUTE_MS,
  summary: 'phishing, jump-host brute force and session, OT scan, Modbus writes, chlorine deviation',
  install(ctx: SimulationContext, startMs: number, scale: number): StepTemplate[] {
    const { plant, sink, runtime } = ctx;
    const rng = streamFor(ctx.seed, `scenario/${ID}`);
    const ws = phishedWorkstation(plant);
    const proxy = requireAsset(plant, 'proxy-1');
    const jump = requireAsset(plant, 'jump-1');
    const hmi = requireAsset(plant, 'hmi-1');
    const plc = plant.assets.find((a) => a.role === 'plc' && a.train === 1 && a.unit === 'chlorination');
    if (plc === undefined) {
      return [];
    }
    const key = (step: string): string => evidenceKey(ID, step);
    const t = (minutes: number): number => startMs + minutes * scale * MINUTE_MS;
    const sub = (): number => rng.int(0, 999_999);

    // 1. The phishing attachment runs a macro; the endpoint agent flags it and the implant beacons out.
    at(ctx, t(0), (time) => {
      sink.alert(
        nanoseconds(time, sub()),
        {
          source: 'edr',
          severity: 'high',
          about: ws.ip,
          src: ws.ip,
          technique: 'T0865',
          signature: 'Office document spawned encoded PowerShell',
          category: 'malware',
          message: `WINWORD.EXE on ${ws.name} started powershell.exe -enc after opening Invoice_Q3.docm from mail`,
        },
        key(STEPS.phishing)
      );
    });
    every(ctx, t(0) + 40_000, t(20), Math.max(30_000, 5 * MINUTE_MS * scale), (time) => {
      sink.flow(
        nanoseconds(time, sub()),
        {
          src: proxy.ip,
          dst: C2_ADDRESS,
          transport: 'tcp',
          service: 'https',
          dstPort: SERVICE_PORTS.https,
          srcPort: rng.int(49152, 65535),
          bytesOut: rng.int(900, 2_000),
          bytesIn: rng.int(300, 1_200),
          packets: rng.int(8, 14),
          duration: 0.4,
          connState: 'SF',
        },
        key(STEPS.phishing)
      );
    });

    // 2. Password spraying against the jump host over RDP, then a stolen administrator password works.
    const sprayStart = t(25);
    const attempts = 40;
    const sprayUsers = ['administrator', 'admin', 'scada', 'adm-1', 'operator'];
    every(ctx, sprayStart, sprayStart + attempts * 2_500, 2_500, (time, i) => {
      const ns = nanoseconds(time, sub());
      sink.flow(
        ns,
        {
          src: ws.ip,
          dst: jump.ip,
          transport: 'tcp',
          service: 'rdp',
          dstPort: SERVICE_PORTS.rdp,
          srcPort: rng.int(49152, 65535),
          bytesOut: rng.int(1_800, 2_600),
          bytesIn: rng.int(2_500, 4_000),
          packets: rng.int(14, 22),
          duration: 0.8,
          connState: 'SF',
        },
        [key(STEPS.bruteForce), key(STEPS.session)]
      );
      sink.auth(
        ns,
        {
          target: jump.ip,
          src: ws.ip,
          user: sprayUsers[i % sprayUsers.length],
          method: 'rdp',
          result: 'failure',
          reason: 'bad password',
        },
        key(STEPS.bruteForce)
      );
    });
    const logon = sprayStart + attempts * 2_500 + 5_000;
    at(ctx, logon, (time) => {
      sink.auth(
        nanoseconds(time, sub()),
        { target: jump.ip, src: ws.ip, user: 'adm-2', method: 'rdp', result: 'success', reason: 'ok' },
        [key(STEPS.bruteForce), key(STEPS.session)]
      );
    });

    // 3. The attacker's remote desktop session on the jump host, minute by minute.
    const sessionEnd = t(110);
    const sessionPort = rng.int(49152, 65535);
    every(ctx, logon + 1_000, sessionEnd, MINUTE_MS, (time) => {
      const last = time + MINUTE_MS >= sessionEnd;
      sink.flow(
        nanoseconds(time, sub()),
        {
          src: ws.ip,
          dst: jump.ip,
          transport: 'tcp',
          service: 'rdp',
          dstPort: SERVICE_PORTS.rdp,
          srcPort: sessionPort,
          bytesOut: rng.int(15_000, 90_000),
          bytesIn: rng.int(200_000, 2_000_000),
          packets: rng.int(500, 2_500),
          duration: 60,
          connState: last ? 'SF' : 'S1',
        },
        key(STEPS.session)
      );
    });

    // 4. From the jump host, a sweep of the control and supervisory networks for industrial ports.
    const scanStart = t(50);
    const probes = scanProbes(plant);
    const probeGap = Math.max(50, Math.floor((3 * MINUTE_MS * Math.max(scale, 0.3)) / probes.length));
    every(ctx, scanStart, scanStart + probes.length * probeGap, probeGap, (time, i) => {
      const probe = probes[i];
      if (probe === undefined) {
        return;
      }
      sink.flow(
        nanoseconds(time, sub()),
        {
          src: jump.ip,
          dst: probe.ip,
          transport: 'tcp',
          service: probe.service,
          dstPort: probe.port,
          srcPort: rng.int(49152, 65535),
          bytesOut: 0,
          bytesIn: 0,
          packets: probe.state === 'S0' ? 1 : 2,
          duration: probe.state === 'S0' ? 0 : 0.001,
          connState: probe.state,
        },
        key(STEPS.scan)
      );
    });
    at(ctx, scanStart + 20_000, (time) => {
      sink.alert(
        nanoseconds(time, sub()),
        {
          source: 'suricata',
          severity: 'medium',
          about: jump.ip,
          src: jump.ip,
          dst: probes[0]?.ip,
          technique: 'T0846',
          signature: 'ET SCAN Industrial protocol port sweep (Modbus/S7/EtherNet-IP)',
          category: 'attempted-recon',
          message: `${jump.name} probed many OT addresses on ports 502, 102 and 44818`,
        },
        key(STEPS.scan)
      );
    });

    // 5. Modbus from the jump host: read the setpoint block, write a chlorine dose far above normal, read back.
    const dose = pointsOfStage('chlorination').find((p) => p.point === 'chlorine_dose_setpoint');
    const register = dose?.register ?? 100;
    const writeAt = t(65);
    const modbus = (time: number, code: number, value: number, detail: string): void => {
      const ns = nanoseconds(time, sub());
      sink.otOperation(
        ns,
        {
          src: jump.ip,
          dst: plc.ip,
          protocol: 'modbus',
          operation: code === 16 ? 'write' : 'read',
          functionCode: code,
          unitId: 1,
          address: register,
          quantity: 1,
          value,
          result: 'ok',
          exceptionCode: 0,
          detail,
        },
        key(STEPS.write)
      );
      sink.flow(
        ns,
        {
          src: jump.ip,
          dst: plc.ip,
          transport: 'tcp',
          service: 'modbus',
          dstPort: SERVICE_PORTS.modbus,
          srcPort: rng.int(49152, 65535),
          bytesOut: 12 + (code === 16 ? 4 : 0),
          bytesIn: 11,
          packets: 6,
          duration: 0.02,
          connState: 'SF',
        },
        key(STEPS.write)
      );
    };
    const watch: ProcessWatch = {
      controller: plc.name,
      points: ['chlorine_dose_setpoint', 'chlorine_feed_rate', 'chlorine_residual'],
      fromMs: writeAt,
      evidence: key(STEPS.deviation),
    };
    at(ctx, writeAt, (time) =>
      modbus(time, 3, runtime.setpoint(plc.name, 'chlorine_dose_setpoint'), 'read holding registers')
    );
    at(ctx, writeAt + 4_000, (time) => {
      runtime.hold(plc.name, 'chlorine_dose_setpoint');
      runtime.writeSetpoint(plc.name, 'chlorine_dose_setpoint', ATTACK_CHLORINE_DOSE);
      runtime.watch(watch);
      modbus(time, 16, ATTACK_CHLORINE_DOSE, 'write multiple registers');
    });
    at(ctx, writeAt + 9_000, (time) => modbus(time, 3, ATTACK_CHLORINE_DOSE, 'read holding registers'));

    // 6. Operators notice and restore the dose from the control room (a normal, allowed write).
    const restoreAt = Math.max(t(105), writeAt + 10 * MINUTE_MS);
    at(ctx, restoreAt, (time) => {
      const nominal = NOMINAL_SETPOINTS.chlorine_dose_setpoint;
      runtime.writeSetpoint(plc.name, 'chlorine_dose_setpoint', nominal);
      runtime.release(plc.name, 'chlorine_dose_setpoint');
      watch.settledAfterMs = time;
      sink.otOperation(nanoseconds(time, sub()), {
        src: hmi.ip,
        dst: plc.ip,
        protocol: 'modbus',
        operation: 'write',
        functionCode: 6,
        unitId: 1,
        address: register,
        quantity: 1,
        value: nominal,
        result: 'ok',
        exceptionCode: 0,
        detail: 'write chlorine_dose_setpoint',
      });
    });

    const label = (
      step: string,
      technique: string,
      assets: string[],
      categories: StepTemplate['expectedCategories'],
      description: string
    ): StepTemplate => ({
      scenario: ID,
      step,
      kind: 'attack',
      technique,
      assets,
      expectedCategories: categories,
      description,
    });
    return [
      label(
        STEPS.phishing,
        'T0865',
        [ws.name, proxy.name],
        ['malware-ioc', 'conduit-violation', 'new-path'],
        `A phishing attachment runs on ${ws.name}; the implant beacons to ${C2_ADDRESS} through the proxy.`
      ),
      label(
        STEPS.bruteForce,
        'T0859',
        [ws.name, jump.name],
        ['brute-force'],
        `${attempts} failed RDP logons from ${ws.name} to ${jump.name}, then a stolen administrator password works.`
      ),
      label(
        STEPS.session,
        'T0886',
        [ws.name, jump.name],
        ['new-path'],
        `${ws.name}, which never used the jump host, holds a remote desktop session on ${jump.name}.`
      ),
      label(
        STEPS.scan,
        'T0846',
        [jump.name],
        ['reconnaissance', 'conduit-violation', 'new-path'],
        `${jump.name} sweeps the control and supervisory networks for Modbus, S7 and EtherNet/IP.`
      ),
      label(
        STEPS.write,
        'T0855',
        [jump.name, plc.name],
        ['unauthorized-command', 'conduit-violation', 'new-path'],
        `${jump.name} writes the chlorine dose setpoint of ${plc.name} (Modbus FC 16) to ${ATTACK_CHLORINE_DOSE} mg/L.`
      ),
      label(
        STEPS.deviation,
        'T0831',
        [plc.name],
        ['process-anomaly'],
        `Chlorine dose, feed and residual on ${plc.name} leave their bands until the dose is restored.`
      ),
    ];
  },
};

interface Probe {
  ip: string;
  port: number;
  service: string;
  state: 'S0' | 'REJ' | 'RSTO';
}

const SCAN_PORTS: ReadonlyArray<{ port: number; service: string }> = [
  { port: 502, service: 'modbus' },
  { port: 102, service: 's7comm' },
  { port: 44818, service: 'enip' },
];

/**
 * The sweep: three industrial ports on every address of the control network's first hundred and the
 * supervisory network's first fifty. Absent hosts do not answer (S0), present ones refuse ports they
 * do not serve (REJ) and reset the half-open connection on ports they serve (RSTO).
 */
export function scanProbes(plant: Plant): Probe[] {
  const byIp = new Map(plant.assets.map((a) => [a.ip, a]));
  const probes: Probe[] = [];
  const sweep = (prefix: string, count: number): void => {
    for (let host = 1; host <= count; host++) {
      const ip = `${prefix}.${host}`;
      const asset = byIp.get(ip);
      for (const { port, service } of SCAN_PORTS) {
        let state: Probe['state'] = 'S0';
        if (asset !== undefined) {
          const serves = port === 502 || (port === 102 && asset.engineeringProtocol === 's7comm');
          state = serves && asset.role === 'plc' ? 'RSTO' : 'REJ';
        }
        probes.push({ ip, port, service, state });
      }
    }
  };
  sweep('10.20.1', 100);
  sweep('10.20.2', 50);
  return probes;
}
