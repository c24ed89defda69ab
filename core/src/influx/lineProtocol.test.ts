import fc from 'fast-check';

import {
  encodePoint,
  LineProtocolError,
  lineProtocolReader,
  parseLineProtocol,
  parseLineProtocolLine,
  type LineProtocolParseOptions,
  type ParsedLine,
} from './lineProtocol';
import { MEASUREMENTS, type FieldType, type TelemetryPoint } from '../telemetryContract';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function point(partial: Partial<TelemetryPoint>): TelemetryPoint {
  return { measurement: 'flow', tags: {}, fields: {}, timestampNs: 1700000000000000000n, ...partial };
}

/** The point `read` makes of each line, numbered from 1; a line that gives no point fails the test. */
function readPoints(read: (line: string, lineNo: number) => ParsedLine, lines: readonly string[]): TelemetryPoint[] {
  return lines.map((line, i) => {
    const parsed = read(line, i + 1);
    if (parsed.kind !== 'point') {
      throw new Error(`expected a point from ${JSON.stringify(line)}, got ${JSON.stringify(parsed)}`);
    }
    return parsed.point;
  });
}

function parseOne(line: string, options?: LineProtocolParseOptions): TelemetryPoint {
  return readPoints((text, lineNo) => parseLineProtocolLine(text, lineNo, options), [line])[0];
}

describe('encodePoint', () => {
  it('writes a flow with sorted tags, integer suffixes from the contract, floats and strings', () => {
    const line = encodePoint(
      point({
        tags: { src_zone: 'enterprise', dst_zone: 'dmz', src_ip: '10.0.0.5', service: 'https', dst_port: '443' },
        fields: { bytes_out: 1200, bytes_in: 5400, packets: 12, duration: 1.5, src_port: 51512, conn_state: 'SF' },
      })
    );
    expect(line).toBe(
      'flow,dst_port=443,dst_zone=dmz,service=https,src_ip=10.0.0.5,src_zone=enterprise' +
        ' bytes_out=1200i,bytes_in=5400i,packets=12i,duration=1.5,src_port=51512i,conn_state="SF" 1700000000000000000'
    );
  });

  it('writes a whole number in a float field without the integer suffix', () => {
    expect(encodePoint(point({ measurement: 'process_value', tags: { point: 'PT-101' }, fields: { value: 3 } }))).toBe(
      'process_value,point=PT-101 value=3 1700000000000000000'
    );
  });

  it('writes fields outside the contract by their JavaScript type, numbers as floats', () => {
    expect(encodePoint(point({ measurement: 'custom', fields: { n: 2, s: 'x', b: true, f: false } }))).toBe(
      'custom n=2,s="x",b=true,f=false 1700000000000000000'
    );
  });

  it('escapes commas and spaces in the measurement, and commas, equals and spaces in keys and tag values', () => {
    expect(
      encodePoint(point({ measurement: 'my meas,x=y', tags: { 'k ey,=': 'v al,u=e' }, fields: { 'f ,=': 'a"b\\c' } }))
    ).toBe('my\\ meas\\,x=y,k\\ ey\\,\\==v\\ al\\,u\\=e f\\ \\,\\=="a\\"b\\\\c" 1700000000000000000');
  });

  it('keeps a backslash before an escaped character in a tag value, as InfluxDB reads it back', () => {
    const line = encodePoint(
      point({ measurement: 'auth', tags: { user: 'x\\,y', asset: '\\\\srv\\share' }, fields: { count: 1 } })
    );
    expect(line).toBe('auth,asset=\\\\srv\\share,user=x\\\\,y count=1i 1700000000000000000');
    expect(parseOne(line).tags).toEqual({ user: 'x\\,y', asset: '\\\\srv\\share' });
  });

  it('leaves out empty tag values, which InfluxDB rejects', () => {
    expect(encodePoint(point({ tags: { src_zone: '', dst_zone: 'dmz' }, fields: { bytes_out: 1 } }))).toBe(
      'flow,dst_zone=dmz bytes_out=1i 1700000000000000000'
    );
  });

  it('replaces CR, LF and a trailing backslash in observed values by U+FFFD, so one point stays one line', () => {
    const line = encodePoint(
      point({
        measurement: 'auth',
        tags: { user: 'evil\nauth,x=1 count=9i', asset: 'C:\\' },
        fields: { reason: 'a\r\nb' },
      })
    );
    expect(line).toBe(
      'auth,asset=C:\uFFFD,user=evil\uFFFDauth\\,x\\=1\\ count\\=9i reason="a\uFFFD\uFFFDb" 1700000000000000000'
    );
    expect(line.includes('\n')).toBe(false);
  });

  it('throws a typed error naming the field for a point that cannot be written', () => {
    expect(() => encodePoint(point({ fields: {} }))).toThrow(/needs at least one field/);
    expect(() => encodePoint(point({ fields: { bytes_out: 1.5 } }))).toThrow(
      /field bytes_out of flow is an integer field/
    );
    expect(() => encodePoint(point({ fields: { bytes_out: '1' } }))).toThrow(/integer field in the telemetry contract/);
    expect(() => encodePoint(point({ fields: { duration: Number.NaN } }))).toThrow(/field duration of flow is NaN/);
    expect(() => encodePoint(point({ fields: { bytes_out: 2 ** 64 } }))).toThrow(/64-bit/);
    expect(() => encodePoint(point({ measurement: '', fields: { v: 1 } }))).toThrow(LineProtocolError);
    expect(() => encodePoint(point({ measurement: '#flow', fields: { v: 1 } }))).toThrow(/comment/);
    expect(() => encodePoint(point({ tags: { 'a\nb': 'x' }, fields: { v: 1 } }))).toThrow(/tag key of flow/);
    expect(() => encodePoint(point({ tags: { 'a\\': 'x' }, fields: { v: 1 } }))).toThrow(/ends with a backslash/);
    expect(() => encodePoint(point({ fields: { 'a\\,b': 1 } }))).toThrow(
      /field key "a\\\\,b" of flow contains a backslash/
    );
  });
});

describe('parseLineProtocol', () => {
  it('reads points, skipping comments and blank lines, and reports malformed lines by number', () => {
    const text = [
      '# a comment',
      '',
      'flow,src_zone=a bytes_out=10i,duration=0.5 1700000000000000000',
      '   ',
      'flow,src_zone=a',
      'flow,src_zone= bytes_out=1i',
      'flow bytes_out=1i 12x',
      'flow,src_zone=a,src_zone=b bytes_out=1i',
      'alert message="unclosed',
      'flow bytes_out=1x',
      'flow,a=b=c v=1',
      '  # indented comment\r',
      'auth,user=bob count=1i 5\r',
    ].join('\n');
    const { points, errors } = parseLineProtocol(text);
    expect(points).toEqual([
      {
        measurement: 'flow',
        tags: { src_zone: 'a' },
        fields: { bytes_out: 10, duration: 0.5 },
        timestampNs: 1700000000000000000n,
      },
      { measurement: 'auth', tags: { user: 'bob' }, fields: { count: 1 }, timestampNs: 5n },
    ]);
    expect(errors).toEqual([
      { line: 5, message: 'missing fields' },
      { line: 6, message: 'missing tag value for tag src_zone' },
      { line: 7, message: 'bad timestamp "12x"' },
      { line: 8, message: 'duplicate tag src_zone' },
      { line: 9, message: 'unbalanced quotes in the value of field message' },
      { line: 10, message: 'invalid value 1x for field bytes_out' },
      { line: 11, message: 'invalid tag format: unescaped = in the value of tag a' },
    ]);
  });

  it('reads the layout influx_inspect export writes: its statements are neither points nor errors', () => {
    const text = [
      '# DDL',
      'CREATE DATABASE "conduit_it" WITH NAME autogen',
      'create database conduit_ot',
      '',
      '# DML',
      '# CONTEXT-DATABASE: conduit_it',
      'flow,src_zone=a bytes_out=1i 5',
      'CREATE DATABASE "late"',
    ].join('\n');
    const { points, errors } = parseLineProtocol(text);
    expect(points).toEqual([
      { measurement: 'flow', tags: { src_zone: 'a' }, fields: { bytes_out: 1 }, timestampNs: 5n },
    ]);
    // After # DML a statement is a malformed point like any other line.
    expect(errors).toEqual([{ line: 8, message: 'missing field value for field DATABASE' }]);
  });

  it('reads points after a stray # DDL marker, and reports what is neither statement nor point', () => {
    const { points, errors } = parseLineProtocol(['# DDL', 'flow bytes_out=1i 5', 'SHOW DATABASES'].join('\n'));
    expect(points).toHaveLength(1);
    expect(errors).toEqual([{ line: 3, message: 'missing field value for field DATABASES' }]);
  });

  it('keeps keys such as __proto__ and constructor as plain own tags and fields', () => {
    const point = parseOne('m,__proto__=x,constructor=y __proto__=1,toString=2 5');
    expect(Object.getPrototypeOf(point.tags)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(point.fields)).toBe(Object.prototype);
    expect(Object.entries(point.tags)).toEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
    expect(Object.entries(point.fields)).toEqual([
      ['__proto__', 1],
      ['toString', 2],
    ]);
  });

  it('scales timestamps by the precision and defaults missing ones', () => {
    expect(parseOne('m v=1 1700000000', { precision: 's' }).timestampNs).toBe(1700000000000000000n);
    expect(parseOne('m v=1 1700000000000', { precision: 'ms' }).timestampNs).toBe(1700000000000000000n);
    expect(parseOne('m v=1 1700000000000000', { precision: 'u' }).timestampNs).toBe(1700000000000000000n);
    expect(parseOne('m v=1 -5').timestampNs).toBe(-5n);
    expect(parseOne('m v=1', { defaultTimestampNs: 42n }).timestampNs).toBe(42n);
    const { points } = parseLineProtocol('m v=1\nm v=2', { defaultTimestampNs: 7n });
    expect(points.map((p) => p.timestampNs)).toEqual([7n, 7n]);
    expect(parseLineProtocolLine('m v=1 99999999999999999999', 3)).toEqual({
      kind: 'error',
      line: 3,
      message: 'timestamp 99999999999999999999 is out of range',
    });
  });

  it('reads a tag value whose first character is = as InfluxDB does', () => {
    expect(parseOne('m,k==v f=1 1').tags).toEqual({ k: '=v' });
  });

  it('reads every field type and escape', () => {
    expect(
      parseOne('my\\ m\\,x,t\\ k\\=\\,=v\\ a\\=l\\,\\x i=-3i,u=4u,f=1e-3,g=.5,b=T,c=false,s="q\\"b\\\\s\\n" 1')
    ).toEqual({
      measurement: 'my m,x',
      tags: { 't k=,': 'v a=l,\\x' },
      fields: { i: -3, u: 4, f: 0.001, g: 0.5, b: true, c: false, s: 'q"b\\s\\n' },
      timestampNs: 1n,
    });
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'m,= "\\#\n1i.tfe-x'.split('')), maxLength: 80 }), (text) => {
        const { points, errors } = parseLineProtocol(text, { defaultTimestampNs: 0n });
        expect(points.length + errors.length).toBeLessThanOrEqual(text.split('\n').length);
      })
    );
  });
});

describe('a line protocol reader', () => {
  it('reads every line as parsing it alone would, series it has met before included', () => {
    // Few series keys, escapes and malformed keys among them, so most lines repeat a key the reader has met.
    const key = fc.constantFrom(
      'flow,src_ip=10.0.0.1,dst_port=502',
      'flow,src_ip=10.0.0.1',
      'm\\ x,t\\ k=v\\,w',
      'm\\,y',
      'flow,src_zone=',
      'flow,a=b=c',
      'flow,k= v',
      'flow,k==v',
      'flow,k=v\\'
    );
    const rest = fc.constantFrom('', ' ', ' v=1i', ' v=1i 5', ' v="a b" 7', ' v=1x', ' v=1 12x', '  v=t', ' =1');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('', ' '), key, rest), { maxLength: 40 }), (parts) => {
        const lines = parts.map(([indent, k, r]) => indent + k + r);
        const options = { defaultTimestampNs: 9n };
        const read = lineProtocolReader(options);
        expect(lines.map((line, i) => read(line, i + 1))).toEqual(
          lines.map((line, i) => parseLineProtocolLine(line, i + 1, options))
        );
      }),
      { numRuns: 500 }
    );
  });

  it('gives the points of one series one frozen tags object', () => {
    const points = readPoints(lineProtocolReader(), [
      'flow,src_ip=a,dst_ip=b v=1i 1',
      'flow,src_ip=a,dst_ip=b v=2i 2',
      'flow,src_ip=a,dst_ip=c v=3i 3',
    ]);
    expect(points[1].tags).toBe(points[0].tags);
    expect(points[2].tags).not.toBe(points[0].tags);
    expect(Object.isFrozen(points[0].tags)).toBe(true);
    expect(points.map((p) => p.fields.v)).toEqual([1, 2, 3]);
  });

  it('stops remembering new series after 50,000 and still reads them', () => {
    const read = lineProtocolReader();
    const tagsOf = (line: string) => readPoints(read, [line])[0].tags;
    const first = tagsOf('m,k=0 v=1');
    for (let i = 1; i < 50_000; i++) {
      tagsOf(`m,k=${i} v=1`);
    }
    const beyond = tagsOf('m,k=50000 v=1');
    expect(tagsOf('m,k=0 v=2')).toBe(first);
    expect(tagsOf('m,k=50000 v=2')).not.toBe(beyond);
    expect(tagsOf('m,k=50000 v=2')).toEqual({ k: '50000' });
  });
});

describe('line protocol round trip', () => {
  const observed = fc
    .string({ unit: 'binary', minLength: 1, maxLength: 20 })
    .filter((s) => !/[\r\n]/.test(s) && !s.endsWith('\\'));
  const name = observed.filter((s) => !/[\x00-\x1f\x7f]/.test(s) && !s.startsWith('#'));
  const float = fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v));
  const timestamp = fc.bigInt({ min: INT64_MIN, max: INT64_MAX });
  const byType: Record<FieldType, fc.Arbitrary<number | string | boolean>> = {
    integer: fc.maxSafeInteger(),
    float,
    string: fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => !/[\r\n]/.test(s)),
    boolean: fc.boolean(),
  };

  const contractPoint: fc.Arbitrary<TelemetryPoint> = fc.constantFrom(...MEASUREMENTS).chain((m) =>
    fc.record({
      measurement: fc.constant(m.name),
      // Optional keys come back absent, never undefined; the map tells the type system so.
      tags: fc
        .record(Object.fromEntries(m.tags.map((t) => [t, observed])), { requiredKeys: [] })
        .map((tags) => tags as Record<string, string>),
      fields: fc
        .record(Object.fromEntries(Object.entries(m.fields).map(([f, type]) => [f, byType[type]])), {
          requiredKeys: [],
        })
        .filter((f) => Object.keys(f).length > 0)
        .map((f) => f as Record<string, number | string | boolean>),
      timestampNs: timestamp,
    })
  );

  const otherPoint: fc.Arbitrary<TelemetryPoint> = fc.record({
    measurement: name.filter((s) => !MEASUREMENTS.some((m) => m.name === s)),
    tags: fc.dictionary(name, observed, { maxKeys: 4 }),
    fields: fc.dictionary(
      name.filter((s) => !s.includes('\\')),
      fc.oneof(float, byType.string, fc.boolean()),
      { minKeys: 1, maxKeys: 4 }
    ),
    timestampNs: timestamp,
  });

  it('parses back every point it encodes, for contract and other measurements', () => {
    fc.assert(
      fc.property(fc.oneof(contractPoint, otherPoint), (p) => {
        const line = encodePoint(p);
        expect(line.includes('\n')).toBe(false);
        expect(parseOne(line)).toEqual(p);
      }),
      { numRuns: 300 }
    );
  });

  it('parses back a file of many encoded points with no errors', () => {
    fc.assert(
      fc.property(fc.array(contractPoint, { maxLength: 20 }), (ps) => {
        const { points, errors } = parseLineProtocol(ps.map(encodePoint).join('\n') + '\n');
        expect(errors).toEqual([]);
        expect(points).toEqual(ps);
      }),
      { numRuns: 50 }
    );
  });
});
