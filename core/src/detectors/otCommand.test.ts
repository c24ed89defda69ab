import { createDetectionContext } from './detectionContext';
import { everyMinute, fixtureModel, fixtureObservations, minute, otOperation } from './detectionFixture';
import { detectUnauthorizedCommands } from './otCommand';

const AFTER = 24 * 60;

function findings(ops: Array<ReturnType<typeof otOperation>>) {
  const obs = fixtureObservations({ otOperations: ops });
  return detectUnauthorizedCommands(obs, createDetectionContext(fixtureModel(), obs));
}

describe('unauthorised OT commands', () => {
  it('reports a write over a conduit that allows reads only, in one sentence', () => {
    const [finding] = findings([
      otOperation(minute(AFTER), 'scada-1', 'sis-1', 'modbus', 'write', '16', { minAddress: 40012, maxAddress: 40012 }),
    ]);
    expect(finding).toMatchObject({ category: 'unauthorized-command', technique: 'T0855', severity: 'critical' });
    expect(finding.explanation).toBe(
      'scada-1 (Supervisory (L2)) wrote register 40012 on sis-1 (Modbus FC 16), but conduit supervisory-to-safety allows read only on modbus/502.'
    );
  });

  it('speaks of each protocol in its own terms: DNP3 points, BACnet objects, OPC UA nodes, CIP services', () => {
    const said = (protocol: string, operation: string, code: string): string =>
      findings([
        otOperation(minute(AFTER), 'jump-1', 'plc-1', protocol, operation, code, { minAddress: 2, maxAddress: 3 }),
      ])[0].explanation;
    expect(said('dnp3', 'write', '5')).toContain('wrote points 2-3 on plc-1 (DNP3 FC 5)');
    expect(said('bacnet', 'write', '15')).toContain('wrote objects 2-3 on plc-1 (BACnet service 15)');
    expect(said('opcua', 'read', '631')).toContain('read nodes 2-3 from plc-1 (OPC UA service 631)');
    expect(said('enip', 'mode_change', '7')).toContain('changed the operating mode of plc-1 (EtherNet/IP service 7)');
  });

  it('reports a function code the conduit does not list', () => {
    const [finding] = findings([otOperation(minute(AFTER), 'hmi-1', 'plc-1', 'modbus', 'diagnostic', '8')]);
    expect(finding.explanation).toContain('conduit supervisory-to-control allows function codes 3, 4, 6, 16 only');
  });

  it('reports requests across zones that no conduit connects', () => {
    const [finding] = findings([otOperation(minute(AFTER), 'jump-1', 'plc-1', 'modbus', 'write', '16')]);
    expect(finding.explanation).toContain('no conduit allows Industrial DMZ to reach Basic control');
  });

  it('allows what the conduit allows', () => {
    expect(
      findings([
        otOperation(minute(AFTER), 'hmi-1', 'plc-1', 'modbus', 'write', '6'),
        otOperation(minute(AFTER), 'scada-1', 'sis-1', 'modbus', 'read', '3'),
        otOperation(minute(AFTER), 'ews-1', 'plc-2', 's7comm', 'program_download', '27'),
      ])
    ).toEqual([]);
  });

  it('reports a write over an allowed path whose value lies far outside what the baseline wrote there', () => {
    const baseline = everyMinute(
      0,
      24 * 60,
      (at, i) => otOperation(at, 'hmi-1', 'plc-1', 'modbus', 'write', '6', { lastValue: 1.7 + (i % 5) * 0.05 }),
      90
    );
    const nudge = otOperation(minute(AFTER + 10), 'hmi-1', 'plc-1', 'modbus', 'write', '6', { lastValue: 1.95 });
    const insider = otOperation(minute(AFTER + 200), 'hmi-1', 'plc-1', 'modbus', 'write', '6', { lastValue: 5.4 });
    const result = findings([...baseline, nudge, insider]);
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({ time: minute(AFTER + 200), technique: 'T0836' });
    expect(result[0].explanation).toContain(
      'the value 5.4 lies outside the 1.7 to 1.9 written there during the baseline'
    );
  });

  it('makes one finding of a program download spread over several function codes', () => {
    const result = findings([
      otOperation(minute(AFTER), '10.20.2.187', 'plc-2', 's7comm', 'program_download', '26'),
      otOperation(minute(AFTER + 1), '10.20.2.187', 'plc-2', 's7comm', 'program_download', '27', { count: 6 }),
      otOperation(minute(AFTER + 3), '10.20.2.187', 'plc-2', 's7comm', 'program_download', '28'),
    ]);
    expect(result).toHaveLength(1);
    expect(result[0].explanation).toBe(
      '10.20.2.187 (Supervisory (L2)) downloaded a program to plc-2 (S7comm function 26, 27, 28) (8 requests), but conduit supervisory-to-control allows s7comm/102 only from engineering-workstation, and the source is of no known role.'
    );
    expect(result[0].source).toEqual({ ip: '10.20.2.187', zone: 'supervisory' });
  });
});
