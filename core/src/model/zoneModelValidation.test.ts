import { formatProblem, MAX_LISTED_PROBLEMS, validateZoneModel } from './zoneModelValidation';

/** A small valid plant: enterprise, DMZ, supervisory, control and a safety zone. */
function plant(): Record<string, unknown> & {
  zones: Array<Record<string, unknown>>;
  conduits: Array<Record<string, unknown>>;
  assets: Array<Record<string, unknown>>;
} {
  return {
    site: 'Riverside water works',
    zones: [
      { id: 'enterprise', name: 'Enterprise', purdueLevel: 4, slTarget: 1, cidrs: ['10.0.0.0/8'] },
      { id: 'dmz', name: 'Industrial DMZ', purdueLevel: 3.5, slTarget: 3, cidrs: ['172.16.0.0/24'], vlans: [30] },
      {
        id: 'scada',
        name: 'Supervisory',
        purdueLevel: 2,
        slTarget: 2,
        slAchieved: 1,
        owner: 'OT engineering',
        cidrs: ['10.20.0.0/16', '2001:db8:20::/48'],
        vlans: [20, 21],
      },
      { id: 'control', name: 'Basic control', purdueLevel: 1, slTarget: 3, cidrs: ['10.20.1.0/24'], vlans: [10] },
      { id: 'sis', name: 'Safety', purdueLevel: 1, slTarget: 4, safety: true, cidrs: ['10.30.0.0/24'] },
    ],
    conduits: [
      {
        id: 'ent-dmz',
        from: 'enterprise',
        to: 'dmz',
        direction: 'two-way',
        controlType: 'firewall',
        slTarget: 2,
        services: [{ protocol: 'https', port: 443 }],
      },
      {
        id: 'scada-control',
        from: 'scada',
        to: 'control',
        direction: 'one-way',
        controlType: 'firewall',
        slTarget: 3,
        services: [
          {
            protocol: 'modbus',
            port: 502,
            operations: ['read', 'write'],
            functionCodes: [3, 16],
            sourceRoles: ['hmi'],
          },
        ],
      },
    ],
    assets: [
      { name: 'plc-1', address: '10.20.1.10', zone: 'control', role: 'plc', criticality: 5 },
      { name: 'historian', address: '2001:db8:20::10', role: 'historian' },
    ],
  };
}

/** The problems of an input, each as one line. */
function problemsOf(input: unknown): string[] {
  return validateZoneModel(input).problems.map(formatProblem);
}

describe('validateZoneModel on a valid model', () => {
  it('accepts it and returns the model with defaults filled in', () => {
    const result = validateZoneModel(plant());
    expect(result.problems).toEqual([]);
    if (!result.ok) {
      throw new Error('expected a valid model');
    }
    expect(result.model.zones[0]).toEqual({
      id: 'enterprise',
      name: 'Enterprise',
      purdueLevel: 4,
      slTarget: 1,
      safety: false,
      cidrs: ['10.0.0.0/8'],
      vlans: [],
    });
    expect(result.model.zones[4].safety).toBe(true);
    expect(result.model.assets[1]).toEqual({ name: 'historian', address: '2001:db8:20::10', role: 'historian' });
  });

  it('fills empty lists for omitted conduits, assets, services, cidrs and vlans', () => {
    const result = validateZoneModel({
      zones: [{ id: 'a', name: 'A', purdueLevel: 0, slTarget: 0 }],
    });
    expect(result).toEqual({
      ok: true,
      problems: [],
      model: {
        zones: [{ id: 'a', name: 'A', purdueLevel: 0, slTarget: 0, safety: false, cidrs: [], vlans: [] }],
        conduits: [],
        assets: [],
      },
    });
    const withConduit = validateZoneModel({
      zones: [
        { id: 'a', name: 'A', purdueLevel: 0, slTarget: 0 },
        { id: 'b', name: 'B', purdueLevel: 1, slTarget: 0 },
      ],
      conduits: [{ id: 'c', from: 'a', to: 'b', direction: 'one-way', controlType: 'none', slTarget: 0 }],
    });
    expect(withConduit.ok && withConduit.model.conduits[0].services).toEqual([]);
  });

  it('does not hand back the input object itself', () => {
    const input = plant();
    const result = validateZoneModel(input);
    expect(result.ok && result.model).not.toBe(input);
    expect(result.ok && result.model.zones[0]).not.toBe(input.zones[0]);
  });

  it('accepts detection settings keyed by detector', () => {
    const input = { ...plant(), detection: { newTalker: { baselineDays: 7, enabled: true, mode: 'learn' } } };
    const result = validateZoneModel(input);
    expect(result.ok && result.model.detection).toEqual({
      newTalker: { baselineDays: 7, enabled: true, mode: 'learn' },
    });
  });

  it('accepts a range nested in another zone’s range: the longest prefix wins', () => {
    // plant() already nests control's 10.20.1.0/24 in scada's 10.20.0.0/16 and that in 10.0.0.0/8.
    expect(validateZoneModel(plant()).ok).toBe(true);
  });

  it('warns, and still accepts, when other zones take half or more of a zone’s range', () => {
    const input = plant();
    input.zones[3].cidrs = ['10.30.0.0/25'];
    input.zones[4].cidrs = ['10.30.0.128/25'];
    input.zones[2].cidrs = ['10.30.0.0/24', '10.20.0.0/16'];
    const result = validateZoneModel(input);
    expect(result.ok).toBe(true);
    expect(result.problems).toEqual([
      {
        path: 'zones[2].cidrs[0]',
        subject: 'scada',
        severity: 'warning',
        message:
          'range "10.30.0.0/24" of zone "scada" encloses "10.30.0.0/25" of zone "control" (zones[3].cidrs[0]), ' +
          '"10.30.0.128/25" of zone "sis" (zones[4].cidrs[0]), whose addresses belong to those zones (the longest ' +
          'prefix wins), so zone "scada" keeps none of the range; narrow the range if that is not meant',
      },
    ]);
    input.zones[4].cidrs = ['10.30.0.128/26'];
    expect(problemsOf(input)).toEqual([expect.stringContaining('keeps only 25% of the range')]);
    // A carve-out that leaves the zone most of its range is how subnets are meant to nest: no warning.
    input.zones[3].cidrs = ['10.30.0.0/27'];
    expect(problemsOf(input)).toEqual([]);
  });

  it('accepts zones and conduits without SL-A (not every zone has been assessed)', () => {
    const input = plant();
    expect(input.zones[0].slAchieved).toBeUndefined();
    expect(input.conduits[0].slAchieved).toBeUndefined();
    expect(validateZoneModel(input).ok).toBe(true);
  });

  it('still requires SL-T where SL-A is given', () => {
    const input = plant();
    input.zones[0] = { id: 'enterprise', name: 'Enterprise', purdueLevel: 4, slAchieved: 2 };
    expect(problemsOf(input)).toEqual(['zones[0].slTarget (enterprise): required field is missing']);
  });
});

describe('validateZoneModel problems', () => {
  it('refuses an input that is not an object', () => {
    expect(problemsOf(null)).toEqual(['$: expected an object, got null']);
    expect(problemsOf([])).toEqual(['$: expected an object, got an array']);
    expect(problemsOf(42)).toEqual(['$: expected an object, got the number 42']);
    expect(problemsOf('zones: []')).toEqual(['$: expected an object, got the string "zones: []"']);
  });

  it('refuses a model without zones', () => {
    expect(problemsOf({})).toEqual(['zones: required field is missing']);
  });

  it('names a missing required field', () => {
    const input = plant();
    delete input.zones[1].name;
    expect(problemsOf(input)).toEqual(['zones[1].name (dmz): required field is missing']);
  });

  it('names a field of the wrong type', () => {
    const input = plant();
    input.zones[2].cidrs = '10.20.0.0/16';
    input.zones[3].safety = 'yes';
    expect(problemsOf(input)).toEqual([
      'zones[2].cidrs (scada): expected a list, got the string "10.20.0.0/16"',
      'zones[3].safety (control): expected a boolean (true or false), got the string "yes"',
    ]);
  });

  it('refuses an unknown Purdue level', () => {
    const input = plant();
    input.zones[0].purdueLevel = 2.5;
    expect(problemsOf(input)).toEqual([
      'zones[0].purdueLevel (enterprise): unknown Purdue level 2.5 (allowed: 0, 1, 2, 3, 3.5, 4, 5)',
    ]);
  });

  it('refuses a security level outside 0..4, for SL-T and SL-A alike', () => {
    const input = plant();
    input.zones[0].slTarget = 5;
    input.zones[2].slAchieved = 7;
    input.conduits[0].slTarget = -1;
    expect(problemsOf(input)).toEqual([
      'zones[0].slTarget (enterprise): security level must be an integer from 0 to 4, got 5',
      'zones[2].slAchieved (scada): security level must be an integer from 0 to 4, got 7',
      'conduits[0].slTarget (ent-dmz): security level must be an integer from 0 to 4, got -1',
    ]);
  });

  it('refuses a duplicate zone id', () => {
    const input = plant();
    input.zones[3].id = 'scada';
    input.conduits[1].to = 'sis';
    input.assets[0].zone = 'sis';
    expect(problemsOf(input)).toEqual(['zones[3].id (scada): duplicate zone id "scada" (first used at zones[2].id)']);
  });

  it('refuses a duplicate conduit id', () => {
    const input = plant();
    input.conduits[1].id = 'ent-dmz';
    expect(problemsOf(input)).toEqual([
      'conduits[1].id (ent-dmz): duplicate conduit id "ent-dmz" (first used at conduits[0].id)',
    ]);
  });

  it('refuses a conduit whose zone does not exist', () => {
    const input = plant();
    input.conduits.push(
      { ...input.conduits[0], id: 'c2', from: 'dmz', to: 'scada' },
      { ...input.conduits[0], id: 'c3' }
    );
    input.conduits[3].to = 'dmz2';
    input.conduits[3].from = 'office';
    expect(problemsOf(input)).toEqual([
      'conduits[3].from (c3): unknown zone "office"',
      'conduits[3].to (c3): unknown zone "dmz2"',
    ]);
  });

  it('refuses a conduit from a zone to itself', () => {
    const input = plant();
    input.conduits[0].to = 'enterprise';
    expect(problemsOf(input)).toEqual(['conduits[0].to (ent-dmz): conduit connects zone "enterprise" to itself']);
  });

  it('refuses an invalid CIDR and says what is wrong with it', () => {
    const input = plant();
    input.zones[0].cidrs = ['10.0.0.300/8', '192.168.0.0/33', '10.20.30.1/16', '2001:db8::1/64'];
    expect(problemsOf(input)).toEqual([
      'zones[0].cidrs[0] (enterprise): invalid CIDR "10.0.0.300/8": bad address "10.0.0.300"',
      'zones[0].cidrs[1] (enterprise): invalid CIDR "192.168.0.0/33": prefix length 33 out of range 0..32 for IPv4',
      'zones[0].cidrs[2] (enterprise): invalid CIDR "10.20.30.1/16": host bits set after /16 (the network is 10.20.0.0/16)',
      'zones[0].cidrs[3] (enterprise): invalid CIDR "2001:db8::1/64": host bits set after /64 (the network is 2001:db8::/64)',
    ]);
  });

  it('refuses the same range in two zones, naming both zones and both ranges', () => {
    const input = plant();
    input.zones[4].cidrs = ['10.30.0.0/24', '2001:0DB8:20::/48'];
    expect(problemsOf(input)).toEqual([
      'zones[4].cidrs[1] (sis): range "2001:0DB8:20::/48" of zone "sis" is the same network as "2001:db8:20::/48" of ' +
        'zone "scada" (zones[2].cidrs[1]); a range belongs to one zone only (a range nested inside another zone’s ' +
        'is fine: the longest prefix wins)',
    ]);
  });

  it('accepts the same range listed twice in one zone', () => {
    const input = plant();
    input.zones[0].cidrs = ['10.0.0.0/8', '10.0.0.0/8'];
    expect(problemsOf(input)).toEqual([]);
  });

  it('refuses a VLAN outside 1..4094', () => {
    const input = plant();
    input.zones[1].vlans = [0, 4095, 12.5];
    expect(problemsOf(input)).toEqual([
      'zones[1].vlans[0] (dmz): VLAN must be an integer from 1 to 4094, got 0',
      'zones[1].vlans[1] (dmz): VLAN must be an integer from 1 to 4094, got 4095',
      'zones[1].vlans[2] (dmz): VLAN must be an integer from 1 to 4094, got 12.5',
    ]);
  });

  it('refuses a VLAN assigned to two zones', () => {
    const input = plant();
    input.zones[3].vlans = [10, 21];
    expect(problemsOf(input)).toEqual([
      'zones[3].vlans[1] (control): VLAN 21 is also assigned to zone "scada" (zones[2].vlans[1])',
    ]);
  });

  it('refuses an unknown direction, control type or operation', () => {
    const input = plant();
    input.conduits[0].direction = 'both';
    input.conduits[0].controlType = 'ids';
    input.conduits[1].services = [{ protocol: 'modbus', operations: ['read', 'execute'] }];
    expect(problemsOf(input)).toEqual([
      'conduits[0].direction (ent-dmz): unknown direction "both" (allowed: "one-way", "two-way")',
      'conduits[0].controlType (ent-dmz): unknown control type "ids" (allowed: "firewall", "data-diode", "gateway", "none")',
      'conduits[1].services[0].operations[1] (scada-control): unknown operation "execute" (allowed: "read", "write")',
    ]);
  });

  it('refuses a port outside 1..65535', () => {
    const input = plant();
    input.conduits[0].services = [
      { protocol: 'https', port: 0 },
      { protocol: 'http', port: 65536 },
    ];
    expect(problemsOf(input)).toEqual([
      'conduits[0].services[0].port (ent-dmz): port must be an integer from 1 to 65535, got 0',
      'conduits[0].services[1].port (ent-dmz): port must be an integer from 1 to 65535, got 65536',
    ]);
  });

  it('refuses a function code that is not an integer from 0 to 255', () => {
    const input = plant();
    input.conduits[1].services = [{ protocol: 'modbus', functionCodes: [3, 256, 1.5] }];
    expect(problemsOf(input)).toEqual([
      'conduits[1].services[0].functionCodes[1] (scada-control): function code must be an integer from 0 to 255, got 256',
      'conduits[1].services[0].functionCodes[2] (scada-control): function code must be an integer from 0 to 255, got 1.5',
    ]);
  });

  it('refuses an asset override that points to an unknown zone', () => {
    const input = plant();
    input.assets[0].zone = 'controll';
    expect(problemsOf(input)).toEqual(['assets[0].zone (plc-1): unknown zone "controll"']);
  });

  it('refuses an asset override with an invalid address', () => {
    const input = plant();
    input.assets[1].address = '10.20.1.256';
    input.assets.push({ name: 'range', address: '10.20.0.0/16' });
    expect(problemsOf(input)).toEqual([
      'assets[1].address (historian): invalid IP address "10.20.1.256"',
      'assets[2].address (range): invalid IP address "10.20.0.0/16"',
    ]);
  });

  it('refuses two asset overrides for one address, in any spelling', () => {
    const input = plant();
    input.assets.push({ name: 'historian-2', address: '2001:DB8:20:0::10' });
    expect(problemsOf(input)).toEqual([
      'assets[2].address (historian-2): address 2001:db8:20::10 is also given to asset "historian" (assets[1].address)',
    ]);
  });

  it('accepts risk weights named as the risk model names them', () => {
    const input = { ...plant(), risk: { weights: { exposure: 5, zoneMaxShare: 0.5 } } };
    const result = validateZoneModel(input);
    expect(result.ok && result.model.risk).toEqual({ weights: { exposure: 5, zoneMaxShare: 0.5 } });
  });

  it('refuses an unknown risk weight and one out of its range', () => {
    const input = { ...plant(), risk: { weights: { exposur: 5, zoneMaxShare: 2 } } };
    expect(problemsOf(input)).toEqual([
      expect.stringMatching(/^risk\.weights\.exposur: unknown weight \(known: criticality, safety, /),
      'risk.weights.zoneMaxShare: 2 is outside 0 to 1',
    ]);
  });

  it('refuses a criticality outside 1..5', () => {
    const input = plant();
    input.assets[0].criticality = 6;
    expect(problemsOf(input)).toEqual([
      'assets[0].criticality (plc-1): criticality must be an integer from 1 to 5, got 6',
    ]);
  });

  it('refuses an unknown key and suggests the key it probably meant', () => {
    const input: Record<string, unknown> = plant();
    input.conduit = input.conduits;
    delete input.conduits;
    expect(problemsOf(input)).toEqual(['conduit: unknown key "conduit"; did you mean "conduits"?']);
  });

  it('names the camelCase key a snake_case key meant', () => {
    const input = plant();
    input.zones[0] = { id: 'enterprise', name: 'Enterprise', purdue_level: 4, slTarget: 1 };
    expect(problemsOf(input)).toEqual([
      'zones[0].purdueLevel (enterprise): required field is missing',
      'zones[0].purdue_level (enterprise): unknown key "purdue_level"; did you mean "purdueLevel"?',
    ]);
  });

  it('refuses empty ids and names', () => {
    const input = plant();
    input.zones[0].name = '  ';
    input.conduits[0].id = '';
    expect(problemsOf(input)).toEqual([
      'zones[0].name (enterprise): must not be empty',
      'conduits[0].id: must not be empty',
    ]);
  });

  it('reports every problem at once, grouped by the record they belong to', () => {
    const input = plant();
    input.zones[0].purdueLevel = 9;
    input.zones[1].vlans = [20];
    input.conduits[1].to = 'nowhere';
    input.zones[0].slTarget = 'high';
    input.assets[0].zone = 'nowhere';
    expect(problemsOf(input)).toEqual([
      'zones[0].purdueLevel (enterprise): unknown Purdue level 9 (allowed: 0, 1, 2, 3, 3.5, 4, 5)',
      'zones[0].slTarget (enterprise): expected a number, got the string "high"',
      // zones[2] lists VLAN 20 after zones[1] took it.
      'zones[2].vlans[0] (scada): VLAN 20 is also assigned to zone "dmz" (zones[1].vlans[0])',
      'conduits[1].to (scada-control): unknown zone "nowhere"',
      'assets[0].zone (plc-1): unknown zone "nowhere"',
    ]);
  });

  it('does not call every reference unknown when the zone list itself is broken', () => {
    const input = plant();
    input.zones = 'all of them' as unknown as Array<Record<string, unknown>>;
    expect(problemsOf(input)).toEqual(['zones: expected a list, got the string "all of them"']);
  });

  it('counts rather than lists problems beyond the limit', () => {
    const input = plant();
    input.zones[0].vlans = Array.from({ length: MAX_LISTED_PROBLEMS + 5 }, () => 0);
    const problems = validateZoneModel(input).problems;
    expect(problems).toHaveLength(MAX_LISTED_PROBLEMS + 1);
    expect(problems[MAX_LISTED_PROBLEMS]).toEqual({ path: '$', message: '5 more problems not listed' });
  });

  it('does not throw on inputs a parser would never produce', () => {
    const cyclic: Record<string, unknown> = { zones: [] };
    cyclic.self = cyclic;
    (cyclic.zones as unknown[]).push(cyclic);
    expect(validateZoneModel(cyclic).ok).toBe(false);

    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys for you');
        },
      }
    );
    expect(problemsOf(hostile)).toContain('$: could not be read: no keys for you');
    expect(problemsOf({ zones: [undefined, , 3] })).toEqual([
      'zones[0]: expected an object, got nothing',
      'zones[1]: expected an object, got nothing',
      'zones[2]: expected an object, got the number 3',
    ]);
  });
});
