import { detectBruteForce } from './bruteForce';
import { createDetectionContext } from './detectionContext';
import { authAttempts, fixtureModel, fixtureObservations, minute } from './detectionFixture';

const AFTER = 24 * 60;

function detect(auth: Array<ReturnType<typeof authAttempts>>) {
  const obs = fixtureObservations({ auth });
  return detectBruteForce(obs, createDetectionContext(fixtureModel(), obs));
}

describe('brute force', () => {
  it('reports many failed logons, critical when a success follows', () => {
    const findings = detect([
      authAttempts(minute(AFTER), 'ws-2', 'jump-1', 'failure', 24, 'admin'),
      authAttempts(minute(AFTER + 1), 'ws-2', 'jump-1', 'failure', 16, 'scada'),
      authAttempts(minute(AFTER + 2), 'ws-2', 'jump-1', 'success', 1, 'adm-2'),
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      category: 'brute-force',
      severity: 'critical',
      technique: 'T0859',
      endTime: minute(AFTER + 3),
      source: { asset: 'ws-2' },
      destination: { asset: 'jump-1' },
    });
    expect(findings[0].explanation).toBe(
      'ws-2 failed 40 logons to jump-1 as 2 different users over rdp within 2 minutes, then logged on successfully as adm-2.'
    );
  });

  it('reports failures alone with a lower score', () => {
    const [finding] = detect([authAttempts(minute(AFTER), 'ws-2', 'jump-1', 'failure', 12)]);
    expect(finding.technique).toBeUndefined();
    expect(finding.score).toBeLessThan(85);
  });

  it('leaves the odd mistyped password alone', () => {
    expect(
      detect([
        authAttempts(minute(AFTER), 'ws-1', 'jump-1', 'failure', 1),
        authAttempts(minute(AFTER + 5), 'ws-1', 'jump-1', 'failure', 2),
        authAttempts(minute(AFTER + 6), 'ws-1', 'jump-1', 'success', 1),
      ])
    ).toEqual([]);
  });

  it('orders attempts of one minute as the observations do, and names the first success after the burst', () => {
    const [finding] = detect([
      authAttempts(minute(AFTER), 'ws-2', 'jump-1', 'failure', 20, 'zed'),
      authAttempts(minute(AFTER), 'ws-2', 'jump-1', 'failure', 20, 'amy'),
      authAttempts(minute(AFTER + 2), 'ws-2', 'jump-1', 'success', 1, 'zed'),
      authAttempts(minute(AFTER + 2), 'ws-2', 'jump-1', 'success', 1, 'amy'),
      authAttempts(minute(AFTER + 3), 'ws-2', 'jump-1', 'success', 1, 'bob'),
    ]);
    expect(finding.explanation).toMatch(/then logged on successfully as amy\.$/);
    expect(finding.evidence.records.map((r) => r.user)).toEqual(['amy', 'zed', 'amy']);
  });
});
