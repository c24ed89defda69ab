import { ChildProcess, spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

import { quoteIdentifier, quoteString } from '@conduit/core';

import { freePort } from './freePort';

/** A private influxd 1.x for one test file: its own ports, its own data, gone after `stop()`. */
export interface RunningInfluxd {
  /** Base URL of the HTTP API, e.g. `http://127.0.0.1:40123` (no trailing slash). */
  url: string;
  port: number;
  /** Temporary folder holding the config, meta, data and WAL; removed by `stop()`. */
  dataDir: string;
  /** Writes line protocol to a database (precision `ns` unless given); rejects on any non-204 answer. */
  write(database: string, lines: string | string[], precision?: 'ns' | 'u' | 'ms' | 's'): Promise<void>;
  /** Runs InfluxQL through `POST /query` and returns the parsed JSON answer; rejects on a non-200 answer. */
  query(influxql: string, database?: string): Promise<InfluxQueryAnswer>;
  /**
   * Freezes the server (SIGSTOP): connections are accepted by the kernel but never answered, as with a hung
   * store. Resolves once the process is stopped, since a signal takes effect after `kill` returns.
   */
  pause(): Promise<void>;
  /** Undoes `pause()`. */
  resume(): void;
  /** Kills the server and removes `dataDir`. Safe to call twice. */
  stop(): Promise<void>;
}

/** The JSON shape of influxd 1.x's `/query` answer. */
export interface InfluxQueryAnswer {
  results: Array<{
    statement_id?: number;
    error?: string;
    series?: Array<{ name: string; tags?: Record<string, string>; columns: string[]; values: unknown[][] }>;
  }>;
  error?: string;
}

export interface StartInfluxdOptions {
  /** Databases to create once the server answers. */
  databases?: string[];
  /** How long to wait for `/ping` to answer 204; 30 s by default (CI machines are small and busy). */
  startTimeoutMs?: number;
}

/** One InfluxDB user of a server started with authentication. */
export interface InfluxUser {
  name: string;
  password: string;
  /** `base64(name:password)`: what follows `Basic ` in an Authorization header (RFC 7617). */
  basicCredentials: string;
  /** The server's URL with the user in it (`http://name:password@host:port`), as conduit-sim takes credentials. */
  url: string;
}

/**
 * The users of a server started with authentication, as a site gives them out: an admin (the helper's own
 * `write` and `query` sign in as it), a reader with READ on every database (what the Conduit datasource gets)
 * and a writer with WRITE on every database (what the simulator and importers get).
 */
export interface InfluxUsers {
  admin: InfluxUser;
  reader: InfluxUser;
  writer: InfluxUser;
}

export type AuthenticatedInfluxd = RunningInfluxd & { users: InfluxUsers };

const missingBinaryMessage = 'influxd not found: run scripts/install-test-deps.sh';
const stderrTailBytes = 4000;
const startAttempts = 3;

// Every server still running when the test process exits is killed, so a crashed test leaves no orphans.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) {
    child.kill('SIGKILL');
  }
});

/** Picks the HTTP port for one start attempt (1-based). */
type PortChooser = (attempt: number) => Promise<number>;

/** Why one start attempt failed, and whether another port may fix it. */
class StartAttemptError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly stderrTail: string
  ) {
    super(message);
  }
}

/**
 * Starts a fresh influxd on free loopback ports and resolves once it answers `/ping` and proves to be the
 * server this call started. `choosePort` exists for this module's own test, which forces a taken port.
 */
export function startInfluxd(
  options: StartInfluxdOptions = {},
  choosePort: PortChooser = () => freePort()
): Promise<RunningInfluxd> {
  return start(options, undefined, choosePort);
}

function signedIn(serverUrl: string, name: string, password: string): InfluxUser {
  const url = new URL(serverUrl);
  url.username = name;
  url.password = password;
  return {
    name,
    password,
    basicCredentials: Buffer.from(`${name}:${password}`).toString('base64'),
    url: url.toString().replace(/\/$/, ''),
  };
}

/** Creates one more user on a server started with authentication, with its privilege on each database. */
export async function createUser(
  server: AuthenticatedInfluxd,
  name: string,
  password: string,
  privileges: Readonly<Record<string, 'READ' | 'WRITE' | 'ALL'>>
): Promise<InfluxUser> {
  await server.query(
    [
      `CREATE USER ${quoteIdentifier(name)} WITH PASSWORD ${quoteString(password)}`,
      ...Object.entries(privileges).map(
        ([database, privilege]) => `GRANT ${privilege} ON ${quoteIdentifier(database)} TO ${quoteIdentifier(name)}`
      ),
    ].join('; ')
  );
  return signedIn(server.url, name, password);
}

/**
 * Starts a fresh influxd as `startInfluxd` does, with `[http] auth-enabled`, and creates its admin, reader and
 * writer (fresh random passwords); `write` and `query` then sign in as the admin.
 */
export async function startInfluxdWithAuth(options: StartInfluxdOptions = {}): Promise<AuthenticatedInfluxd> {
  const password = () => randomBytes(12).toString('base64url');
  const names = { admin: 'conduit_admin', reader: 'conduit_reader', writer: 'conduit_writer' } as const;
  const passwords = { admin: password(), reader: password(), writer: password() };
  const server = await start(options, { name: names.admin, password: passwords.admin }, () => freePort());
  const user = (role: keyof InfluxUsers): InfluxUser => signedIn(server.url, names[role], passwords[role]);
  const users: InfluxUsers = { admin: user('admin'), reader: user('reader'), writer: user('writer') };
  try {
    const grants = (options.databases ?? []).flatMap((database) => [
      `GRANT READ ON ${quoteIdentifier(database)} TO ${quoteIdentifier(users.reader.name)}`,
      `GRANT WRITE ON ${quoteIdentifier(database)} TO ${quoteIdentifier(users.writer.name)}`,
    ]);
    await server.query(
      [
        `CREATE USER ${quoteIdentifier(users.reader.name)} WITH PASSWORD ${quoteString(users.reader.password)}`,
        `CREATE USER ${quoteIdentifier(users.writer.name)} WITH PASSWORD ${quoteString(users.writer.password)}`,
        ...grants,
      ].join('; ')
    );
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { ...server, users };
}

interface AdminLogin {
  name: string;
  password: string;
}

async function start(
  options: StartInfluxdOptions,
  admin: AdminLogin | undefined,
  choosePort: PortChooser
): Promise<RunningInfluxd> {
  const binary = await findOnPath('influxd');
  if (binary === undefined) {
    throw new Error(missingBinaryMessage);
  }
  const portsTried: number[] = [];
  let last: StartAttemptError | undefined;
  // Free ports are only probably free: another process may take one between probe and bind, and a server
  // that is not ours may then answer on it. Either way the child is killed and another port tried.
  for (let attempt = 1; attempt <= startAttempts; attempt++) {
    const port = await choosePort(attempt);
    portsTried.push(port);
    try {
      const server = await launch(binary, port, options.startTimeoutMs ?? 30_000, admin);
      try {
        for (const database of options.databases ?? []) {
          await server.query(`CREATE DATABASE ${quoteIdentifier(database)}`);
        }
      } catch (error) {
        await server.stop();
        throw error;
      }
      return server;
    } catch (error) {
      if (!(error instanceof StartAttemptError) || !error.retryable) {
        throw error;
      }
      last = error;
    }
  }
  throw new Error(
    `influxd did not start on any of ${startAttempts} ports tried (${portsTried.join(', ')}); last: ` +
      `${last?.message ?? 'unknown'}; influxd stderr tail:\n${last?.stderrTail ?? ''}`
  );
}

async function launch(
  binary: string,
  port: number,
  startTimeoutMs: number,
  admin: AdminLogin | undefined
): Promise<RunningInfluxd> {
  const dataDir = await mkdtemp(join(tmpdir(), 'conduit-influxd-'));
  const rpcPort = await freePort();
  await Promise.all(['meta', 'data', 'wal'].map((dir) => mkdir(join(dataDir, dir))));
  const configPath = join(dataDir, 'influxd.conf');
  await writeFile(configPath, configText(dataDir, port, rpcPort, admin !== undefined));
  const headers: Record<string, string> =
    admin === undefined
      ? {}
      : { authorization: `Basic ${Buffer.from(`${admin.name}:${admin.password}`).toString('base64')}` };

  const child = spawn(binary, ['-config', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-stderrTailBytes);
  });
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      exited = signal !== null ? `signal ${signal}` : `code ${code}`;
      resolve();
    });
    child.once('error', (error) => {
      running.delete(child);
      exited = error.message;
      resolve();
    });
  });

  const url = `http://127.0.0.1:${port}`;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (!stopped) {
      stopped = true;
      if (exited === undefined) {
        child.kill('SIGCONT');
        child.kill('SIGKILL');
        await exit;
      }
      await rm(dataDir, { recursive: true, force: true });
    }
  };
  const fail = async (message: string, retryable: boolean): Promise<never> => {
    await stop();
    throw new StartAttemptError(message, retryable, stderr);
  };

  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exited !== undefined) {
      return fail(`influxd exited (${exited}) before answering on ${url}`, true);
    }
    if ((await ping(url)) === 204) {
      break;
    }
    if (Date.now() > deadline) {
      return fail(`influxd did not answer /ping on ${url} within ${startTimeoutMs} ms`, false);
    }
    await sleep(50);
  }
  // Something answers: make sure it is our child and not a server that took the port first. Ours is
  // still running and, being new, holds no database of its own yet. With authentication, InfluxDB lets anyone
  // create the first admin, and only while no user exists: another server with users refuses.
  if (admin !== undefined) {
    const created = await post(
      `${url}/query`,
      new URLSearchParams({
        q: `CREATE USER ${quoteIdentifier(admin.name)} WITH PASSWORD ${quoteString(admin.password)} WITH ALL PRIVILEGES`,
      }).toString(),
      'application/x-www-form-urlencoded',
      5000
    ).catch((error: unknown) => ({ status: 0, body: error instanceof Error ? error.message : String(error) }));
    if (created.status !== 200 || created.body.includes('"error"')) {
      return fail(`the server answering on ${url} refused to create the first admin: ${created.body}`, true);
    }
  }
  const databases = await databaseNames(url, headers);
  if (exited !== undefined) {
    return fail(`influxd exited (${exited}) while something else answered on ${url}`, true);
  }
  if (typeof databases === 'string') {
    return fail(`the server answering on ${url} is not the influxd just started: ${databases}`, true);
  }
  const foreign = databases.filter((name) => name !== '_internal');
  if (foreign.length > 0) {
    return fail(
      `the server answering on ${url} already holds databases (${foreign.join(', ')}), so it is not ours`,
      true
    );
  }

  return {
    url,
    port,
    dataDir,
    async write(database, lines, precision = 'ns') {
      const body = Array.isArray(lines) ? lines.join('\n') : lines;
      const params = new URLSearchParams({ db: database, precision });
      const answer = await post(`${url}/write?${params}`, body, 'text/plain', undefined, headers);
      if (answer.status !== 204) {
        throw new Error(`write to ${database} answered ${answer.status}: ${answer.body}`);
      }
    },
    async query(influxql, database) {
      const params = new URLSearchParams({ q: influxql });
      if (database !== undefined) {
        params.set('db', database);
      }
      const answer = await post(
        `${url}/query`,
        params.toString(),
        'application/x-www-form-urlencoded',
        undefined,
        headers
      );
      if (answer.status !== 200) {
        throw new Error(`query "${influxql}" answered ${answer.status}: ${answer.body}`);
      }
      const parsed = JSON.parse(answer.body) as InfluxQueryAnswer;
      const failed = parsed.results?.find((result) => result.error !== undefined);
      if (failed !== undefined) {
        throw new Error(`query "${influxql}" failed: ${failed.error}`);
      }
      return parsed;
    },
    async pause() {
      child.kill('SIGSTOP');
      await untilStopped(child.pid);
    },
    resume() {
      child.kill('SIGCONT');
    },
    stop,
  };
}

/**
 * Waits until every thread of process `pid` is stopped, as /proc tells (state T); where there is no /proc,
 * or after two seconds, it goes on.
 */
async function untilStopped(pid: number | undefined): Promise<void> {
  if (pid === undefined) {
    return;
  }
  const deadline = Date.now() + 2_000;
  while (Date.now() < deadline) {
    let states: string[];
    try {
      const tasks = await readdir(`/proc/${pid}/task`);
      states = await Promise.all(
        tasks.map(async (task) => {
          const stat = await readFile(`/proc/${pid}/task/${task}/stat`, 'utf8');
          // The state follows the command name, which is in parentheses and may hold spaces.
          return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        })
      );
    } catch {
      return;
    }
    if (states.every((state) => state === 'T' || state === 't')) {
      return;
    }
    await sleep(10);
  }
}

// Everything but the HTTP API is off or quiet, and every listener is on loopback at a free port: the RPC
// service defaults to 8088, so two servers with default configs would clash.
function configText(dataDir: string, port: number, rpcPort: number, authEnabled: boolean): string {
  const dir = (name: string) => JSON.stringify(join(dataDir, name));
  return `reporting-enabled = false
bind-address = "127.0.0.1:${rpcPort}"

[meta]
  dir = ${dir('meta')}
  logging-enabled = false

[data]
  dir = ${dir('data')}
  wal-dir = ${dir('wal')}
  query-log-enabled = false
  index-version = "inmem"

[monitor]
  store-enabled = false

[continuous_queries]
  enabled = false
  log-enabled = false

[subscriber]
  enabled = false

[retention]
  enabled = false

[shard-precreation]
  enabled = false

[http]
  enabled = true
  bind-address = "127.0.0.1:${port}"
  auth-enabled = ${authEnabled}
  log-enabled = false
  pprof-enabled = false
  unix-socket-enabled = false

[ifql]
  enabled = false

[logging]
  level = "error"
  suppress-logo = true
`;
}

async function findOnPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') {
      continue;
    }
    const candidate = join(dir, name);
    try {
      await access(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** The database names a server reports, or why its answer is not an influxd's. */
async function databaseNames(url: string, headers: Record<string, string>): Promise<string[] | string> {
  let answer: { status: number; body: string };
  try {
    answer = await post(`${url}/query`, 'q=SHOW%20DATABASES', 'application/x-www-form-urlencoded', 5000, headers);
  } catch (error) {
    return `SHOW DATABASES failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (answer.status !== 200) {
    return `SHOW DATABASES answered ${answer.status}`;
  }
  try {
    const parsed = JSON.parse(answer.body) as InfluxQueryAnswer;
    const result = parsed.results?.[0];
    if (result === undefined || result.error !== undefined) {
      return `SHOW DATABASES gave no result${result?.error !== undefined ? ` (${result.error})` : ''}`;
    }
    return (result.series?.[0]?.values ?? []).map((row) => String(row[0]));
  } catch {
    return 'SHOW DATABASES answered something that is not JSON';
  }
}

function ping(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request(`${url}/ping`, { method: 'GET', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

function post(
  url: string,
  body: string,
  contentType: string,
  timeoutMs?: number,
  headers: Record<string, string> = {}
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': contentType, 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      }
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
