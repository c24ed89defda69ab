/**
 * The stores behind the Conduit datasource cannot be changed by anyone who may query it. Every dangerous request is
 * sent straight to the host's data proxy (no browser, no datasource code), as a Viewer and as an Editor, and the
 * stores are fingerprinted after each. Two stacks answer side by side: the datasource configured as the docs say
 * (a store user with READ only), and the same datasource misconfigured with the stores' admin, which shows what
 * the routes refuse on their own and what only the store's user rights refuse.
 */
import { expect, test } from '@playwright/test';
import { request as httpRequest } from 'node:http';

import { quoteIdentifier } from '@conduit/core';

import { type AuthenticatedInfluxd } from '../../helpers/influxd';
import { dataSourceEditsFor, IT_DATABASE, OT_DATABASE, startStores, type Stores } from '../../host/demoStack';
import { type RunningHostServer, startHostServer } from '../../host/server';

const PROXY = '/api/datasources/proxy/uid/conduit-telemetry';
const ROLES = ['Viewer', 'Editor'] as const;
type Role = (typeof ROLES)[number];

interface Attempt {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The proxied path, sent as written (no `..` resolved by the client). */
  path: string;
  query?: Record<string, string>;
  form?: Record<string, string>;
  body?: string;
  /** Whether it changes a store when a route takes it and the store's admin runs it (the first time). */
  changesAsAdmin: boolean;
}

const ot = (statement: string): Record<string, string> => ({ q: statement, db: OT_DATABASE });
const query = (name: string, statement: string, changesAsAdmin = true, method: 'GET' | 'POST' = 'POST'): Attempt =>
  method === 'GET'
    ? { name, method, path: 'ot/query', query: ot(statement), changesAsAdmin }
    : { name, method, path: 'ot/query', form: ot(statement), changesAsAdmin };

// In an order where each statement still finds what it would change after the ones before it, as an admin.
const ATTEMPTS: Attempt[] = [
  {
    name: 'line protocol to /write',
    method: 'POST',
    path: 'ot/write',
    query: { db: OT_DATABASE },
    body: 'flow bytes=1',
    changesAsAdmin: false,
  },
  {
    name: 'line protocol to /write over GET',
    method: 'GET',
    path: 'it/write',
    query: { db: IT_DATABASE },
    changesAsAdmin: false,
  },
  {
    name: 'the 2.x write API',
    method: 'POST',
    path: 'ot/api/v2/write',
    query: { bucket: OT_DATABASE },
    body: 'x v=1',
    changesAsAdmin: false,
  },
  {
    name: '/write reached by climbing out of /query',
    method: 'POST',
    path: 'ot/query/../write',
    body: 'x v=1',
    changesAsAdmin: false,
  },
  { name: 'debug variables', method: 'GET', path: 'ot/debug/vars', changesAsAdmin: false },
  { name: 'the profiler', method: 'GET', path: 'it/debug/pprof/', changesAsAdmin: false },
  {
    name: '/query with PUT',
    method: 'PUT',
    path: 'ot/query',
    form: ot('DROP DATABASE conduit_ot'),
    changesAsAdmin: false,
  },
  {
    name: '/query with DELETE',
    method: 'DELETE',
    path: 'ot/query',
    query: ot('DROP DATABASE conduit_ot'),
    changesAsAdmin: false,
  },
  query('SELECT ... INTO', 'SELECT * INTO copy FROM sentinel'),
  query('SELECT ... 1.5INTO, over GET', 'SELECT value*1.5INTO m2 FROM sentinel', true, 'GET'),
  query('CREATE DATABASE', 'CREATE DATABASE rogue'),
  query('CREATE RETENTION POLICY', 'CREATE RETENTION POLICY short ON conduit_ot DURATION 1h REPLICATION 1 DEFAULT'),
  query(
    'CREATE CONTINUOUS QUERY',
    'CREATE CONTINUOUS QUERY cq ON conduit_ot BEGIN SELECT count(value) INTO c FROM sentinel GROUP BY time(1m) END'
  ),
  query('CREATE USER', "CREATE USER evil WITH PASSWORD 'x' WITH ALL PRIVILEGES"),
  query('SET PASSWORD', "SET PASSWORD FOR conduit_reader = 'taken-over'"),
  query('GRANT', 'GRANT ALL PRIVILEGES TO conduit_reader'),
  query('KILL QUERY', 'KILL QUERY 1', false),
  query('DROP MEASUREMENT, over GET', 'DROP MEASUREMENT copy', true, 'GET'),
  query('DROP SERIES', 'DROP SERIES FROM m2'),
  query('DELETE', 'DELETE FROM sentinel'),
  {
    name: 'DELETE over GET',
    method: 'GET',
    path: 'it/query',
    query: { q: 'DELETE FROM sentinel', db: IT_DATABASE },
    changesAsAdmin: true,
  },
  query('a read, then DROP DATABASE', 'SHOW MEASUREMENTS; DROP DATABASE conduit_ot'),
];

interface Answer {
  status: number;
  said: string;
}

/** One request to the host, the path sent byte for byte as written. */
function send(host: RunningHostServer, attempt: Attempt, role: Role): Promise<Answer> {
  const query = attempt.query ? `?${new URLSearchParams(attempt.query)}` : '';
  const body = attempt.form ? new URLSearchParams(attempt.form).toString() : (attempt.body ?? '');
  const headers: Record<string, string | number> = {
    'x-conduit-role': role,
    'content-length': Buffer.byteLength(body),
  };
  if (attempt.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${host.url}${PROXY}/${attempt.path}${query}`,
      { method: attempt.method, headers },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, said: summary(res.statusCode ?? 0, text) }));
      }
    );
    // Node would send `..` as is; keep it so, as a hand-made request would.
    req.path = `${PROXY}/${attempt.path}${query}`;
    req.on('error', reject);
    req.end(body);
  });
}

/** What refused the request, in a few words for the table. */
function summary(status: number, text: string): string {
  if (status === 502 && text === '') {
    return 'no route';
  }
  if (/not authorized to execute statement/.test(text)) {
    const needs = /requires ([^"']+?)(?:"|$)/.exec(text)?.[1] ?? 'a privilege';
    return `store: needs ${needs}`.replace(/ on conduit_\w+/, '');
  }
  const error = /"error":"([^"]{0,40})/.exec(text)?.[1];
  return error === undefined ? `HTTP ${status}` : `store: ${error}`;
}

/** Whether the reader still signs in with its own password (SET PASSWORD would take it over). */
function readerSignsIn(store: AuthenticatedInfluxd): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${store.url}/query?q=SHOW+DATABASES`,
      { headers: { authorization: `Basic ${store.users.reader.basicCredentials}` } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * The continuous queries defined on the store. InfluxDB 1.x lets a user with READ define one whose INTO names no
 * database (influxql's CreateContinuousQueryStatement.RequiredPrivileges asks READ on the source database and
 * WRITE only on a named target), and the continuous-query service then writes as the server. Stores behind
 * Conduit run that service off (docs/datasource.md), so such a definition never runs; Save & test lists it.
 */
async function continuousQueries(stores: Stores): Promise<string> {
  const answers = await Promise.all([stores.it, stores.ot].map((store) => store.query('SHOW CONTINUOUS QUERIES')));
  return JSON.stringify(answers);
}

/** Everything a write or an administration could change but continuous queries, read as the stores' admin. */
async function fingerprint(store: AuthenticatedInfluxd, database: string): Promise<string> {
  const signsIn = await readerSignsIn(store);
  const statements = [
    'SHOW DATABASES',
    'SHOW USERS',
    `SHOW GRANTS FOR ${quoteIdentifier(store.users.reader.name)}`,
    `SHOW RETENTION POLICIES ON ${quoteIdentifier(database)}`,
    `SHOW MEASUREMENTS ON ${quoteIdentifier(database)}`,
    `SHOW SERIES ON ${quoteIdentifier(database)}`,
    `SELECT count(*) FROM ${quoteIdentifier(database)}../.*/`,
  ];
  // One statement at a time: once a database is gone, its statements fail, and the failure is part of the print.
  const answers = await Promise.all(
    statements.map((statement) =>
      store.query(statement).then(
        (answer) => JSON.stringify(answer.results),
        (error: unknown) => (error instanceof Error ? error.message : String(error))
      )
    )
  );
  return `${signsIn} ${answers.join('\n')}`;
}

async function fingerprints(stores: Stores): Promise<string> {
  return (await fingerprint(stores.it, IT_DATABASE)) + (await fingerprint(stores.ot, OT_DATABASE));
}

interface Stack {
  stores: Stores;
  host: RunningHostServer;
}

/** Two stores with a sentinel series, and a host whose Conduit datasource signs in as `user`. */
async function startStack(user: 'reader' | 'admin'): Promise<Stack> {
  const stores = await startStores();
  await stores.it.write(IT_DATABASE, 'sentinel,zone=office value=1 1700000000000000000');
  await stores.ot.write(OT_DATABASE, 'sentinel,zone=control value=2 1700000000000000000');
  const edits = dataSourceEditsFor(stores);
  const conduit = edits['conduit-telemetry'];
  if (user === 'admin') {
    conduit.secureJsonData = {
      ...conduit.secureJsonData,
      itBasicAuth: stores.it.users.admin.basicCredentials,
      otBasicAuth: stores.ot.users.admin.basicCredentials,
    };
  }
  const host = await startHostServer({ flavour: 'grafana12', dataSourceEdits: edits });
  return { stores, host };
}

let asDocumented: Stack;
let withAdmin: Stack;

test.beforeAll(async () => {
  [asDocumented, withAdmin] = await Promise.all([startStack('reader'), startStack('admin')]);
});

test.afterAll(async () => {
  for (const stack of [asDocumented, withAdmin]) {
    await stack?.host.stop();
    await stack?.stores.stop();
  }
});

test.describe('the stores behind the Conduit datasource', () => {
  test('answer a Viewer reading through the proxy, the control for the refusals below', async () => {
    const read = await send(
      asDocumented.host,
      query('read', 'SELECT count(value) FROM sentinel', false, 'GET'),
      'Viewer'
    );

    expect(read.status).toBe(200);
  });

  test('stay unchanged by every dangerous request a Viewer or an Editor sends to the data proxy', async () => {
    test.setTimeout(180_000);
    const rows: Array<{ attempt: Attempt; role: Role; answers: Answer[]; changed: boolean[]; defined: boolean[] }> = [];
    for (const attempt of ATTEMPTS) {
      for (const role of ROLES) {
        const row = { attempt, role, answers: [] as Answer[], changed: [] as boolean[], defined: [] as boolean[] };
        for (const stack of [asDocumented, withAdmin]) {
          const [before, queriesBefore] = [await fingerprints(stack.stores), await continuousQueries(stack.stores)];
          row.answers.push(await send(stack.host, attempt, role));
          row.changed.push((await fingerprints(stack.stores)) !== before);
          row.defined.push((await continuousQueries(stack.stores)) !== queriesBefore);
        }
        rows.push(row);
      }
    }
    const shown = (changed: boolean, defined: boolean) =>
      changed ? 'CHANGED' : defined ? 'CQ defined, never runs (service off)' : 'no';
    const changedAsDocumented = rows.filter((row) => row.changed[0]).length;
    const changedWithAdmin = rows.filter((row) => row.changed[1]).length;
    process.stdout.write(
      table(
        ['request', 'role', 'READ-only user: answer', 'changed', 'admin user: answer', 'changed'],
        rows.map(({ attempt, role, answers, changed, defined }) => [
          `${attempt.method} ${attempt.path} (${attempt.name})`,
          role,
          answers[0].said,
          shown(changed[0], defined[0]),
          answers[1].said,
          shown(changed[1], defined[1]),
        ])
      ) +
        `\n${rows.length} requests to the data proxy; stores changed with the READ-only user: ${changedAsDocumented}; ` +
        `with an admin user instead: ${changedWithAdmin}\n`
    );

    expect(rows.filter((row) => row.changed[0]).map((row) => row.attempt.name)).toEqual([]);
    // The one definition InfluxDB 1.x lets a READ-only user make: a continuous query into its own database.
    expect(rows.filter((row) => row.defined[0]).map((row) => `${row.role} ${row.attempt.name}`)).toEqual([
      'Viewer CREATE CONTINUOUS QUERY',
    ]);
    for (const { attempt, role, answers, changed, defined } of rows) {
      const routed =
        !attempt.path.includes('..') && /^(it|ot)\/query$/.test(attempt.path) && /GET|POST/.test(attempt.method);
      // The routes alone refuse every path and method but /query, whatever the user.
      if (!routed) {
        expect({ attempt: attempt.name, answers: answers.map((a) => a.said) }).toEqual({
          attempt: attempt.name,
          answers: ['no route', 'no route'],
        });
      }
      // The control: with an admin user, the first try of each statement does change the store, so only the
      // store's user rights stand between the other requests and the data.
      if (role === 'Viewer') {
        expect({ attempt: attempt.name, changedAsAdmin: changed[1] || defined[1] }).toEqual({
          attempt: attempt.name,
          changedAsAdmin: attempt.changesAsAdmin,
        });
      }
    }
  });
});

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return ['', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
