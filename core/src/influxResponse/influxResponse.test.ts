import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';

import { type InfluxResponse, parseInfluxResponse } from './influxResponse';

const TESTDATA = join(__dirname, 'testdata');

function body(file: string): string {
  return readFileSync(join(TESTDATA, file), 'utf8');
}

function ok(response: InfluxResponse): Extract<InfluxResponse, { ok: true }> {
  if (!response.ok) {
    throw new Error(`expected a readable answer, got: ${response.error}`);
  }
  return response;
}

describe('parseInfluxResponse', () => {
  it('turns each series into one array per column, with the column types and the series tags', () => {
    const text = JSON.stringify({
      results: [
        {
          statement_id: 0,
          series: [
            {
              name: 'flow',
              tags: { src_zone: 'l2-supervisory', dst_zone: 'l1-control' },
              columns: ['time', 'bytes', 'service', 'encrypted'],
              values: [
                [1700000000000, 1200, 'modbus', false],
                [1700000060000, 900.5, 'modbus', true],
              ],
            },
          ],
        },
      ],
    });

    const response = ok(parseInfluxResponse(text, { epoch: 'ms' }));

    expect(response.problems).toEqual([]);
    expect(response.statements).toEqual([
      {
        statementId: 0,
        series: [
          {
            name: 'flow',
            tags: { dst_zone: 'l1-control', src_zone: 'l2-supervisory' },
            columns: ['time', 'bytes', 'service', 'encrypted'],
            values: [
              [1700000000000, 1700000060000],
              [1200, 900.5],
              ['modbus', 'modbus'],
              [false, true],
            ],
            types: ['time', 'number', 'string', 'boolean'],
          },
        ],
      },
    ]);
  });

  it.each([
    ['ns', 1700000000123456789, 1700000000123],
    ['u', 1700000000123456, 1700000000123],
    ['ms', 1700000000123, 1700000000123],
    ['s', 1700000000, 1700000000000],
    ['m', 28333333, 1699999980000],
    ['h', 472222, 1699999200000],
  ] as const)('reads epoch times sent with epoch=%s as milliseconds', (epoch, cell, ms) => {
    const text = `{"results":[{"statement_id":0,"series":[{"name":"m","columns":["time","v"],"values":[[${cell},1]]}]}]}`;

    const response = ok(parseInfluxResponse(text, { epoch }));

    expect(response.statements[0].series[0].values[0]).toEqual([ms]);
  });

  it('reads RFC3339 times, the form InfluxDB writes without an epoch parameter, to the millisecond', () => {
    const response = ok(parseInfluxResponse(body('rfc3339-times.body')));

    expect(response.statements[0].series[0].values[0]).toEqual([1700000000000, 1700000000123, null]);
    expect(response.statements[0].series[0].types[0]).toBe('time');
  });

  it('keeps a SHOW answer, which has no time column, as it is', () => {
    const text =
      '{"results":[{"statement_id":0,"series":[{"name":"measurements","columns":["name"],"values":[["flow"],["asset"]]}]}]}';

    const response = ok(parseInfluxResponse(text));

    expect(response.statements[0].series[0]).toEqual({
      name: 'measurements',
      tags: {},
      columns: ['name'],
      values: [['flow', 'asset']],
      types: ['string'],
    });
  });

  it('gives a statement that found nothing an empty series list', () => {
    const response = ok(parseInfluxResponse('{"results":[{"statement_id":0}]}'));

    expect(response.statements).toEqual([{ statementId: 0, series: [] }]);
  });

  it("keeps InfluxDB's informational messages on their statement", () => {
    const text = '{"results":[{"statement_id":0,"messages":[{"level":"warning","text":"deprecated use of ON"}]}]}';

    const response = ok(parseInfluxResponse(text));

    expect(response.statements[0].messages).toEqual(['warning: deprecated use of ON']);
  });

  it('replaces a structured value, which no InfluxDB column holds, by null and says where', () => {
    const text =
      '{"results":[{"statement_id":0,"series":[{"name":"m","columns":["time","v"],"values":[[1,{"a":1}],[2,3]]}]}]}';

    const response = ok(parseInfluxResponse(text, { epoch: 'ms' }));

    expect(response.statements[0].series[0].values[1]).toEqual([null, 3]);
    expect(response.problems).toEqual(['statement 0, series 0 (m): column "v" holds an object at row 0; read as null']);
  });

  it('refuses an unknown epoch precision instead of guessing', () => {
    expect(parseInfluxResponse('{"results":[]}', { epoch: 'y' as 'ms' })).toEqual({
      ok: false,
      error: 'epoch must be one of ns, u, µ, ms, s, m, h',
    });
  });

  it('never throws, whatever the body', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify({ results: [{ statement_id: 0, series: [v] }] })),
          fc.jsonValue().map((v) =>
            JSON.stringify({
              results: [{ statement_id: 0, series: [{ name: 'm', columns: ['time', 'v'], values: v }] }],
            })
          ),
          fc.jsonValue().map((v) => JSON.stringify({ results: v }))
        ),
        (text) => {
          const response = parseInfluxResponse(text);
          expect(typeof response.ok).toBe('boolean');
        }
      )
    );
  });

  it('gives every column of a series as many values as the series has rows', () => {
    const cell = fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null));
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 20 }),
        fc.integer({ min: 1, max: 4 }),
        (rows, width) => {
          const columns = Array.from({ length: width }, (_, i) => `c${i}`);
          const text = JSON.stringify({
            results: [{ statement_id: 0, series: [{ name: 'm', columns, values: rows }] }],
          });

          const series = ok(parseInfluxResponse(text)).statements[0].series[0];

          expect(series.values).toHaveLength(width);
          for (const column of series.values) {
            expect(column).toHaveLength(rows.length);
          }
          rows.forEach((row, r) => row.slice(0, width).forEach((v, c) => expect(series.values[c][r]).toBe(v)));
        }
      )
    );
  });
});

describe('parseInfluxResponse reading series one by one', () => {
  // Text that looks like the structure the series are cut out by, inside strings where it must not count.
  const tricky = fc.constantFrom('"series":[', '\\', '\\"', '"', '{', '}', '[', ']', '},{', ']]}', 'a', 'é', '\n');
  const text = fc.string({ unit: tricky, maxLength: 8 });
  const cell = fc.oneof(
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    text,
    fc.boolean(),
    fc.constant(null)
  );
  const series = fc.record(
    {
      name: text,
      tags: fc.dictionary(text, text, { maxKeys: 3 }),
      columns: fc.constant(['time', 'a', 'b']),
      values: fc.array(fc.tuple(fc.integer({ min: 0, max: 2e12 }), cell, cell), { maxLength: 6 }),
      partial: fc.boolean(),
    },
    { requiredKeys: ['name', 'columns', 'values'] }
  );
  const answer = fc.record({
    results: fc.array(
      fc.record(
        {
          statement_id: fc.nat(3),
          series: fc.array(series, { maxLength: 4 }),
          error: text,
          messages: fc.array(fc.record({ level: fc.constant('warning'), text }), { maxLength: 1 }),
        },
        { requiredKeys: ['statement_id'] }
      ),
      { maxLength: 3 }
    ),
  });

  it('reads a compact answer exactly as the same answer laid out with spaces, which is read whole', () => {
    fc.assert(
      fc.property(answer, (value) => {
        const compact = parseInfluxResponse(JSON.stringify(value), { epoch: 'ms' });
        const spaced = parseInfluxResponse(JSON.stringify(value, null, 1), { epoch: 'ms' });
        expect(compact).toEqual(spaced);
      })
    );
  });

  it('falls back to reading the answer whole when a series cannot be cut out, and says what is wrong', () => {
    const cut = '{"results":[{"statement_id":0,"series":[{"name":"a","columns":["time"],"values":[[1]]},{"name":"b",';

    expect(parseInfluxResponse(cut)).toEqual({
      ok: false,
      error:
        'InfluxDB\'s answer is cut off after 99 characters (column 100): the JSON is incomplete, ending with `…s":["time"],"values":[[1]]},{"name":"b",`',
    });
  });
});

/** The broken-answer corpus: each file with exactly what the parser says about it. */
const CORPUS: Record<string, (response: InfluxResponse) => void> = {
  'empty.body': (r) => expect(r).toEqual({ ok: false, error: 'InfluxDB answered with an empty body' }),
  'proxy-error.body': (r) =>
    expect(r).toEqual({
      ok: false,
      error:
        "InfluxDB's answer is not JSON: `<html> <head><title>502 Bad Gateway</title></head> <body> <center><h1>502 Bad Ga…`",
    }),
  'truncated.body': (r) =>
    expect(r).toEqual({
      ok: false,
      error:
        "InfluxDB's answer is cut off after 167 characters (column 168): the JSON is incomplete, ending with `…:[[1700000000000,1200],[1700000060000,90`",
    }),
  'invalid.body': (r) =>
    expect(r).toEqual({
      ok: false,
      error: 'InfluxDB\'s answer is not valid JSON at line 1, column 83: `"values":[]}]}]} `',
    }),
  'missing-results.body': (r) => expect(r).toEqual({ ok: false, error: 'InfluxDB\'s answer has no "results" list' }),
  'top-level-error.body': (r) => expect(r).toEqual({ ok: false, error: 'InfluxDB: authorization failed' }),
  'missing-columns.body': (r) => {
    const response = ok(r);
    expect(response.problems).toEqual([
      'statement 0, series 0 (flow {src_zone=l4-business}): no "columns" list; series skipped',
    ]);
    expect(response.statements[0].series.map((s) => s.tags)).toEqual([{ src_zone: 'l3-operations' }]);
  },
  'missing-values.body': (r) => {
    const response = ok(r);
    expect(response.problems).toEqual(['statement 0, series 0 (asset): no "values" list; read as no rows']);
    expect(response.statements[0].series[0].values).toEqual([[], []]);
  },
  'nulls.body': (r) => {
    const response = ok(r);
    expect(response.problems).toEqual([]);
    const series = response.statements[0].series[0];
    expect(series.types).toEqual(['time', 'number', 'number', 'null']);
    expect(series.values.slice(1)).toEqual([
      [4.5, null, 4.7],
      [null, null, 5.1],
      [null, null, null],
    ]);
  },
  'mixed-types.body': (r) => {
    const response = ok(r);
    expect(response.problems).toEqual([
      'statement 0, series 0 (process_value {point=TT-201}): column "last" mixes number, string and boolean values; kept as they are',
    ]);
    const series = response.statements[0].series[0];
    expect(series.types).toEqual(['time', 'mixed']);
    expect(series.values[1]).toEqual([71.5, '71.9', true, 72.2]);
  },
  'wrong-row-length.body': (r) => {
    const response = ok(r);
    expect(response.problems).toEqual([
      'statement 0, series 0 (flow {service=modbus}): row 1 has 2 values for 3 columns (3 rows in all); missing values read as null, extra ones dropped',
    ]);
    expect(response.statements[0].series[0].values).toEqual([
      [1700000000000, 1700000060000, 1700000120000, null, 1700000240000],
      [3, 4, 5, null, 6],
      [1200, null, 1300, null, 1400],
    ]);
  },
  'statement-errors.body': (r) => {
    const response = ok(r);
    expect(response.problems).toEqual([]);
    expect(response.statements.map((s) => [s.statementId, s.error, s.series.length])).toEqual([
      [0, undefined, 1],
      [1, undefined, 0],
      [2, 'statement 2: database not found: x', 0],
    ]);
  },
  'rfc3339-times.body': (r) => {
    const response = ok(r);
    expect(response.problems).toEqual([
      'statement 0, series 0 (controller_state): row 2 has no readable time; read as null',
    ]);
  },
  'row-limit.body': (r) => {
    const response = ok(r);
    expect(response.statements[0].partial).toBe(true);
    expect(response.problems).toEqual(['statement 0: InfluxDB returned only part of the result']);
  },
  'chunked.body': (r) => {
    const response = ok(r);
    expect(response.problems).toEqual([]);
    const [first, second] = response.statements;
    // The first series came in two chunks and is one series again.
    expect(first.series.map((s) => [s.tags, s.values])).toEqual([
      [
        { dst_zone: 'l1-control' },
        [
          [1700000000000, 1700000060000, 1700000120000],
          [1, 2, 3],
        ],
      ],
      [{ dst_zone: 'l2-supervisory' }, [[1700000000000], [9]]],
    ]);
    expect(first.partial).toBeUndefined();
    expect(second.series[0].name).toBe('asset');
  },
  'chunked-truncated.body': (r) => {
    const response = ok(r);
    expect(response.problems).toEqual([
      'InfluxDB\'s chunked answer: chunk 2 of 2 (line 2) is cut off after 101 characters (column 102): the JSON is incomplete, ending with `…ns":["time","bytes"],"values":[[17000000`; the chunks before it are kept',
      'statement 0: InfluxDB returned only part of the result',
    ]);
    expect(response.statements[0].partial).toBe(true);
    expect(response.statements[0].series[0].values).toEqual([[1700000000000], [1]]);
  },
};

describe('parseInfluxResponse on broken answers', () => {
  it('has an expectation for every file of the corpus', () => {
    expect(readdirSync(TESTDATA).sort()).toEqual(Object.keys(CORPUS).sort());
  });

  it.each(Object.keys(CORPUS).sort())('%s', (file) => {
    CORPUS[file](parseInfluxResponse(body(file), { epoch: 'ms' }));
  });
});
