import { createDetectionContext } from './detectionContext';
import { everyMinute, fixtureModel, fixtureObservations, flow, minute } from './detectionFixture';
import { detectNewCommunication } from './newCommunication';

const DAY = 24 * 60;

function usual() {
  return everyMinute(
    0,
    2 * DAY,
    (at) => [flow(at, 'hmi-1', 'plc-1', 'modbus', 502), flow(at, 'ws-1', 'jump-1', 'rdp', 3389)],
    10
  ).flat();
}

function detect(flows: Array<ReturnType<typeof flow>>) {
  const obs = fixtureObservations({ flows });
  return detectNewCommunication(obs, createDetectionContext(fixtureModel(), obs));
}

describe('new talkers and paths', () => {
  it('reports an address never seen during the baseline that appears in OT', () => {
    const findings = detect([...usual(), flow(minute(DAY + 15), '10.20.2.187', 'plc-2', 's7comm', 102)]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      category: 'new-talker',
      technique: 'T0848',
      source: { ip: '10.20.2.187', zone: 'supervisory' },
    });
    expect(findings[0].explanation).toBe(
      '10.20.2.187, an address never seen during the baseline, appeared in Supervisory (L2) and talked to plc-2.'
    );
  });

  /** The usual traffic, and ws-1 (a workstation of the office, like ws-2) reading jump-1 over https all day. */
  function withPeerHttps() {
    return [
      ...usual(),
      ...everyMinute(0, 2 * DAY, (at) => [flow(at, 'ws-1', 'jump-1', 'https', 443)], 30).flat(),
      flow(minute(30), 'ws-2', 'ws-1', 'smb', 445),
    ];
  }

  it('takes a path a conduit allows and peers of the same zone and role used as routine: no finding', () => {
    expect(detect([...withPeerHttps(), flow(minute(DAY + 1200), 'ws-2', 'jump-1', 'https', 443)])).toEqual([]);
  });

  it('reports a routine path as informational when asked to, saying why it is routine', () => {
    const flows = [...withPeerHttps(), flow(minute(DAY + 1200), 'ws-2', 'jump-1', 'https', 443)];
    const obs = fixtureObservations({ flows });
    const model = { ...fixtureModel(), detection: { 'new-communication': { reportRoutine: true } } };
    const findings = detectNewCommunication(obs, createDetectionContext(model, obs));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ category: 'new-path', severity: 'info', technique: 'T0885' });
    expect(findings[0].explanation).toBe(
      'ws-2 (Office (L4)) started https/443 to jump-1 (Industrial DMZ (L3.5)) at 20:00 UTC, a path never used during ' +
        'the baseline: routine, as a conduit allows it and peers of the same zone and role used it during the baseline.'
    );
  });

  it('never takes a new remote session as routine, though a conduit allows it and peers use it', () => {
    // ws-1 used rdp to jump-1 throughout the baseline (usual()); a stolen login on ws-2 looks just like this.
    const findings = detect([
      ...usual(),
      flow(minute(30), 'ws-2', 'ws-1', 'smb', 445),
      flow(minute(DAY + 1200), 'ws-2', 'jump-1', 'rdp', 3389),
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ category: 'new-path', technique: 'T0886', destination: { asset: 'jump-1' } });
  });

  it('reports a path a conduit allows but no peer used, and says so', () => {
    const quiet = everyMinute(0, 2 * DAY, (at) => [flow(at, 'hmi-1', 'plc-1', 'modbus', 502)], 10).flat();
    const known = detect([
      ...quiet,
      flow(minute(30), 'ws-2', 'ws-1', 'smb', 445),
      flow(minute(40), 'ws-1', 'ws-2', 'smb', 445),
      flow(minute(DAY + 1200), 'ws-2', 'jump-1', 'rdp', 3389),
    ]);
    expect(known).toHaveLength(1);
    expect(known[0]).toMatchObject({ category: 'new-path', technique: 'T0886', destination: { asset: 'jump-1' } });
    expect(known[0].explanation).toBe(
      'ws-2 (Office (L4)) started rdp/3389 to jump-1 (Industrial DMZ (L3.5)) at 20:00 UTC, a path never used during ' +
        'the baseline: a conduit allows it, but no peer of the same zone and role used it during the baseline.'
    );
  });

  it('reports a path no conduit allows even when peers used it, saying what the conduits allow', () => {
    const withSsh = [...usual(), ...everyMinute(0, DAY, (at) => [flow(at, 'ws-1', 'jump-1', 'ssh', 22)], 30).flat()];
    const known = detect([
      ...withSsh,
      flow(minute(30), 'ws-2', 'ws-1', 'smb', 445),
      flow(minute(DAY + 1200), 'ws-2', 'jump-1', 'ssh', 22),
    ]);
    const path = known.filter((f) => f.category === 'new-path');
    expect(path).toHaveLength(1);
    expect(path[0].explanation).toMatch(
      /^ws-2 \(Office \(L4\)\) started ssh\/22 to jump-1 .*a path never used during the baseline: no conduit between these zones allows ssh\/22 \(allowed: rdp\/3389, https\/443\)\.$/
    );
  });

  it('takes a new host of a known role doing what its peers did as routine, but not an address nobody named', () => {
    const model = fixtureModel();
    model.assets.push({ name: 'ws-3', address: '10.10.10.13', role: 'workstation' });
    const flows = [
      ...withPeerHttps(),
      flow(minute(DAY + 600), '10.10.10.13', 'jump-1', 'https', 443, { srcAsset: 'ws-3' }),
      flow(minute(DAY + 600), '10.10.10.99', 'jump-1', 'https', 443),
    ];
    const obs = fixtureObservations({ flows });
    const findings = detectNewCommunication(obs, createDetectionContext(model, obs));
    expect(findings.map((f) => [f.category, f.source?.ip])).toEqual([['new-talker', '10.10.10.99']]);
  });

  it('reports nothing when every path and talker was seen during the baseline', () => {
    expect(detect(usual())).toEqual([]);
  });
});
