/**
 * An attacker on the MES server, which may only read tags from SCADA over OPC UA, turns to the plant's
 * other industrial protocols: an OPC UA tag write on the SCADA server, DNP3 direct operates tripping the
 * booster station's pumps, a BACnet write stopping the chlorine building's ventilation fan, and a CIP Stop
 * putting the UV skid's controller out of run. Each step is one protocol, so recall is measured per protocol.
 */
import type { OtOperation } from '@conduit/core';

import { fieldUnit, requireAsset, type PlantAsset } from '../plant';
import { SERVICE_PORTS, transportOf } from '../plantZoneModel';
import type { SimulationContext } from '../normalTraffic';
import { streamFor } from '../prng';
import { nanoseconds } from '../telemetryRecords';
import { MINUTE_MS, at, evidenceKey, type ScenarioDefinition, type StepTemplate } from './scenario';

const ID = 'field-protocol-abuse';

export const FIELD_PROTOCOL_STEPS = {
  opcua: 'opcua-tag-write',
  dnp3: 'dnp3-direct-operate',
  bacnet: 'bacnet-write-property',
  enip: 'cip-stop',
} as const;

type Protocol = keyof typeof FIELD_PROTOCOL_STEPS;

interface Request {
  operation: OtOperation;
  functionCode: number;
  address: number;
  value: number;
  detail: string;
}

export const fieldProtocolAbuse: ScenarioDefinition = {
  id: ID,
  durationMs: 45 * MINUTE_MS,
  summary: 'from the MES server: OPC UA tag write, DNP3 operate, BACnet write, CIP Stop',
  install(ctx: SimulationContext, startMs: number, scale: number): StepTemplate[] {
    const { plant, sink } = ctx;
    const rng = streamFor(ctx.seed, `scenario/${ID}`);
    const mes = requireAsset(plant, 'mes-1');
    const scada = requireAsset(plant, 'scada-1');
    const rtu = fieldUnit(plant, 'dnp3');
    const ventilation = fieldUnit(plant, 'bacnet');
    const skid = fieldUnit(plant, 'enip');
    const t = (minutes: number): number => startMs + minutes * scale * MINUTE_MS;

    /** The requests of one step, a few seconds apart, each with the flow that carried it. */
    const step = (protocol: Protocol, target: PlantAsset, fromMs: number, requests: Request[]): void => {
      const key = evidenceKey(ID, FIELD_PROTOCOL_STEPS[protocol]);
      const transport = transportOf(protocol);
      requests.forEach((request, i) => {
        at(ctx, fromMs + i * 4_000, (time) => {
          const ns = nanoseconds(time, rng.int(0, 999_999));
          sink.otOperation(
            ns,
            {
              src: mes.ip,
              dst: target.ip,
              protocol,
              operation: request.operation,
              functionCode: request.functionCode,
              unitId: protocol === 'dnp3' ? 10 : 0,
              address: request.address,
              quantity: 1,
              value: request.value,
              result: 'ok',
              exceptionCode: 0,
              detail: request.detail,
            },
            key
          );
          sink.flow(
            ns,
            {
              src: mes.ip,
              dst: target.ip,
              transport,
              service: protocol,
              dstPort: SERVICE_PORTS[protocol],
              srcPort: rng.int(49152, 65535),
              bytesOut: rng.int(60, 180),
              bytesIn: rng.int(40, 120),
              packets: transport === 'udp' ? 2 : rng.int(6, 10),
              duration: 0.03,
              connState: 'SF',
            },
            key
          );
        });
      });
    };

    // OPC UA service 673 is WriteRequest; the MES's conduit allows reads (631) only.
    step('opcua', scada, t(0), [
      write(673, 2, 0, 'WriteRequest ns=2;s=Booster.Pump1.Enable'),
      write(673, 3, 0, 'WriteRequest ns=2;s=Booster.Pump2.Enable'),
    ]);
    // DNP3: an integrity read to learn the points, then DIRECT_OPERATE (5) trip codes on both pump relays.
    step('dnp3', rtu, t(10), [
      { operation: 'read', functionCode: 1, address: 0, value: 0, detail: 'READ class 0 (integrity)' },
      write(5, 1, 0, 'DIRECT_OPERATE CROB 1 TRIP'),
      write(5, 2, 0, 'DIRECT_OPERATE CROB 2 TRIP'),
    ]);
    // BACnet confirmed service 15 is WriteProperty, here at priority 1 so the building schedule cannot undo it.
    step('bacnet', ventilation, t(20), [
      write(15, 3, 0, 'WriteProperty binary-output 3 present-value inactive priority 1'),
    ]);
    // CIP common service 0x07 is Stop: the skid's controller leaves run and the lamps go out.
    step('enip', skid, t(30), [
      { operation: 'mode_change', functionCode: 0x07, address: 1, value: 0, detail: 'Stop Identity instance 1' },
    ]);

    const label = (
      protocol: Protocol,
      technique: string,
      target: PlantAsset,
      categories: StepTemplate['expectedCategories'],
      description: string
    ): StepTemplate => ({
      scenario: ID,
      step: FIELD_PROTOCOL_STEPS[protocol],
      kind: 'attack',
      technique,
      assets: [mes.name, target.name],
      expectedCategories: categories,
      description,
    });
    const crossing: StepTemplate['expectedCategories'] = ['unauthorized-command', 'conduit-violation', 'new-path'];
    return [
      label(
        'opcua',
        'T0855',
        scada,
        ['unauthorized-command'],
        `${mes.name}, allowed to read tags only, writes two booster pump enables on ${scada.name} over OPC UA.`
      ),
      label(
        'dnp3',
        'T0855',
        rtu,
        crossing,
        `${mes.name} sends DNP3 direct operates tripping both pumps of the booster station RTU ${rtu.name}.`
      ),
      label(
        'bacnet',
        'T0855',
        ventilation,
        crossing,
        `${mes.name} writes the ventilation fan of the chlorine building off on ${ventilation.name} over BACnet.`
      ),
      label(
        'enip',
        'T0858',
        skid,
        crossing,
        `${mes.name} sends a CIP Stop to the UV skid controller ${skid.name}, taking it out of run.`
      ),
    ];
  },
};

function write(functionCode: number, address: number, value: number, detail: string): Request {
  return { operation: 'write', functionCode, address, value, detail };
}
