import { detectionConfig } from '../detectors/detectionConfig';
import type { ZoneModel } from '../model/zoneModel';
import { detectionAlertRules, RULE_TEMPLATE_IDS, RULE_TEMPLATES } from './ruleTemplates';

const zone = (id: string, purdueLevel: ZoneModel['zones'][number]['purdueLevel'], safety = false) => ({
  id,
  name: id.toUpperCase(),
  purdueLevel,
  slTarget: 2 as const,
  safety,
  cidrs: [],
  vlans: [],
});

const MODEL: ZoneModel = {
  zones: [zone('office', 4), zone('dmz', 3.5), zone('scada', 2), zone('plc', 1), zone('sis', 1, true)],
  conduits: [
    {
      id: 'office-dmz',
      from: 'office',
      to: 'dmz',
      direction: 'one-way',
      controlType: 'firewall',
      slTarget: 2,
      services: [{ protocol: 'rdp', port: 3389 }],
    },
    {
      id: 'scada-plc',
      from: 'scada',
      to: 'plc',
      direction: 'one-way',
      controlType: 'firewall',
      slTarget: 3,
      services: [
        { protocol: 'modbus', port: 502, operations: ['read', 'write'], functionCodes: [3, 16] },
        { protocol: 'https', port: 443 },
      ],
    },
    {
      id: 'dmz-scada',
      from: 'dmz',
      to: 'scada',
      direction: 'one-way',
      controlType: 'firewall',
      slTarget: 3,
      services: [{ protocol: 'opcua', port: 4840, operations: ['read'] }],
    },
  ],
  assets: [],
};

const rules = detectionAlertRules(MODEL);
const ruleOf = (template: string, zoneId?: string) =>
  rules.find((rule) => rule.template === template && (zoneId === undefined || rule.labels.zone === zoneId));

describe('detection rules from the zone model', () => {
  it('give every rule a stable, unique uid that Grafana accepts', () => {
    const uids = rules.map((rule) => rule.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const uid of uids) {
      expect(uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
    }
    expect(detectionAlertRules(MODEL).map((rule) => rule.uid)).toEqual(uids);
  });

  it('describe every template and use each at least once on a plant with control zones', () => {
    for (const id of RULE_TEMPLATE_IDS) {
      expect(RULE_TEMPLATES[id].description.length).toBeGreaterThan(20);
      expect(rules.some((rule) => rule.template === id)).toBe(true);
    }
  });

  it('label each rule for routing: category, domain and severity always; zone and Purdue level for a zone', () => {
    for (const rule of rules) {
      expect(rule.labels.conduit_rule).toBe(rule.template);
      // Rules over findings label each alert with its finding's category, from the query.
      expect(
        rule.labels.category ?? (rule.queries[0].influxql.includes('GROUP BY "category"') && 'from the query')
      ).toBeTruthy();
      expect(['it', 'ot']).toContain(rule.labels.domain);
      expect(['info', 'low', 'medium', 'high', 'critical']).toContain(rule.labels.severity);
    }
    expect(ruleOf('ot-command', 'plc')?.labels).toMatchObject({
      zone: 'plc',
      purdue_level: '1',
      domain: 'ot',
      severity: 'critical',
      technique: 'T0855',
    });
    expect(ruleOf('zone-traffic', 'scada')?.labels).toMatchObject({ severity: 'high', purdue_level: '2' });
  });

  it('select flows into a zone from zones with no conduit, and outside the services of those with one', () => {
    const query = ruleOf('zone-traffic', 'plc')?.queries[0].influxql;
    expect(query).toBe(
      'SELECT count("bytes_out") FROM "flow" WHERE "dst_zone" = \'plc\' AND ("src_zone" =~ /^(?:office|dmz|sis|unknown)$/ OR ' +
        '("src_zone" = \'scada\' AND ("service" !~ /^(?:modbus|)$/ OR "dst_port" != \'502\') AND ("service" !~ /^(?:https|)$/ OR "dst_port" != \'443\'))) ' +
        'AND $timeFilter GROUP BY "src_zone", "service", "dst_port"'
    );
  });

  it('read flows into an IT zone from the store that holds them: OT sources in the OT store, the rest in the IT store', () => {
    const intoDmz = rules.filter((rule) => rule.template === 'zone-traffic' && rule.labels.zone === 'dmz');
    expect(intoDmz.map((rule) => rule.queries[0].store).sort()).toEqual(['it', 'ot']);
    const fromIt = intoDmz.find((rule) => rule.queries[0].store === 'it')?.queries[0].influxql;
    // An address in no zone reaching the DMZ (level 3.5) is a violation; the office only over RDP.
    expect(fromIt).toContain('"src_zone" = \'unknown\'');
    expect(fromIt).toContain('("src_zone" = \'office\' AND ("service" !~ /^(?:rdp|)$/ OR "dst_port" != \'3389\'))');
  });

  it('select OT commands that change a controller unless a conduit lets that protocol write with that function code', () => {
    const query = ruleOf('ot-command', 'plc')?.queries[0].influxql ?? '';
    expect(query).toContain('"operation" =~ /^(?:write|program_download|mode_change|firmware_update)$/');
    expect(query).toContain(
      '("src_zone" = \'scada\' AND ("protocol" != \'modbus\' OR "function_code" !~ /^(?:3|16)$/))'
    );
    // A read-only service allows no write: the DMZ may not command SCADA over OPC UA.
    expect(ruleOf('ot-command', 'scada')?.queries[0].influxql).toMatch(/"src_zone" =~ \/\^\(\?:[^/]*dmz/);
  });

  it("judge a service's source roles by the assets the model lists for them, and the whole zone when it lists none", () => {
    const withRoles: ZoneModel = {
      ...MODEL,
      conduits: MODEL.conduits.map((conduit) =>
        conduit.id === 'scada-plc'
          ? {
              ...conduit,
              services: [
                { protocol: 'modbus', port: 502, sourceRoles: ['hmi'] },
                { protocol: 's7comm', port: 102, sourceRoles: ['engineering-workstation'] },
              ],
            }
          : conduit
      ),
      assets: [
        { name: 'hmi-1', zone: 'scada', role: 'hmi' },
        { name: 'hmi-2', zone: 'scada', role: 'hmi' },
        { name: 'hmi-9', zone: 'plc', role: 'hmi' },
      ],
    };
    const query =
      detectionAlertRules(withRoles).find((rule) => rule.template === 'zone-traffic' && rule.labels.zone === 'plc')
        ?.queries[0].influxql ?? '';
    expect(query).toContain(
      '("service" !~ /^(?:modbus|)$/ OR "dst_port" != \'502\' OR "src_asset" !~ /^(?:hmi-1|hmi-2)$/)'
    );
    // No engineering workstation is listed: S7 stays open to the whole zone, as the analyzer's inventory decides.
    expect(query).toContain('("service" !~ /^(?:s7comm|)$/ OR "dst_port" != \'102\')');
  });

  it('judge controller changes by how many modes or program fingerprints a controller reported', () => {
    const mode = ruleOf('controller-mode', 'plc');
    expect(mode?.queries[0].influxql).toBe(
      'SELECT count(distinct("mode")) FROM "controller_state" WHERE "zone" = \'plc\' AND $timeFilter GROUP BY "asset"'
    );
    expect(mode?.expressions.at(-1)).toEqual({ refId: 'C', type: 'threshold', input: 'B', above: 1 });
  });

  it('take failed-login bursts from the brute-force settings of the model', () => {
    const custom = detectionAlertRules(
      MODEL,
      detectionConfig({ detection: { 'brute-force': { minFailures: 25, windowBuckets: 15 } } })
    );
    const burst = custom.find((rule) => rule.template === 'auth-burst');
    expect(burst?.queries[0].windowSeconds).toBe(900);
    expect(burst?.expressions.at(-1)).toMatchObject({ above: 24 });
  });

  it('carry no rule label that a series label of its query would hide (Grafana keeps the rule label)', () => {
    for (const rule of rules) {
      const grouped = /GROUP BY (.*)$/.exec(rule.queries[0].influxql)?.[1] ?? '';
      for (const key of Object.keys(rule.labels)) {
        expect(`${rule.uid} ${grouped}`).not.toContain(`"${key}"`);
      }
    }
  });

  it('select findings at the chosen severity or above, and chains reaching the chosen level', () => {
    const options = { findingMinSeverity: 'critical' as const, chainMaxLevel: 2 };
    const chosen = detectionAlertRules(MODEL, detectionConfig(MODEL), options);
    const finding = chosen.find((rule) => rule.template === 'finding-severity' && rule.labels.zone === 'plc');
    expect(finding?.queries[0].influxql).toContain('"severity" = \'critical\'');
    const chain = chosen.find((rule) => rule.template === 'chain-level');
    expect(chain?.queries[0].influxql).toContain('"zones" =~ /(?:^|,)(?:scada|plc|sis)(?:,|$)/');
    expect(chain?.queries[0].influxql).toContain('"replaced_by" = \'\'');
    expect(chain?.uid).not.toBe(ruleOf('chain-level')?.uid);
  });

  it('leave out disabled templates', () => {
    const without = detectionAlertRules(MODEL, detectionConfig(MODEL), { disabled: ['process-range', 'chain-level'] });
    expect(without.some((rule) => rule.template === 'process-range' || rule.template === 'chain-level')).toBe(false);
    expect(without.length).toBe(
      rules.length - rules.filter((r) => ['process-range', 'chain-level'].includes(r.template)).length
    );
  });

  it('escape zone ids in queries through the one InfluxQL builder', () => {
    const hostile: ZoneModel = { ...MODEL, zones: [...MODEL.zones, zone("o'brien\\", 1)] };
    const query = detectionAlertRules(hostile).find((rule) => rule.labels.zone === "o'brien\\")?.queries[0].influxql;
    expect(query).toContain("\"dst_zone\" = 'o\\'brien\\\\'");
  });
});
