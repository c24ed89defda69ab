import type { Finding, FindingEntity } from '../finding';
import type { Zone, ZoneModel } from '../model/zoneModel';
import { correlateFindings } from './correlateFindings';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 2, 3, 8);

function zone(id: string, name: string, purdueLevel: Zone['purdueLevel']): Zone {
  return { id, name, purdueLevel, slTarget: 2, safety: false, cidrs: [], vlans: [] };
}

const model: ZoneModel = {
  zones: [
    zone('office-it', 'Office IT', 4),
    zone('dmz', 'Industrial DMZ', 3.5),
    zone('supervisory', 'Supervisory', 2),
    zone('basic-control', 'Basic control', 1),
  ],
  conduits: [],
  assets: [],
};

function finding(
  id: string,
  time: number,
  category: Finding['category'],
  severity: Finding['severity'],
  source: FindingEntity | undefined,
  destination: FindingEntity | undefined,
  technique?: string
): Finding {
  return {
    id,
    detector: 'test',
    category,
    time,
    severity,
    score: 50,
    technique,
    source,
    destination,
    explanation: `${category} ${id}`,
    evidence: { records: [], query: '', store: 'it' },
  };
}

const phishing = finding(
  'f-phish',
  T0,
  'malware-ioc',
  'medium',
  { ip: '198.51.100.7' },
  { asset: 'ws-7', zone: 'office-it' },
  'T0865'
);
const bruteForce = finding(
  'f-brute',
  T0 + 40 * MIN,
  'brute-force',
  'high',
  { asset: 'ws-7', zone: 'office-it' },
  { asset: 'jump-1', zone: 'dmz' },
  'T0886'
);
const modbusWrite = finding(
  'f-write',
  T0 + 95 * MIN,
  'unauthorized-command',
  'critical',
  { asset: 'jump-1', zone: 'dmz' },
  { asset: 'plc-1', zone: 'basic-control' },
  'T0855'
);

describe('correlateFindings', () => {
  it('chains an office phishing alert, a brute force on the jump host and a Modbus write on a PLC into one chain that descends the levels', () => {
    const chains = correlateFindings([modbusWrite, phishing, bruteForce], model);
    expect(chains).toHaveLength(1);
    const [chain] = chains;
    expect(chain.steps.map((s) => s.findingId)).toEqual(['f-phish', 'f-brute', 'f-write']);
    expect(chain.steps.map((s) => s.purdueLevel)).toEqual([4, 3.5, 1]);
    expect(chain.techniques).toEqual(['T0865', 'T0886', 'T0855']);
    expect(chain.descent).toBe(4);
    expect(chain.severity).toBe('critical');
    expect(chain.pivots).toEqual(['ws-7', 'jump-1']);
    expect(chain.title).toBe('Intrusion from Office IT to Basic control via jump-1');
    expect(chain.start).toBe(T0);
    expect(chain.end).toBe(T0 + 95 * MIN);
    expect(chain.assets).toEqual(['ws-7', 'jump-1', 'plc-1']);
    expect(chain.zones).toEqual(['office-it', 'dmz', 'basic-control']);
    expect(chain.explanation).toContain('Descends 4 Purdue levels (L4 to L1)');
    expect(chain.explanation).toContain('jump-1');
  });

  it('keeps two unrelated findings a day apart in separate chains', () => {
    const a = finding('a', T0, 'reconnaissance', 'high', { asset: 'ws-7' }, { asset: 'hist-1' });
    const b = finding('b', T0 + DAY, 'reconnaissance', 'high', { asset: 'ws-9' }, { asset: 'hist-1' });
    const chains = correlateFindings([a, b], model, { minSteps: 1 });
    expect(chains.map((c) => c.steps.map((s) => s.findingId))).toEqual([['a'], ['b']]);
  });

  it('keeps activity on the same asset a day apart in separate chains', () => {
    const chains = correlateFindings(
      [
        finding('d1-a', T0, 'reconnaissance', 'medium', { asset: 'ws-7' }, { asset: 'plc-1' }),
        finding('d1-b', T0 + 10 * MIN, 'unauthorized-command', 'high', { asset: 'ws-7' }, { asset: 'plc-1' }),
        finding('d2-a', T0 + DAY, 'reconnaissance', 'medium', { asset: 'ws-7' }, { asset: 'plc-1' }),
        finding('d2-b', T0 + DAY + 10 * MIN, 'mode-change', 'high', { asset: 'ws-7' }, { asset: 'plc-1' }),
      ],
      model
    );
    expect(chains.map((c) => c.steps.map((s) => s.findingId))).toEqual([
      ['d1-a', 'd1-b'],
      ['d2-a', 'd2-b'],
    ]);
  });

  it('does not chain findings in the same hour that share nothing', () => {
    const chains = correlateFindings(
      [
        finding(
          'x',
          T0,
          'new-talker',
          'medium',
          { asset: 'ws-1', zone: 'office-it' },
          { asset: 'srv-1', zone: 'office-it' }
        ),
        finding(
          'y',
          T0 + 5 * MIN,
          'new-talker',
          'medium',
          { asset: 'hmi-1', zone: 'supervisory' },
          { asset: 'plc-1', zone: 'basic-control' }
        ),
      ],
      model
    );
    expect(chains).toEqual([]);
  });

  it('does not join two actors because they reach the same target', () => {
    const chains = correlateFindings(
      [
        finding('ws7-read', T0, 'unauthorized-command', 'medium', { asset: 'ws-7' }, { asset: 'plc-1' }),
        finding('ws7-write', T0 + 5 * MIN, 'unauthorized-command', 'high', { asset: 'ws-7' }, { asset: 'plc-1' }),
        finding('ws9-write', T0 + 20 * MIN, 'unauthorized-command', 'high', { asset: 'ws-9' }, { asset: 'plc-1' }),
      ],
      model,
      { minSteps: 1 }
    );
    expect(chains.map((c) => c.steps.map((s) => s.findingId))).toEqual([['ws7-read', 'ws7-write'], ['ws9-write']]);
  });

  it('joins what a target reported to the actor nearest in time, without bridging two actors', () => {
    const plc = { asset: 'plc-1', zone: 'basic-control' };
    const chains = correlateFindings(
      [
        finding('insider-write', T0, 'unauthorized-command', 'high', { asset: 'hmi-1', zone: 'supervisory' }, plc),
        finding('insider-effect', T0 + 2 * MIN, 'process-anomaly', 'critical', undefined, plc),
        finding('intruder-write', T0 + 60 * MIN, 'unauthorized-command', 'high', { asset: 'jump-1', zone: 'dmz' }, plc),
        finding('intruder-effect', T0 + 62 * MIN, 'process-anomaly', 'critical', undefined, plc),
      ],
      model
    );
    expect(chains.map((c) => c.steps.map((s) => s.findingId))).toEqual([
      ['insider-write', 'insider-effect'],
      ['intruder-write', 'intruder-effect'],
    ]);
  });

  it('follows an intrusion down from the zone an earlier step reached, even without a shared asset', () => {
    const chains = correlateFindings(
      [
        finding(
          'in',
          T0,
          'conduit-violation',
          'high',
          { asset: 'ws-7', zone: 'office-it' },
          { asset: 'hmi-1', zone: 'supervisory' }
        ),
        finding(
          'down',
          T0 + 20 * MIN,
          'unauthorized-command',
          'critical',
          { asset: 'hmi-2', zone: 'supervisory' },
          { asset: 'plc-4', zone: 'basic-control' }
        ),
      ],
      model
    );
    expect(chains).toHaveLength(1);
    expect(chains[0].descent).toBe(4);
  });

  it('does not follow down from a zone the earlier actor was only in', () => {
    const chains = correlateFindings(
      [
        finding('talker', T0, 'new-talker', 'high', { ip: '10.20.2.187', zone: 'supervisory' }, undefined),
        finding(
          'local',
          T0 + 5 * MIN,
          'conduit-violation',
          'high',
          { ip: '10.20.2.187', zone: 'supervisory' },
          { asset: 'hmi-1', zone: 'supervisory' }
        ),
        finding(
          'other',
          T0 + 20 * MIN,
          'unauthorized-command',
          'critical',
          { asset: 'hmi-2', zone: 'supervisory' },
          { asset: 'plc-4', zone: 'basic-control' }
        ),
      ],
      model,
      { minSteps: 1 }
    );
    expect(chains.map((c) => c.steps.map((s) => s.findingId))).toEqual([['talker', 'local'], ['other']]);
  });

  it('does not treat a single low-severity finding as a chain', () => {
    expect(
      correlateFindings([finding('lone', T0, 'new-path', 'low', { asset: 'ws-7' }, { asset: 'srv-1' })], model)
    ).toEqual([]);
  });

  it('never makes a chain of sensor-health findings alone', () => {
    const health = [0, 1, 2].map((i) =>
      finding(`h-${i}`, T0 + i * MIN, 'sensor-health', 'high', undefined, { asset: 'plc-1', zone: 'basic-control' })
    );
    expect(correlateFindings(health, model)).toEqual([]);
  });

  it('attaches a sensor-health finding to the chain about its asset without letting it bridge two chains', () => {
    const first = [
      finding('p1', T0, 'reconnaissance', 'medium', { asset: 'ws-7' }, { asset: 'plc-1' }),
      finding('p2', T0 + 10 * MIN, 'unauthorized-command', 'high', { asset: 'ws-7' }, { asset: 'plc-1' }),
    ];
    const second = [
      finding('q1', T0 + 30 * MIN, 'reconnaissance', 'medium', { asset: 'ws-9' }, { asset: 'rtu-2' }),
      finding('q2', T0 + 40 * MIN, 'program-change', 'high', { asset: 'ws-9' }, { asset: 'rtu-2' }),
    ];
    const bridge = finding('h', T0 + 20 * MIN, 'sensor-health', 'medium', { asset: 'plc-1' }, { asset: 'rtu-2' });
    const chains = correlateFindings([...first, ...second, bridge], model);
    expect(chains.map((c) => c.steps.map((s) => s.findingId))).toEqual([
      ['p1', 'p2', 'h'],
      ['q1', 'q2'],
    ]);
  });

  it('scores a chain that descends across levels above one of the same severities that stays in one zone', () => {
    const flat = correlateFindings(
      [
        finding(
          'f1',
          T0,
          'malware-ioc',
          'medium',
          { ip: '198.51.100.7' },
          { asset: 'ws-1', zone: 'office-it' },
          'T0865'
        ),
        finding(
          'f2',
          T0 + 40 * MIN,
          'brute-force',
          'high',
          { asset: 'ws-1', zone: 'office-it' },
          { asset: 'srv-1', zone: 'office-it' },
          'T0886'
        ),
        finding(
          'f3',
          T0 + 95 * MIN,
          'unauthorized-command',
          'critical',
          { asset: 'srv-1', zone: 'office-it' },
          { asset: 'srv-2', zone: 'office-it' },
          'T0855'
        ),
      ],
      model
    );
    const descending = correlateFindings([phishing, bruteForce, modbusWrite], model);
    expect(flat[0].descent).toBe(0);
    expect(descending[0].score).toBeGreaterThan(flat[0].score);
    expect(flat[0].title).toBe('Pivot through srv-1 in Office IT');
  });

  it('keeps the chain id when a later finding joins the chain', () => {
    const before = correlateFindings([phishing, bruteForce], model);
    const after = correlateFindings([phishing, bruteForce, modbusWrite], model);
    expect(after[0].id).toBe(before[0].id);
    expect(after[0].id).toMatch(/^chain-[0-9a-f]{8}$/);
  });

  it('orders chains by start time and honours a larger maxGapMs', () => {
    const late = [
      finding('l1', T0 + 5 * HOUR, 'reconnaissance', 'medium', { asset: 'ws-3' }, { asset: 'plc-9' }),
      finding('l2', T0 + 5 * HOUR + MIN, 'mode-change', 'high', { asset: 'ws-3' }, { asset: 'plc-9' }),
    ];
    const chains = correlateFindings([...late, phishing, bruteForce, modbusWrite], model);
    expect(chains.map((c) => c.start)).toEqual([T0, T0 + 5 * HOUR]);
    const gap = [
      finding('g1', T0, 'reconnaissance', 'medium', { asset: 'ws-3' }, { asset: 'plc-9' }),
      finding('g2', T0 + 3 * HOUR, 'mode-change', 'high', { asset: 'ws-3' }, { asset: 'plc-9' }),
    ];
    expect(correlateFindings(gap, model)).toHaveLength(0);
    expect(correlateFindings(gap, model, { maxGapMs: 4 * HOUR })).toHaveLength(1);
  });

  it('skips findings it cannot place in time and falls back to defaults for unusable options', () => {
    const broken = [
      { ...phishing, time: Number.NaN },
      { ...bruteForce, severity: 'urgent' },
      null,
      bruteForce,
      modbusWrite,
    ] as unknown as Finding[];
    const chains = correlateFindings(broken, model, { maxGapMs: -1, minSteps: 0.5 });
    expect(chains.map((c) => c.steps.map((s) => s.findingId))).toEqual([['f-brute', 'f-write']]);
  });

  it('titles a chain in the direction of its steps: a PLC reaching out to the internet is outbound, not an intrusion', () => {
    const internetModel: ZoneModel = { ...model, zones: [...model.zones, zone('internet', 'Internet', 5)] };
    const plc = { asset: 'plc-1', zone: 'basic-control' };
    const outside = { ip: '203.0.113.9', zone: 'internet' };
    const chains = correlateFindings(
      [
        finding('f-egress', T0, 'conduit-violation', 'critical', plc, outside, 'T0869'),
        finding('f-new', T0 + 5 * MIN, 'new-path', 'medium', plc, outside, 'T0869'),
      ],
      internetModel
    );
    expect(chains.map((c) => ({ title: c.title, zones: c.zones, descent: c.descent }))).toEqual([
      { title: 'Outbound from Basic control to Internet', zones: ['basic-control', 'internet'], descent: 0 },
    ]);
  });

  it('never lets an informational finding start or join a chain', () => {
    const routine = finding(
      'f-routine',
      T0 - 10 * MIN,
      'new-path',
      'info',
      { asset: 'ws-7', zone: 'office-it' },
      { asset: 'jump-1', zone: 'dmz' }
    );
    const chains = correlateFindings([routine, phishing, bruteForce, modbusWrite], model);
    expect(chains).toHaveLength(1);
    expect(chains[0].steps.map((step) => step.findingId)).toEqual(['f-phish', 'f-brute', 'f-write']);
    expect(chains[0].start).toBe(T0);
  });
});
