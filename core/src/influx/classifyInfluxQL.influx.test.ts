/**
 * The read-only classifier judged by real influxd: ten thousand statements made by mutating real ones (numbers
 * glued to keywords, comments, case, semicolons and extra statements, subqueries, unicode, keywords inside strings
 * and quoted names). Every statement the classifier calls read-only is run by an all-powerful user against a
 * sentinel database, and the server must be unchanged after each. A sample of the statements it refuses is run on
 * a second server as the control: they do change it, so the table cannot come out clean by accident.
 */
import fc from 'fast-check';

import { startInfluxd, type RunningInfluxd } from '../../../test/helpers/influxd';
import { classifyInfluxQL, selectQuery, showTagValuesQuery } from './influxql';

jest.setTimeout(300_000);

const DATABASE = 'sentinel';
const STATEMENTS = 10_000;
const CONTROL_SAMPLE = 400;
const SEED = 62443;
const BATCH = 100;
const PARALLEL = 8;

const DATA = [
  'm,t=a value=1,other=10 1700000000000000000',
  'm,t=b value=2,other=20 1700000060000000000',
  'flow,src_zone=office,dst_zone=dmz bytes=100i 1700000000000000000',
  'flow,src_zone=dmz,dst_zone=control bytes=200i 1700000060000000000',
];

const READS = [
  // Every GROUP BY time has a bounded range: over the decades since 1970 influxd would build millions of buckets.
  selectQuery({
    measurement: 'm',
    fields: [{ field: 'value', aggregate: 'mean' }],
    groupByTime: '1m',
    timeRange: { from: 1_699_999_000_000, to: 1_700_001_000_000 },
  }),
  selectQuery({
    measurement: 'flow',
    fields: [{ field: 'bytes', aggregate: 'sum' }],
    where: [{ tag: 'dst_zone', op: '=', value: ['dmz', 'control'] }],
    groupByTags: ['src_zone'],
  }),
  showTagValuesQuery({ measurement: 'flow', key: 'src_zone' }),
  'SELECT value*1.5 FROM m',
  "SELECT value, other FROM m WHERE t = 'a'",
  'SELECT * FROM (SELECT value*2 AS v FROM m) WHERE v > 1',
  "SELECT count(value) FROM m WHERE time >= '2023-11-14T00:00:00Z' AND time < '2023-11-15T00:00:00Z' GROUP BY time(1h)",
  'SHOW MEASUREMENTS',
  'SHOW FIELD KEYS FROM m',
  'SHOW SERIES',
  'SHOW RETENTION POLICIES',
];

const WRITES = [
  'SELECT * INTO copy FROM m',
  'SELECT value INTO m2 FROM m',
  'SELECT value*1.5 INTO m2 FROM m',
  "SELECT mean(value) INTO m3 FROM m WHERE time >= '2023-11-14T22:00:00Z' AND time < '2023-11-14T23:00:00Z' GROUP BY time(1m), *",
  'DROP MEASUREMENT m',
  'DROP SERIES FROM m',
  'DELETE FROM m',
  'DELETE FROM flow WHERE time < 1700000030000000000',
  'CREATE DATABASE rogue',
  `DROP DATABASE ${DATABASE}`,
  `CREATE RETENTION POLICY short ON ${DATABASE} DURATION 1h REPLICATION 1`,
  `ALTER RETENTION POLICY autogen ON ${DATABASE} DURATION 2h`,
  `CREATE CONTINUOUS QUERY cq ON ${DATABASE} BEGIN SELECT count(value) INTO c FROM m GROUP BY time(1h) END`,
  "CREATE USER evil WITH PASSWORD 'x' WITH ALL PRIVILEGES",
  'GRANT ALL TO evil',
  'KILL QUERY 1',
];

/** One way to change a statement; each keeps the text plausible enough that InfluxDB often parses it. */
const mutation = fc.oneof(
  // Numbers glued to a keyword: what InfluxDB's scanner ends early and a lax lexer reads as one token.
  fc.record({
    kind: fc.constant('glue' as const),
    number: fc.constantFrom('1.5', '1.', '.5', '2', '10', '1e5', '0.0'),
    keyword: fc.constantFrom('INTO', 'into', 'Into', 'FROM', 'WHERE'),
    // Right after the selected fields, where INTO belongs, or anywhere.
    beforeFrom: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('comment' as const), text: fc.constantFrom('/* x */', '/**/', '-- x\n', '--\n') }),
  fc.record({ kind: fc.constant('case' as const), upper: fc.boolean() }),
  fc.record({
    kind: fc.constant('append' as const),
    other: fc.constantFrom(...READS, ...WRITES),
    semicolon: fc.constantFrom(';', ' ;', ';\n'),
  }),
  fc.record({ kind: fc.constant('subquery' as const) }),
  fc.record({
    kind: fc.constant('unicode' as const),
    text: fc.constantFrom('"zoné"', 'zoné', '"区域"', '\u00a0', '\u200b', '"INTO"'),
  }),
  fc.record({
    kind: fc.constant('hidden' as const),
    text: fc.constantFrom("'INTO x; DROP DATABASE sentinel'", '"DROP"', '/INTO;DROP/', "'it\\'s; DELETE FROM m'"),
  })
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

/** A position between tokens: after a space, or at the end. */
function cut(statement: string, at: number): number {
  const spaces = [...statement.matchAll(/ /g)].map((m) => m.index + 1);
  return spaces.length === 0 ? statement.length : spaces[at % spaces.length];
}

function mutate(statement: string, change: Mutation, at: number): string {
  const i = cut(statement, at);
  switch (change.kind) {
    case 'glue': {
      const from = statement.search(/ FROM /i);
      return change.beforeFrom && from > 0
        ? `${statement.slice(0, from)}*${change.number}${change.keyword} x${statement.slice(from)}`
        : `${statement.slice(0, i)}value*${change.number}${change.keyword} x ${statement.slice(i)}`;
    }
    case 'comment':
      return `${statement.slice(0, i)}${change.text}${statement.slice(i)}`;
    case 'case':
      return change.upper ? statement.toUpperCase() : statement.toLowerCase();
    case 'append':
      return `${statement}${change.semicolon}${change.other}`;
    case 'subquery':
      return statement.replace(/FROM ("?[a-z0-9]+"?)/i, 'FROM (SELECT * FROM $1)');
    case 'unicode':
    case 'hidden':
      return `${statement.slice(0, i)}${change.text} ${statement.slice(i)}`;
  }
}

const statements = fc.record({
  base: fc.constantFrom(...READS, ...WRITES),
  changes: fc.array(fc.tuple(mutation, fc.nat(40)), { maxLength: 3 }),
});

/** Runs statements a few at a time, answers in order. */
async function runAll(
  server: RunningInfluxd,
  texts: readonly string[]
): Promise<Array<{ status: number; body: string }>> {
  const answers: Array<{ status: number; body: string }> = [];
  for (let i = 0; i < texts.length; i += PARALLEL) {
    answers.push(...(await Promise.all(texts.slice(i, i + PARALLEL).map((text) => run(server, text)))));
  }
  return answers;
}

async function run(server: RunningInfluxd, statement: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${server.url}/query`, {
    method: 'POST',
    signal: AbortSignal.timeout(20_000),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ q: statement, db: DATABASE }).toString(),
  });
  return { status: response.status, body: await response.text() };
}

/** Everything a statement could change, in one request. */
async function fingerprint(server: RunningInfluxd): Promise<string> {
  const { body } = await run(
    server,
    [
      'SHOW DATABASES',
      'SHOW USERS',
      'SHOW CONTINUOUS QUERIES',
      `SHOW RETENTION POLICIES ON ${DATABASE}`,
      `SHOW MEASUREMENTS ON ${DATABASE}`,
      `SHOW SERIES ON ${DATABASE}`,
      `SELECT count(*) FROM ${DATABASE}../.*/`,
    ].join('; ')
  );
  return body;
}

async function resetServer(server: RunningInfluxd): Promise<void> {
  await run(server, `DROP DATABASE ${DATABASE}; DROP DATABASE rogue; DROP USER evil`);
  await run(server, `CREATE DATABASE ${DATABASE}`);
  await server.write(DATABASE, DATA);
}

let target: RunningInfluxd;
let control: RunningInfluxd;

beforeAll(async () => {
  [target, control] = await Promise.all([startInfluxd(), startInfluxd()]);
  await Promise.all([resetServer(target), resetServer(control)]);
});

afterAll(async () => {
  await Promise.all([target?.stop(), control?.stop()]);
});

describe('classifyInfluxQL against influxd', () => {
  it('calls nothing read-only that changes the server, over 10,000 mutated statements', async () => {
    const made = fc.sample(statements, { numRuns: STATEMENTS, seed: SEED });
    const texts = made.map(({ base, changes }) => changes.reduce((q, [change, at]) => mutate(q, change, at), base));
    const baseline = await fingerprint(target);
    const readOnly: string[] = [];
    const refusedTexts: string[] = [];
    for (const text of texts) {
      (classifyInfluxQL(text).readOnly ? readOnly : refusedTexts).push(text);
    }
    let rejectedByInflux = 0;
    const changedIt: string[] = [];
    // Read-only statements run in batches, a few at a time, with one fingerprint per batch; a batch that changed
    // the server is run again one statement at a time to name the culprit.
    for (let start = 0; start < readOnly.length; start += BATCH) {
      const batch = readOnly.slice(start, start + BATCH);
      const answers = await runAll(target, batch);
      rejectedByInflux += answers.filter((a) => a.status !== 200 || a.body.includes('"error"')).length;
      if ((await fingerprint(target)) === baseline) {
        continue;
      }
      await resetServer(target);
      for (const text of batch) {
        await run(target, text);
        if ((await fingerprint(target)) !== baseline) {
          changedIt.push(text);
          await resetServer(target);
        }
      }
    }
    const refused = refusedTexts.length;
    const ran = readOnly.length;

    // The control: refused statements, run on the second server, do change it.
    const sample = refusedTexts.filter(
      (_, i) => i % Math.max(1, Math.floor(refusedTexts.length / CONTROL_SAMPLE)) === 0
    );
    const controlBaseline = await fingerprint(control);
    let controlChanged = 0;
    for (const text of sample) {
      await run(control, text);
      // Dropping the sentinel makes every later statement a no-op, so each is judged on a full server.
      if ((await fingerprint(control)) !== controlBaseline) {
        controlChanged++;
        await resetServer(control);
      }
    }

    process.stderr.write(
      [
        '',
        'classifyInfluxQL against influxd 1.x (differential, fast-check seed ' + SEED + ')',
        `  statements tried                          ${texts.length}`,
        `  refused by the classifier                 ${refused}`,
        `  judged read-only and run                  ${ran}`,
        `    of which influxd rejected (no parse)    ${rejectedByInflux}`,
        `    of which changed the server             ${changedIt.length}`,
        `  control: refused ones run on a 2nd server ${sample.length}, of which changed it ${controlChanged}`,
        '',
      ].join('\n')
    );
    expect(changedIt).toEqual([]);
    expect(texts.length).toBeGreaterThanOrEqual(10_000);
    expect(ran).toBeGreaterThan(1000);
    expect(ran - rejectedByInflux).toBeGreaterThan(500);
    expect(controlChanged).toBeGreaterThan(sample.length / 5);
  });
});
