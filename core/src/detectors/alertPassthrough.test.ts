import { categoryOfAlert, passThroughAlerts } from './alertPassthrough';
import { createDetectionContext } from './detectionContext';
import { alertRecord, fixtureModel, fixtureObservations, minute } from './detectionFixture';

function detect(alerts: Array<ReturnType<typeof alertRecord>>) {
  const obs = fixtureObservations({ alerts });
  return passThroughAlerts(obs, createDetectionContext(fixtureModel(), obs));
}

describe('alert pass-through', () => {
  it('passes an EDR alert through as a finding about its host, with the alert technique', () => {
    const alert = {
      ...alertRecord(minute(2000), 'ws-1', 'high', 'malware', 'Office document spawned encoded PowerShell'),
      technique: 'T0865',
    };
    const [finding] = detect([alert]);
    expect(finding).toMatchObject({
      category: 'malware-ioc',
      severity: 'high',
      technique: 'T0865',
      time: minute(2000),
      source: { asset: 'ws-1', ip: '10.10.10.11', zone: 'enterprise' },
    });
    expect(finding.explanation).toBe('edr raised "Office document spawned encoded PowerShell" on ws-1.');
  });

  it('maps vendor categories onto finding categories, malware or IOC when nothing fits', () => {
    expect(categoryOfAlert('attempted-recon')).toBe('reconnaissance');
    expect(categoryOfAlert('Brute force login')).toBe('brute-force');
    expect(categoryOfAlert('program-change')).toBe('program-change');
    expect(categoryOfAlert('trojan-activity')).toBe('malware-ioc');
    expect(categoryOfAlert('something new')).toBe('malware-ioc');
    expect(categoryOfAlert('Unauthorized write')).toBe('unauthorized-command');
    expect(categoryOfAlert('Authentication failure')).toBe('brute-force');
    expect(categoryOfAlert('Command and Control traffic')).toBe('malware-ioc');
  });

  it('leaves informational and low alerts out by default', () => {
    expect(
      detect([
        alertRecord(minute(10), 'ws-1', 'low', 'policy-violation'),
        alertRecord(minute(11), 'ws-1', 'info', 'not-suspicious'),
      ])
    ).toEqual([]);
  });
});
