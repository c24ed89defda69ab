import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { measurementContract, type TelemetryPoint } from '../telemetryContract';
import type { AddressAttribution } from './addressAttribution';
import { createTimestampNudger } from './timestampNudge';
import { importZeekLog, type ImportResult, type ZeekImportOptions } from './zeekImport';

const PLANT: Record<string, AddressAttribution> = {
  '10.40.1.10': { zone: 'control', asset: 'hmi-1' },
  '10.40.2.20': { zone: 'field', asset: 'plc-1' },
  '10.10.5.23': { zone: 'enterprise', asset: 'ws-23' },
  '10.30.0.5': { zone: 'operations', asset: 'historian' },
  '10.30.0.50': { zone: 'operations', asset: 'ews-1' },
};

function attribute(ip: string): AddressAttribution {
  return PLANT[ip] ?? { zone: 'unknown', asset: 'unknown' };
}

/** A file's lines as a line reader gives them: no empty line after the final newline. */
function linesOf(name: string): string[] {
  const lines = readFileSync(join(__dirname, 'testdata', name), 'utf8').split('\n');
  if (lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines;
}

async function importFile(
  name: string,
  options: Partial<ZeekImportOptions> = {}
): Promise<{ points: TelemetryPoint[]; result: ImportResult }> {
  const points: TelemetryPoint[] = [];
  const result = await importZeekLog(linesOf(name), { attribute, onPoint: (p) => points.push(p), ...options });
  return { points, result };
}

const modbusFlowTags = {
  src_ip: '10.40.1.10',
  dst_ip: '10.40.2.20',
  src_asset: 'hmi-1',
  dst_asset: 'plc-1',
  src_zone: 'control',
  dst_zone: 'field',
  transport: 'tcp',
  service: 'modbus',
  dst_port: '502',
};

const hmiToPlc = {
  src_ip: '10.40.1.10',
  dst_ip: '10.40.2.20',
  src_asset: 'hmi-1',
  dst_asset: 'plc-1',
  src_zone: 'control',
  dst_zone: 'field',
  protocol: 'modbus',
};

describe('importing a Zeek conn.log', () => {
  it('turns every record of a TSV conn.log into a flow attributed to zones and assets', async () => {
    const { points, result } = await importFile('conn.log');
    expect(result).toEqual({
      kind: 'conn',
      format: 'tsv',
      stats: {
        lines: 15,
        imported: 6,
        skipped: 9,
        merged: 0,
        housekeeping: 0,
        nudged: 1,
        malformed: [],
        malformedCount: 0,
      },
    });
    expect(points[0]).toEqual({
      measurement: 'flow',
      tags: modbusFlowTags,
      fields: { src_port: 49152, bytes_out: 1440, bytes_in: 2880, packets: 240, duration: 12.5, conn_state: 'SF' },
      timestampNs: 1709280000123456000n,
    });
    expect(points[1].tags).toEqual({
      src_ip: '10.10.5.23',
      dst_ip: '10.30.0.5',
      src_asset: 'ws-23',
      dst_asset: 'historian',
      src_zone: 'enterprise',
      dst_zone: 'operations',
      transport: 'tcp',
      service: 'https',
      dst_port: '443',
    });
    expect(points[1].timestampNs).toBe(1709280001000001000n);
  });

  it('names a connection Zeek recognised no service on after its well-known port, with zero counts', async () => {
    const { points } = await importFile('conn.log');
    expect(points[2]).toEqual({
      measurement: 'flow',
      tags: { ...modbusFlowTags, src_ip: '10.10.5.23', src_asset: 'ws-23', src_zone: 'enterprise' },
      fields: { src_port: 51515, bytes_out: 0, bytes_in: 0, packets: 1, duration: 0, conn_state: 'S0' },
      timestampNs: 1709280002500000000n,
    });
  });

  it('writes IPv6 addresses in canonical form and unknown addresses as unknown', async () => {
    const { points } = await importFile('conn.log');
    expect(points[4].tags).toEqual({
      src_ip: 'fe80::1',
      dst_ip: 'ff02::fb',
      src_asset: 'unknown',
      dst_asset: 'unknown',
      src_zone: 'unknown',
      dst_zone: 'unknown',
      transport: 'udp',
      service: 'dns',
      dst_port: '5353',
    });
    expect(points[4].fields).toEqual({
      src_port: 5353,
      bytes_out: 120,
      bytes_in: 0,
      packets: 2,
      duration: 0,
      conn_state: 'S0',
    });
  });

  it('moves a second connection with the same series and start time forward by 1 ns', async () => {
    const { points } = await importFile('conn.log');
    expect(points[5].tags).toEqual(modbusFlowTags);
    expect(points[5].timestampNs).toBe(1709280000123456001n);
    expect(points[5].fields.src_port).toBe(49153);
  });

  it('reads the same flows from Zeek JSON, epoch and ISO 8601 timestamps alike', async () => {
    const tsv = await importFile('conn.log');
    const json = await importFile('conn.ndjson');
    expect(json.result).toEqual({
      kind: 'conn',
      format: 'json',
      stats: {
        lines: 6,
        imported: 6,
        skipped: 0,
        merged: 0,
        housekeeping: 0,
        nudged: 1,
        malformed: [],
        malformedCount: 0,
      },
    });
    expect(json.points).toEqual(tsv.points);
  });

  it('reports every malformed TSV line with its number and reason and imports the rest', async () => {
    const { points, result } = await importFile('conn_broken.log');
    expect(result.stats).toEqual({
      lines: 15,
      imported: 1,
      skipped: 9,
      merged: 0,
      housekeeping: 0,
      nudged: 0,
      malformed: [
        { line: 9, message: 'expected 21 fields, found 18' },
        { line: 10, message: 'bad timestamp "1709280x00.5" in ts' },
        { line: 11, message: 'bad address "10.40.1.300" in id.orig_h' },
        { line: 12, message: 'bad count "12a" in orig_bytes' },
        { line: 13, message: 'bad port "70000" in id.resp_p' },
      ],
      malformedCount: 5,
    });
    expect(points.map((p) => p.tags.dst_ip)).toEqual(['10.40.2.21']);
  });

  it('reports broken JSON, non-objects, bad values and missing fields by line', async () => {
    const { points, result } = await importFile('conn_broken.ndjson');
    const { malformed, ...counts } = result.stats;
    expect(counts).toEqual({
      lines: 6,
      imported: 1,
      skipped: 0,
      merged: 0,
      housekeeping: 0,
      nudged: 0,
      malformedCount: 5,
    });
    expect(malformed[0].line).toBe(1);
    expect(malformed[0].message).toMatch(/^broken JSON \(.+\)$/);
    expect(malformed.slice(1)).toEqual([
      { line: 2, message: 'expected one JSON object per line' },
      { line: 3, message: 'bad address "not-an-ip" in id.resp_h' },
      { line: 4, message: 'missing id.resp_p' },
      { line: 5, message: 'bad timestamp "yesterday" in ts' },
    ]);
    expect(points).toHaveLength(1);
  });

  it('lists only the first malformed lines up to the cap but counts them all', async () => {
    const { result } = await importFile('conn_broken.log', { maxMalformedListed: 2 });
    expect(result.stats.malformed.map((m) => m.line)).toEqual([9, 10]);
    expect(result.stats.malformedCount).toBe(5);
  });

  it('refuses a log of another kind than the one asked for, line by line', async () => {
    const { points, result } = await importFile('conn.ndjson', { kind: 'modbus' });
    expect(points).toEqual([]);
    expect(result.stats.malformed[0]).toEqual({ line: 1, message: 'missing func' });
    expect(result.stats.malformedCount).toBe(6);
  });

  it('catches twins across files when the files share one nudger', async () => {
    const nudger = createTimestampNudger();
    await importFile('conn.log', { nudger });
    const { points, result } = await importFile('conn.ndjson', { nudger });
    expect(result.stats.nudged).toBe(6);
    expect(points[0].timestampNs).toBe(1709280000123456002n);
  });
});

describe('importing an ICSNPP modbus_detailed.log (one record per transaction)', () => {
  it('turns each transaction into an operation with its function code, result and values', async () => {
    const { points, result } = await importFile('modbus_detailed.log');
    expect(result).toEqual({
      kind: 'modbus',
      format: 'tsv',
      stats: {
        lines: 18,
        imported: 9,
        skipped: 9,
        merged: 0,
        housekeeping: 0,
        nudged: 0,
        malformed: [],
        malformedCount: 0,
      },
    });
    expect(points.map((p) => [p.tags.function_code, p.tags.operation, p.fields])).toEqual([
      [
        '3',
        'read',
        { unit_id: 1, address: 100, quantity: 4, value: 512, result: 'ok', detail: 'READ_HOLDING_REGISTERS' },
      ],
      [
        '6',
        'write',
        { unit_id: 1, address: 40, quantity: 1, value: 1500, result: 'ok', detail: 'WRITE_SINGLE_REGISTER' },
      ],
      [
        '3',
        'read',
        {
          unit_id: 1,
          address: 600,
          quantity: 10,
          result: 'exception',
          exception_code: 2,
          detail: 'READ_HOLDING_REGISTERS',
        },
      ],
      ['8', 'diagnostic', { unit_id: 1, result: 'ok', detail: 'DIAGNOSTICS Return Query Data' }],
      ['15', 'write', { unit_id: 1, address: 1, quantity: 4, value: 1, result: 'ok', detail: 'WRITE_MULTIPLE_COILS' }],
      [
        '5',
        'write',
        { unit_id: 1, address: 9, quantity: 1, value: 1, result: 'unanswered', detail: 'WRITE_SINGLE_COIL' },
      ],
      ['90', 'program_download', { unit_id: 0, result: 'ok', detail: 'PROGRAM_UNITY' }],
      ['65', 'unknown', { unit_id: 0, detail: 'unknown-65' }],
      [
        '43',
        'diagnostic',
        { unit_id: 1, result: 'ok', detail: 'ENCAP_INTERFACE_TRANSPORT Read Device Identification' },
      ],
    ]);
    expect(points[0]).toMatchObject({ measurement: 'ot_operation', tags: hmiToPlc, timestampNs: 1709280010000100000n });
    expect(points[6].tags).toMatchObject({ src_ip: '10.10.5.23', src_zone: 'enterprise', src_asset: 'ws-23' });
  });

  it('reads the same operations from Zeek JSON', async () => {
    const tsv = await importFile('modbus_detailed.log');
    const json = await importFile('modbus_detailed.ndjson');
    expect(json.result.kind).toBe('modbus');
    expect(json.result.format).toBe('json');
    expect(json.result.stats.malformedCount).toBe(0);
    expect(json.points).toEqual(tsv.points);
  });

  it('reports bad function names, numbers, addresses, exceptions and flags by line', async () => {
    const { points, result } = await importFile('modbus_detailed_broken.log');
    expect(result.stats.malformed).toEqual([
      { line: 9, message: 'unknown Modbus function "WRITE_EVERYTHING" in func' },
      { line: 10, message: 'bad count "forty" in address' },
      { line: 11, message: 'bad address "10.40.2" in id.resp_h' },
      { line: 12, message: 'unknown Modbus exception "PLC_ON_FIRE" in exception_code' },
      { line: 13, message: 'bad bool "maybe" in matched' },
      { line: 14, message: 'expected 21 fields, found 10' },
    ]);
    expect(points.map((p) => p.fields.detail)).toEqual(['READ_HOLDING_REGISTERS']);
  });

  it('reports broken JSON Modbus records by line and keeps the kind the first record set', async () => {
    const { points, result } = await importFile('modbus_detailed_broken.ndjson');
    expect(result.kind).toBe('modbus');
    expect(result.stats.malformed.map((m) => m.line)).toEqual([1, 2, 3, 4, 5]);
    expect(result.stats.malformed.slice(1)).toEqual([
      { line: 2, message: 'unknown Modbus function "WRITE_EVERYTHING" in func' },
      { line: 3, message: 'bad count "x" in request_values' },
      { line: 4, message: 'missing func' },
      { line: 5, message: 'expected one JSON object per line' },
    ]);
    expect(points).toHaveLength(1);
  });
});

describe('importing per-message Modbus logs (ICSNPP 2023-2025 and Zeek modbus.log)', () => {
  it('folds each response into its request, and writes lone requests unanswered at the end', async () => {
    const { points, result } = await importFile('modbus_detailed_per_message.log');
    expect(result.stats).toEqual({
      lines: 20,
      imported: 7,
      skipped: 9,
      merged: 4,
      housekeeping: 0,
      nudged: 0,
      malformed: [],
      malformedCount: 0,
    });
    expect(points.map((p) => [p.timestampNs, p.tags.function_code, p.tags.operation, p.fields])).toEqual([
      [
        1709280020000100000n,
        '3',
        'read',
        { unit_id: 1, address: 100, quantity: 4, value: 512, result: 'ok', detail: 'READ_HOLDING_REGISTERS' },
      ],
      [
        1709280021000200000n,
        '6',
        'write',
        { unit_id: 1, address: 40, quantity: 1, value: 1500, result: 'ok', detail: 'WRITE_SINGLE_REGISTER' },
      ],
      [
        1709280022000300000n,
        '3',
        'read',
        {
          unit_id: 1,
          address: 600,
          quantity: 10,
          result: 'exception',
          exception_code: 2,
          detail: 'READ_HOLDING_REGISTERS',
        },
      ],
      [
        1709280023000400000n,
        '1',
        'read',
        { unit_id: 1, address: 1, quantity: 8, value: 1, result: 'ok', detail: 'READ_COILS' },
      ],
      [
        1709280025000600000n,
        '4',
        'read',
        { unit_id: 1, quantity: 1, value: 36395, result: 'ok', detail: 'READ_INPUT_REGISTERS' },
      ],
      [
        1709280024000500000n,
        '16',
        'write',
        {
          unit_id: 1,
          address: 10,
          quantity: 2,
          value: 170,
          result: 'unanswered',
          detail: 'WRITE_MULTIPLE_REGISTERS',
        },
      ],
      [1709280026000700000n, '22', 'write', { unit_id: 1, result: 'unanswered', detail: 'MASK_WRITE_REGISTER' }],
    ]);
    // Every operation runs from the client (the connection originator) to the PLC.
    expect(points.every((p) => p.tags.src_ip === '10.40.1.10' && p.tags.dst_ip === '10.40.2.20')).toBe(true);
  });

  it("reads Zeek's modbus.log, exceptions included", async () => {
    const { points, result } = await importFile('modbus.log');
    expect(result.stats).toMatchObject({ lines: 13, imported: 2, skipped: 9, merged: 2, malformedCount: 0 });
    expect(points).toEqual([
      {
        measurement: 'ot_operation',
        tags: { ...hmiToPlc, operation: 'write', function_code: '5' },
        fields: { unit_id: 1, result: 'exception', exception_code: 1, detail: 'WRITE_SINGLE_COIL' },
        timestampNs: 1709280030000100000n,
      },
      {
        measurement: 'ot_operation',
        tags: { ...hmiToPlc, operation: 'read', function_code: '4' },
        fields: { unit_id: 1, result: 'ok', detail: 'READ_INPUT_REGISTERS' },
        timestampNs: 1709280031000200000n,
      },
    ]);
  });

  it('writes a request unanswered once a minute of log time passes without its response', async () => {
    const header = [
      '#separator \\x09',
      '#path\tmodbus',
      '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\ttid\tunit\tfunc\tpdu_type\texception',
    ];
    const row = (ts: string, tid: number, pdu: string) =>
      `${ts}\tC1\t10.40.1.10\t49152\t10.40.2.20\t502\t${tid}\t1\tREAD_COILS\t${pdu}\t-`;
    const points: TelemetryPoint[] = [];
    const importer = await importZeekLog([...header, row('100.0', 1, 'REQ'), row('161.0', 2, 'REQ')], {
      attribute,
      onPoint: (p) => points.push(p),
    });
    expect(importer.stats.imported).toBe(2);
    // The first request was written when the second came 61 s later, before the end flushed the second.
    expect(points.map((p) => [p.timestampNs, p.fields.result])).toEqual([
      [100000000000n, 'unanswered'],
      [161000000000n, 'unanswered'],
    ]);
  });
});

describe('deciding what a log is', () => {
  it('refuses a TSV log whose #path it does not import', async () => {
    const lines = ['#separator \\x09', '#path\tdns', '#fields\tts\tuid\tquery', '1.0\tC1\texample.com'];
    const result = await importZeekLog(lines, { attribute, onPoint: () => undefined });
    expect(result.stats.malformed).toEqual([
      {
        line: 4,
        message:
          'unsupported log "dns" (supported: conn, modbus_detailed, modbus, dnp3, dnp3_control, dnp3_objects, s7comm, s7comm_plus, cip, enip, bacnet, opcua_binary)',
      },
    ]);
  });

  it('refuses JSON records that name neither conn nor Modbus fields unless told the kind', async () => {
    const result = await importZeekLog(['{"ts":1.0,"query":"example.com"}'], { attribute, onPoint: () => undefined });
    expect(result.stats.malformed).toEqual([
      { line: 1, message: 'cannot tell what log this is by its fields: give the kind' },
    ]);
  });

  it('names the header fields a conn.log lacks on each of its data lines', async () => {
    const lines = [
      '#separator \\x09',
      '#path\tconn',
      '#fields\tts\tid.orig_h\tid.resp_h',
      '1.0\t10.0.0.1\t10.0.0.2',
      '2.0\t10.0.0.1\t10.0.0.3',
    ];
    const result = await importZeekLog(lines, { attribute, onPoint: () => undefined });
    const lacks = "the conn log's #fields header lacks id.orig_p, id.resp_p, proto";
    expect(result.stats.malformed).toEqual([
      { line: 4, message: lacks },
      { line: 5, message: lacks },
    ]);
    expect(result.kind).toBe('conn');
  });

  it('reads the kind anew when a #path line follows the #fields header', async () => {
    const points: TelemetryPoint[] = [];
    const lines = [
      '#fields\tts\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto',
      '#path\tconn',
      '1.0\t10.0.0.1\t5000\t10.0.0.2\t443\ttcp',
      '#path\tdns',
      '2.0\t10.0.0.1\t5000\t10.0.0.2\t53\tudp',
    ];
    const result = await importZeekLog(lines, { attribute, onPoint: (point) => points.push(point) });
    expect(points).toHaveLength(1);
    expect(result.stats.malformed).toEqual([{ line: 5, message: expect.stringContaining('unsupported log "dns"') }]);
  });

  it('reads a log written with a custom separator and unset marker', async () => {
    const lines = [
      '#separator |',
      '#unset_field|NULL',
      '#fields|ts|id.orig_h|id.orig_p|id.resp_h|id.resp_p|proto|service|orig_bytes',
      '10.5|10.40.1.10|1|10.40.2.20|102|tcp|NULL|NULL',
    ];
    const points: TelemetryPoint[] = [];
    const result = await importZeekLog(lines, { attribute, onPoint: (p) => points.push(p) });
    expect(result.kind).toBe('conn');
    expect(points[0].tags.service).toBe('s7comm');
    expect(points[0].fields.bytes_out).toBe(0);
    expect(points[0].timestampNs).toBe(10500000000n);
  });
});

describe('the fields the store counts points by', () => {
  it.each([
    'conn.log',
    'conn.ndjson',
    'conn_broken.log',
    'modbus.log',
    'modbus_detailed.log',
    'modbus_detailed.ndjson',
    'modbus_detailed_per_message.log',
  ])('are on every point imported from %s, unset byte counts included', async (name) => {
    const { points } = await importFile(name);
    expect(points.length).toBeGreaterThan(0);
    const lacking = points.filter((p) => {
      const field = measurementContract(p.measurement)?.countedBy;
      return field === undefined || p.fields[field] === undefined;
    });
    expect(lacking).toEqual([]);
  });
});

describe('a kind given that the log contradicts', () => {
  it('names the kind its #path header says, once, and imports nothing', async () => {
    const { points, result } = await importFile('conn.log', { kind: 'modbus' });
    expect(points).toEqual([]);
    expect(result.stats.malformedCount).toBe(6);
    expect(result.stats.malformed).toEqual([
      {
        line: expect.any(Number),
        message: 'the log\'s #path says "conn": a conn log, not modbus (give --kind conn, or leave --kind out)',
      },
    ]);
  });
});
