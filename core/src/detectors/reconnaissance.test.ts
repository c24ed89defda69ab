import { createDetectionContext } from './detectionContext';
import { everyMinute, fixtureModel, fixtureObservations, flow, minute, otOperation } from './detectionFixture';
import { detectReconnaissance } from './reconnaissance';

const AFTER = 24 * 60;

/** scada-1 polls both PLCs and the SIS every minute of both days. */
function polling() {
  return everyMinute(0, 2 * AFTER, (at) => [
    otOperation(at, 'scada-1', 'plc-1', 'modbus', 'read', '3'),
    otOperation(at, 'scada-1', 'plc-2', 'modbus', 'read', '3'),
    otOperation(at, 'scada-1', 'sis-1', 'modbus', 'read', '3'),
  ]).flat();
}

function sweep(fromMinute: number, hosts: number) {
  return Array.from({ length: hosts }, (_, i) =>
    [502, 102, 44818].map((port) =>
      flow(minute(fromMinute + Math.floor(i / 20)), 'jump-1', `10.20.1.${i + 1}`, 'modbus', port)
    )
  ).flat();
}

function detect(parts: Parameters<typeof fixtureObservations>[0]) {
  const obs = fixtureObservations(parts);
  return detectReconnaissance(obs, createDetectionContext(fixtureModel(), obs));
}

describe('reconnaissance', () => {
  it('reports a sweep of many hosts and ports within minutes', () => {
    const findings = detect({ flows: sweep(AFTER + 100, 60) });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      category: 'reconnaissance',
      technique: 'T0846',
      time: minute(AFTER + 100),
      endTime: minute(AFTER + 103),
      source: { asset: 'jump-1', ip: '172.16.35.10', zone: 'dmz' },
    });
    expect(findings[0].explanation).toBe(
      'jump-1 reached 60 hosts on 180 ports or services in Basic control within 3 minutes, far more than it did during the baseline.'
    );
  });

  it('does not take a master polling its controllers for a scan', () => {
    expect(detect({ otOperations: polling() })).toEqual([]);
  });

  it('does not report a source that reaches as many hosts as it did during the baseline', () => {
    expect(detect({ flows: [...sweep(100, 12), ...sweep(AFTER + 100, 12)] })).toEqual([]);
  });
});
