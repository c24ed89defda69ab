import { detectConduitViolations } from './conduitPolicy';
import { createDetectionContext } from './detectionContext';
import { fixtureModel, fixtureObservations, flow, minute } from './detectionFixture';

const AFTER = 24 * 60; // first minute after the one-day baseline

function findings(flows: Array<ReturnType<typeof flow>>) {
  const obs = fixtureObservations({ flows });
  return detectConduitViolations(obs, createDetectionContext(fixtureModel(), obs));
}

describe('conduit policy', () => {
  it('reports a flow between zones no conduit connects, critical when it skips Purdue levels', () => {
    const [finding] = findings([flow(minute(AFTER + 5), 'ws-1', 'plc-1', 'modbus', 502)]);
    expect(finding).toMatchObject({
      category: 'conduit-violation',
      severity: 'critical',
      source: { asset: 'ws-1', zone: 'enterprise' },
      destination: { asset: 'plc-1', ip: '10.20.1.10', zone: 'control' },
    });
    expect(finding.explanation).toBe(
      'ws-1 (Office (L4)) connected to plc-1 (Basic control (L1)) over modbus/502, but no conduit allows Office to reach Basic control; the path skips 3 Purdue levels.'
    );
    expect(finding.evidence.query).toContain(`"dst_ip" = '10.20.1.10'`);
  });

  it('scores a violation into the next level below a jump over levels', () => {
    const [nextLevel] = findings([flow(minute(AFTER), 'jump-1', 'scada-1', 'https', 443)]);
    const [jump] = findings([flow(minute(AFTER), 'jump-1', 'plc-1', 'https', 443)]);
    expect(jump.score).toBeGreaterThan(nextLevel.score);
  });

  it('reports a service that is not on the allow-list of the conduit, naming what is allowed', () => {
    const [finding] = findings([flow(minute(AFTER), 'ws-1', 'jump-1', 'smb', 445)]);
    expect(finding.explanation).toContain(
      'no conduit between these zones allows smb/445 (allowed: rdp/3389, https/443)'
    );
  });

  it('reports a source whose role the conduit does not permit', () => {
    const [finding] = findings([flow(minute(AFTER), 'ews-1', 'plc-1', 'modbus', 502)]);
    expect(finding.explanation).toContain(
      'conduit supervisory-to-control allows modbus/502 only from hmi, scada-server, and the source is an engineering-workstation'
    );
  });

  it('stays quiet for traffic a conduit allows and for traffic within a zone', () => {
    expect(
      findings([
        flow(minute(AFTER), 'ws-1', 'jump-1', 'rdp', 3389),
        flow(minute(AFTER), 'scada-1', 'plc-1', 'modbus', 502),
        flow(minute(AFTER), 'ws-1', 'ws-2', 'smb', 445),
      ])
    ).toEqual([]);
  });

  it('reports OT hosts reaching internet addresses that no zone holds', () => {
    const [finding] = findings([flow(minute(AFTER), 'plc-1', '198.51.100.7', 'https', 443)]);
    expect(finding).toMatchObject({ technique: 'T0869', destination: { ip: '198.51.100.7' } });
    expect(finding.explanation).toContain('the destination is an internet address in no zone of the model');
  });

  it('makes one finding of an hour of the same violation and a second one after a long gap', () => {
    const repeated = Array.from({ length: 60 }, (_, i) => flow(minute(AFTER + i), 'ws-1', 'plc-1', 'modbus', 502));
    const later = flow(minute(AFTER + 60 + 180), 'ws-1', 'plc-1', 'modbus', 502);
    const result = findings([...repeated, later]);
    expect(result.map((f) => [f.time, f.endTime])).toEqual([
      [minute(AFTER), minute(AFTER + 60)],
      [minute(AFTER + 240), minute(AFTER + 241)],
    ]);
    expect(result[0].evidence.records).toHaveLength(20);
  });

  it('judges violations during the baseline too: the policy is not learnt', () => {
    expect(findings([flow(minute(10), 'ws-1', 'plc-1', 'modbus', 502)])).toHaveLength(1);
  });
});
