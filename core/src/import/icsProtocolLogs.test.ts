import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { aggregateTelemetry } from '../aggregation/telemetryAggregation';
import { analysePlant } from '../analysis/plantAnalysis';
import { fixtureModel } from '../detectors/detectionFixture';
import { measurementContract, type TelemetryPoint } from '../telemetryContract';
import { attributeByModel, attributeNothing } from './addressAttribution';
import { importZeekLog, type ZeekImportOptions } from './zeekImport';

function linesOf(name: string): string[] {
  const lines = readFileSync(join(__dirname, 'testdata', 'ics', name), 'utf8').split('\n');
  return lines[lines.length - 1] === '' ? lines.slice(0, -1) : lines;
}

async function importLines(lines: string[], options: Partial<ZeekImportOptions> = {}) {
  const points: TelemetryPoint[] = [];
  const result = await importZeekLog(lines, {
    attribute: attributeNothing,
    onPoint: (p) => points.push(p),
    ...options,
  });
  return { points, result };
}

/** The originator and responder of a capture's first record (every capture here is one client and one server). */
function clientAndServer(lines: string[], ext: string): [string, string] {
  const first = lines.find((l) => !l.startsWith('#')) ?? '';
  if (ext === 'ndjson') {
    const record = JSON.parse(first) as Record<string, string>;
    return [record['id.orig_h'], record['id.resp_h']];
  }
  const fields = first.split('\t');
  return [fields[2], fields[4]];
}

interface Expected {
  log: string;
  kind: string;
  protocol: string;
  /** Each point: operation, function code (decimal, '' when the log has none), detail. */
  points: Array<[string, string, string]>;
  merged: number;
  housekeeping: number;
}

const LOGS: Expected[] = [
  {
    log: 'dnp3',
    kind: 'dnp3',
    protocol: 'dnp3',
    points: [
      ['read', '1', 'READ'],
      ['write', '3', 'SELECT'],
      ['write', '4', 'OPERATE'],
      ['mode_change', '13', 'COLD_RESTART'],
      ['program_download', '25', 'OPEN_FILE'],
    ],
    merged: 1,
    housekeeping: 0,
  },
  {
    log: 'dnp3_control',
    kind: 'dnp3',
    protocol: 'dnp3',
    points: [
      ['write', '3', 'Control_Relay_Output_Block Trip Pulse_On'],
      ['write', '4', 'Control_Relay_Output_Block Trip Pulse_On'],
    ],
    merged: 2,
    housekeeping: 0,
  },
  { log: 'dnp3_objects', kind: 'dnp3', protocol: 'dnp3', points: [['read', '1', '30:5']], merged: 1, housekeeping: 0 },
  {
    log: 's7comm',
    kind: 's7comm',
    protocol: 's7comm',
    points: [
      ['diagnostic', '240', 'SETUP_COMMUNICATION'],
      ['read', '4', 'READ_VAR'],
      ['write', '5', 'WRITE_VAR'],
      ['mode_change', '41', 'PLC_STOP'],
      ['program_download', '26', 'REQUEST_DOWNLOAD'],
      ['program_download', '27', 'DOWNLOAD_BLOCK'],
      ['mode_change', '40', 'PI_SERVICE'],
    ],
    merged: 1,
    housekeeping: 0,
  },
  {
    log: 's7comm_plus',
    kind: 's7comm',
    protocol: 's7comm',
    points: [
      ['read', '1356', 'GetMultiVariables'],
      ['write', '1346', 'SetMultiVariables'],
      ['unknown', '1226', 'CreateObject'],
    ],
    merged: 2,
    housekeeping: 0,
  },
  {
    log: 'cip',
    kind: 'enip',
    protocol: 'enip',
    points: [
      ['read', '76', 'Read_Tag Symbol'],
      ['write', '77', 'Write_Tag Symbol'],
      ['read', '14', 'Get_Attribute_Single Identity'],
      ['mode_change', '7', 'Stop'],
      ['diagnostic', '84', 'Forward_Open Connection_Manager'],
    ],
    merged: 1,
    housekeeping: 0,
  },
  {
    log: 'enip',
    kind: 'enip',
    protocol: 'enip',
    points: [['diagnostic', '99', 'List Identity']],
    merged: 1,
    housekeeping: 2,
  },
  {
    log: 'bacnet',
    kind: 'bacnet',
    protocol: 'bacnet',
    points: [
      ['read', '', 'read-property'],
      ['write', '', 'write-property'],
      ['mode_change', '', 'reinitialize-device'],
      ['program_download', '', 'atomic-write-file'],
      ['diagnostic', '', 'who-is'],
    ],
    merged: 2,
    housekeeping: 1,
  },
  {
    log: 'opcua_binary',
    kind: 'opcua',
    protocol: 'opcua',
    points: [
      ['read', '631', 'ReadRequest'],
      ['write', '673', 'WriteRequest'],
      ['write', '712', 'CallRequest'],
      ['diagnostic', '461', 'CreateSessionRequest'],
    ],
    merged: 1,
    housekeeping: 2,
  },
];

describe.each(LOGS)('the $log log', (expected) => {
  it.each(['log', 'ndjson'])('reads each request as one operation from the client to the server (%s)', async (ext) => {
    const lines = linesOf(`${expected.log}.${ext}`);
    const { points, result } = await importLines(lines);
    expect(result.kind).toBe(expected.kind);
    expect(points.map((p) => [p.tags.operation, p.tags.function_code, p.fields.detail])).toEqual(expected.points);
    for (const point of points) {
      expect(point.measurement).toBe('ot_operation');
      expect(point.tags.protocol).toBe(expected.protocol);
      // The client (the connection's originator) is the source, whichever way the message went.
      expect([point.tags.src_ip, point.tags.dst_ip]).toEqual(clientAndServer(lines, ext));
    }
    const records = ext === 'log' ? lines.filter((l) => !l.startsWith('#')).length : lines.length;
    expect(result.stats).toMatchObject({
      imported: expected.points.length,
      merged: expected.merged,
      housekeeping: expected.housekeeping,
      malformedCount: 0,
    });
    expect(result.stats.imported + result.stats.merged + result.stats.housekeeping).toBe(records);
  });

  it('is known by its fields when the log does not name itself', async () => {
    const lines = linesOf(`${expected.log}.ndjson`).map((l) => l.replace(/^\{"_path":"[^"]+",/, '{'));
    const { points, result } = await importLines(lines);
    expect(result.kind).toBe(expected.kind);
    expect(points).toHaveLength(expected.points.length);
  });
});

describe('protocol logs with something wrong', () => {
  it('refuses a record whose time is missing or masked, by line, and imports the rest', async () => {
    const lines = linesOf('s7comm.log');
    const first = lines.findIndex((l) => !l.startsWith('#'));
    lines[first] = lines[first].replace(/^[^\t]+/, '-');
    lines[first + 2] = lines[first + 2].replace(/^[^\t]+/, '1709280x01.5');
    const { points, result } = await importLines(lines);
    expect(result.stats.malformed).toEqual([
      { line: first + 1, message: 'missing ts' },
      { line: first + 3, message: 'bad timestamp "1709280x01.5" in ts' },
    ]);
    expect(points).toHaveLength(5);
  });

  it('writes points the telemetry contract accepts', async () => {
    for (const { log } of LOGS) {
      const { points } = await importLines(linesOf(`${log}.log`));
      const contract = measurementContract('ot_operation');
      for (const point of points) {
        expect(Object.keys(point.tags).every((tag) => contract?.tags.includes(tag))).toBe(true);
        expect(Object.keys(point.fields).every((name) => contract !== undefined && name in contract.fields)).toBe(true);
      }
    }
  });
});

describe('protocol operations before the detectors', () => {
  it('are judged as Modbus requests are: unallowed writes, mode changes and program downloads are found', async () => {
    const model = fixtureModel();
    const points: TelemetryPoint[] = [];
    for (const log of ['s7comm.log', 'cip.log', 'dnp3.log']) {
      await importZeekLog(linesOf(log), { attribute: attributeByModel(model), onPoint: (p) => points.push(p) });
    }
    const observations = aggregateTelemetry(points, { bucketMs: 60_000 });
    const start = observations.range.from;
    const analysis = analysePlant({
      model,
      observations,
      learning: { baseline: { from: start - 3_600_000, to: start } },
    });
    const seen = analysis.findings.map(
      (f) => `${f.category} ${f.source?.asset ?? f.source?.ip} ${f.explanation.split(' ')[1] ?? ''}`
    );
    // CIP from the HMI: no conduit allows EtherNet/IP into the control zone.
    expect(analysis.findings.some((f) => f.category === 'unauthorized-command' && f.source?.asset === 'hmi-1')).toBe(
      true
    );
    // The S7 stop and the DNP3 cold restart are mode changes; the S7 download a program change.
    expect(
      analysis.findings
        .filter((f) => f.category === 'mode-change')
        .map((f) => f.source?.asset)
        .sort()
    ).toEqual(expect.arrayContaining(['ews-1', 'scada-1']));
    expect(analysis.findings.some((f) => f.category === 'program-change' && f.source?.asset === 'ews-1')).toBe(true);
  });
});
