import fc from 'fast-check';

import { startInfluxd, type InfluxQueryAnswer, type RunningInfluxd } from '../../../test/helpers/influxd';

import {
  classifyInfluxQL,
  quoteRegex,
  regexAlternation,
  selectQuery,
  showTagValuesQuery,
  type Condition,
} from './influxql';
import { encodePoint, parseLineProtocol } from './lineProtocol';

jest.setTimeout(120_000);

const DB = 'conduit_ot';
const BASE_NS = 1_700_000_000_000_000_000n;

/** Tag values an attacker could choose (a user name in an authentication record). */
const HOSTILE = [
  'alice',
  'bob',
  "a' OR 1=1",
  "x' OR user =~ /.*/ OR user = 'y",
  '/.*/',
  '.*',
  'a|b',
  'a',
  'b',
  '"; DROP MEASUREMENT flow',
  "'; DROP DATABASE conduit_ot; --",
  'Zürich – 東京 🏭',
  'back\\slash',
  'x\\,y',
  '\\\\server\\share',
  '$timeFilter',
  '[[user]]',
  'sp ace',
  'eq=ual',
  'com,ma',
  '*/ DROP /*',
  '-- comment',
  "'",
  '"',
  '^$',
  '(?i)ALICE',
];
/** Values line protocol cannot carry; the encoder stores them with U+FFFD in place. */
const NEUTRALISED: Array<[string, string]> = [
  ['ends with a backslash\\', 'ends with a backslash\uFFFD'],
  ['line1\nline2', 'line1\uFFFDline2'],
];
const STORED = [...HOSTILE, ...NEUTRALISED.map(([, stored]) => stored)];

let influxd: RunningInfluxd;

async function rows(q: string): Promise<unknown[][]> {
  expect(classifyInfluxQL(q)).toEqual({ readOnly: true });
  const answer: InfluxQueryAnswer = await influxd.query(q, DB);
  const result = answer.results[0];
  expect(result.error).toBeUndefined();
  return (result.series ?? []).flatMap((s) => s.values);
}

/** The `count` values (each user's index in STORED) of the auth rows a condition selects. */
async function selected(where: Condition[]): Promise<number[]> {
  const q = selectQuery({
    measurement: 'auth',
    database: DB,
    fields: [{ field: 'count' }],
    where,
    timeRange: { from: 1_600_000_000_000, to: 1_800_000_000_000 },
  });
  return (await rows(q)).map((r) => r[1] as number).sort((x, y) => x - y);
}

beforeAll(async () => {
  influxd = await startInfluxd({ databases: [DB] });
  const written = [...HOSTILE, ...NEUTRALISED.map(([raw]) => raw)];
  const lines = written.map((user, i) =>
    encodePoint({
      measurement: 'auth',
      tags: { user, asset: 'hmi-01', zone: 'cell-1' },
      fields: { count: i },
      timestampNs: BASE_NS + BigInt(i),
    })
  );
  // The encoder's output is also what the parser reads back.
  expect(parseLineProtocol(lines.join('\n')).errors).toEqual([]);
  await influxd.write(DB, lines);
  await influxd.write(
    DB,
    encodePoint({
      measurement: 'we"ird m,eas=ure',
      tags: { 'k"ey =,': 'v' },
      fields: { "f'ld x": 1.5 },
      timestampNs: BASE_NS,
    })
  );
});

afterAll(async () => {
  await influxd?.stop();
});

/** Random tag values that survive UTF-8 and line protocol unchanged (the neutralised ones are covered above). */
const RANDOM = [
  ...new Set(
    fc.sample(
      fc
        .string({ unit: 'binary', minLength: 1, maxLength: 16 })
        .filter((s) => !/[\r\n]/.test(s) && !s.endsWith('\\') && Buffer.from(s, 'utf8').toString('utf8') === s),
      { numRuns: 200, seed: 62443 }
    )
  ),
];

describe('escaping against a real influxd', () => {
  it('stores exactly the tag values the encoder was given', async () => {
    const q = showTagValuesQuery({ measurement: 'auth', key: 'user' });
    const values = (await rows(q)).map((r) => r[1]);
    expect([...values].sort()).toEqual([...STORED].sort());
  });

  it('selects exactly one row for each hostile value compared with =', async () => {
    for (const [i, user] of STORED.entries()) {
      expect(await selected([{ tag: 'user', op: '=', value: user }])).toEqual([i]);
    }
  });

  it('selects exactly one row for each hostile value matched with quoteRegex', async () => {
    for (const [i, user] of STORED.entries()) {
      expect(await selected([{ tag: 'user', op: '=~', value: quoteRegex(user) }])).toEqual([i]);
    }
  });

  it('selects every other row with != and !~', async () => {
    const all = STORED.map((_, i) => i);
    for (const [i, user] of STORED.entries()) {
      const others = all.filter((j) => j !== i);
      expect(await selected([{ tag: 'user', op: '!=', value: user }])).toEqual(others);
      expect(await selected([{ tag: 'user', op: '!~', value: quoteRegex(user) }])).toEqual(others);
    }
  });

  it('selects exactly the listed rows for a multi-value list, never widening on /.*/ or a|b', async () => {
    const pick = ['/.*/', 'a|b', "a' OR 1=1", 'back\\slash', 'ends with a backslash\uFFFD'];
    const expected = pick.map((v) => STORED.indexOf(v)).sort((x, y) => x - y);
    expect(await selected([{ tag: 'user', op: '=', value: pick }])).toEqual(expected);
    expect(await selected([{ tag: 'user', op: '=~', value: regexAlternation(pick) }])).toEqual(expected);
    expect(await selected([{ tag: 'user', op: '=', value: [] }])).toEqual([]);
  });

  it('combines groups and filters SHOW TAG VALUES with hostile values', async () => {
    const where: Condition[] = [
      {
        or: [
          { tag: 'user', op: '=', value: "'" },
          { tag: 'user', op: '=', value: '"' },
        ],
      },
      { tag: 'zone', op: '=', value: 'cell-1' },
    ];
    expect(await selected(where)).toEqual([STORED.indexOf("'"), STORED.indexOf('"')].sort((x, y) => x - y));
    const q = showTagValuesQuery({
      measurement: 'auth',
      key: 'user',
      where: [{ tag: 'user', op: '=', value: '$timeFilter' }],
    });
    expect((await rows(q)).map((r) => r[1])).toEqual(['$timeFilter']);
  });

  it('selects exactly the intended row for random values, with = and with quoteRegex', async () => {
    const lines = RANDOM.map((user, i) =>
      encodePoint({ measurement: 'fuzz', tags: { user }, fields: { n: i }, timestampNs: BASE_NS + BigInt(i) })
    );
    await influxd.write(DB, lines);
    const stored = (await rows(showTagValuesQuery({ measurement: 'fuzz', key: 'user' }))).map((r) => r[1]);
    expect([...stored].sort()).toEqual([...RANDOM].sort());
    for (const [i, user] of RANDOM.entries()) {
      for (const where of [
        [{ tag: 'user', op: '=', value: user }],
        [{ tag: 'user', op: '=~', value: quoteRegex(user) }],
      ] satisfies Condition[][]) {
        const q = selectQuery({ measurement: 'fuzz', fields: [{ field: 'n' }], where });
        expect({ user, found: (await rows(q)).map((r) => r[1]) }).toEqual({ user, found: [i] });
      }
    }
  });

  it('reaches measurements, tags and fields with quotes, spaces, commas and backslashes in their names', async () => {
    const q = selectQuery({
      measurement: 'we"ird m,eas=ure',
      database: DB,
      retentionPolicy: 'autogen',
      fields: [{ field: "f'ld x", aggregate: 'sum', alias: 'total "sum"' }],
      where: [{ tag: 'k"ey =,', op: '=', value: 'v' }],
      groupByTags: ['k"ey =,'],
    });
    const answer = await influxd.query(q, DB);
    const series = answer.results[0].series ?? [];
    expect(answer.results[0].error).toBeUndefined();
    expect(series).toHaveLength(1);
    expect(series[0].name).toBe('we"ird m,eas=ure');
    expect(series[0].tags).toEqual({ 'k"ey =,': 'v' });
    expect(series[0].columns).toEqual(['time', 'total "sum"']);
    expect(series[0].values[0][1]).toBe(1.5);
  });
});
