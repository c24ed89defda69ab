/**
 * A firewall rule opened for a project and never closed: an office workstation queries the historian's
 * SQL database directly and polls a controller over Modbus, paths no conduit allows.
 */
import type { SimulationContext } from '../normalTraffic';
import { assetsWithRole, requireAsset, type Plant, type PlantAsset } from '../plant';
import { SERVICE_PORTS } from '../plantZoneModel';
import { streamFor } from '../prng';
import { nanoseconds } from '../telemetryRecords';
import { MINUTE_MS, evidenceKey, every, type ScenarioDefinition, type StepTemplate } from './scenario';

const ID = 'firewall-change';
const STEPS = { sql: 'office-sql-to-historian', modbus: 'office-modbus-read' } as const;

/** The office workstation that uses the opened paths (never the phished one). */
export function analystWorkstation(plant: Plant): PlantAsset {
  const workstations = assetsWithRole(plant, 'workstation').filter((w) => !w.name.startsWith('ws-admin'));
  return workstations[Math.min(11, workstations.length - 2)];
}

export const firewallChange: ScenarioDefinition = {
  id: ID,
  durationMs: 60 * MINUTE_MS,
  summary: 'an office workstation reaches the historian over SQL and a PLC over Modbus',
  install(ctx: SimulationContext, startMs: number, scale: number): StepTemplate[] {
    const { plant, sink, runtime } = ctx;
    const ws = analystWorkstation(plant);
    const historian = requireAsset(plant, 'hist-1');
    const plc = plant.assets.find((a) => a.role === 'plc' && a.train === 1 && a.unit === 'distribution');
    if (plc === undefined) {
      return [];
    }
    const rng = streamFor(ctx.seed, `scenario/${ID}`);
    const sub = (): number => rng.int(0, 999_999);
    const minutes = (m: number): number => Math.max(MINUTE_MS, m * scale * MINUTE_MS);

    every(ctx, startMs, startMs + minutes(45), Math.max(30_000, 4 * MINUTE_MS * scale), (time) => {
      sink.flow(
        nanoseconds(time, sub()),
        {
          src: ws.ip,
          dst: historian.ip,
          transport: 'tcp',
          service: 'sql',
          dstPort: SERVICE_PORTS.sql,
          srcPort: rng.int(49152, 65535),
          bytesOut: rng.int(2_000, 15_000),
          bytesIn: rng.int(80_000, 4_000_000),
          packets: rng.int(80, 3_000),
          duration: rng.int(2, 40),
          connState: 'SF',
        },
        evidenceKey(ID, STEPS.sql)
      );
    });

    const pollStart = startMs + minutes(20);
    const pollEnd = pollStart + minutes(15);
    const modbusKey = evidenceKey(ID, STEPS.modbus);
    const port = rng.int(49152, 65535);
    every(ctx, pollStart, pollEnd, 30_000, (time, i) => {
      const ns = nanoseconds(time, sub());
      sink.otOperation(
        ns,
        {
          src: ws.ip,
          dst: plc.ip,
          protocol: 'modbus',
          operation: 'read',
          functionCode: 3,
          unitId: 1,
          address: 100,
          quantity: 2,
          value: runtime.register(plc.name, 'clearwell_level_setpoint'),
          result: 'ok',
          exceptionCode: 0,
          detail: 'read holding registers',
        },
        modbusKey
      );
      if (i % 2 === 0) {
        sink.flow(
          ns,
          {
            src: ws.ip,
            dst: plc.ip,
            transport: 'tcp',
            service: 'modbus',
            dstPort: SERVICE_PORTS.modbus,
            srcPort: port,
            bytesOut: 24,
            bytesIn: 26,
            packets: 8,
            duration: 60,
            connState: 'S1',
          },
          modbusKey
        );
      }
    });

    return [
      {
        scenario: ID,
        step: STEPS.sql,
        kind: 'insider',
        assets: [ws.name, historian.name],
        expectedCategories: ['conduit-violation', 'new-path'],
        description: `${ws.name} in the office queries the historian ${historian.name} over SQL (1433), which no conduit allows.`,
      },
      {
        scenario: ID,
        step: STEPS.modbus,
        kind: 'insider',
        assets: [ws.name, plc.name],
        expectedCategories: ['conduit-violation', 'new-path', 'unauthorized-command'],
        description: `${ws.name} in the office reads holding registers of ${plc.name} over Modbus, which no conduit allows.`,
      },
    ];
  },
};
