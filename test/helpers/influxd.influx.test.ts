import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { AddressInfo } from 'node:net';

import { freeLoopbackUrl, freePort } from './freePort';
import { type AuthenticatedInfluxd, RunningInfluxd, startInfluxd, startInfluxdWithAuth } from './influxd';

jest.setTimeout(60_000);

function get(url: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });
}

describe('startInfluxd', () => {
  let first: RunningInfluxd | undefined;
  let second: RunningInfluxd | undefined;

  afterAll(async () => {
    await first?.stop();
    await second?.stop();
  });

  it('runs two independent servers at once, each with its own databases and data', async () => {
    [first, second] = await Promise.all([
      startInfluxd({ databases: ['conduit_it'] }),
      startInfluxd({ databases: ['conduit_ot'] }),
    ]);
    expect(first.port).not.toBe(second.port);

    await first.write('conduit_it', 'flow,src_zone=office bytes=1200i 1700000000000000000');
    const answer = await first.query('SELECT bytes FROM flow', 'conduit_it');
    expect(answer.results[0].series?.[0].values).toEqual([['2023-11-14T22:13:20Z', 1200]]);

    const otDatabases = await second.query('SHOW DATABASES');
    expect(otDatabases.results[0].series?.[0].values.flat()).toEqual(['conduit_ot']);
    await expect(second.query('SELECT * FROM flow', 'conduit_it')).rejects.toThrow(/database not found/);
  });

  it('stops one server, removing its data, while the other keeps answering', async () => {
    const stoppedUrl = first!.url;
    const stoppedDir = first!.dataDir;
    await first!.stop();
    await first!.stop();

    expect(existsSync(stoppedDir)).toBe(false);
    expect(await get(`${stoppedUrl}/ping`)).toBe('ECONNREFUSED');
    expect(await get(`${second!.url}/ping`)).toBe(204);
  });

  it('hangs while paused and answers again once resumed', async () => {
    await second!.pause();
    expect(await get(`${second!.url}/ping`)).toBe('timeout');
    second!.resume();
    expect(await get(`${second!.url}/ping`)).toBe(204);
  });

  it('reports a failed write with the store answer', async () => {
    await expect(second!.write('conduit_ot', 'not line protocol')).rejects.toThrow(/answered 400/);
  });
});

/** An HTTP server on a loopback port that answers `/ping` like influxd; `/query` as `answerQuery` says. */
async function impostor(
  answerQuery: (res: ServerResponse) => void
): Promise<{ port: number; paths: string[]; close(): Promise<void> }> {
  const paths: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    paths.push(req.url ?? '');
    req.resume();
    if (req.url?.startsWith('/ping')) {
      res.writeHead(204).end();
    } else if (req.url?.startsWith('/query')) {
      answerQuery(res);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    paths,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A statement as one user, through `POST /query` with basic authentication; the HTTP status and body. */
function queryAs(
  server: RunningInfluxd,
  basicCredentials: string | undefined,
  statement: string
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const body = new URLSearchParams({ q: statement, db: 'conduit_ot' }).toString();
    const req = request(
      `${server.url}/query`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(basicCredentials === undefined ? {} : { authorization: `Basic ${basicCredentials}` }),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      }
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('startInfluxdWithAuth', () => {
  let server: AuthenticatedInfluxd | undefined;

  beforeAll(async () => {
    server = await startInfluxdWithAuth({ databases: ['conduit_ot'] });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('refuses anyone who does not sign in', async () => {
    const { status, body } = await queryAs(server!, undefined, 'SHOW MEASUREMENTS');
    expect(status).toBe(401);
    expect(body).toContain('unable to parse authentication credentials');
  });

  it('signs its own writes and queries in as the admin', async () => {
    await server!.write('conduit_ot', 'modbus,src_zone=hmi value=1 1700000000000000000');
    const answer = await server!.query('SELECT value FROM modbus', 'conduit_ot');
    expect(answer.results[0].series?.[0].values).toEqual([['2023-11-14T22:13:20Z', 1]]);
  });

  it('gives the reader READ only: it reads, and every write or administration is refused', async () => {
    const reader = server!.users.reader.basicCredentials;
    const read = await queryAs(server!, reader, 'SELECT count(value) FROM modbus');
    expect(read.status).toBe(200);
    expect(read.body).toContain('"count"');

    for (const statement of ['DROP DATABASE conduit_ot', 'DELETE FROM modbus', 'SELECT * INTO copy FROM modbus']) {
      const refused = await queryAs(server!, reader, statement);
      expect({ statement, status: refused.status }).toEqual({ statement, status: 403 });
      expect(refused.body).toContain('not authorized');
    }
  });

  it('gives the writer WRITE without READ, and names each user in a URL for tools that take one', async () => {
    const { writer } = server!.users;
    expect((await queryAs(server!, writer.basicCredentials, 'SELECT * FROM modbus')).status).toBe(403);
    expect((await queryAs(server!, writer.basicCredentials, 'DELETE FROM nothing_here')).status).toBe(200);
    expect(writer.url).toBe(`http://${writer.name}:${encodeURIComponent(writer.password)}@127.0.0.1:${server!.port}`);
  });
});

describe('startInfluxd on a port another server already answers', () => {
  it('leaves a server that holds databases alone and ends up with its own influxd', async () => {
    const stranger = await impostor((res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          results: [
            { statement_id: 0, series: [{ name: 'databases', columns: ['name'], values: [['_internal'], ['plant']] }] },
          ],
        })
      )
    );
    const own = await startInfluxd({ databases: ['mine'] }, (attempt) =>
      attempt === 1 ? Promise.resolve(stranger.port) : freePort()
    );
    try {
      expect(stranger.paths).toContain('/ping');
      expect(own.port).not.toBe(stranger.port);
      const databases = await own.query('SHOW DATABASES');
      expect(databases.results[0].series?.[0].values.flat()).toEqual(['mine']);
    } finally {
      await own.stop();
      await stranger.close();
    }
  });

  it('gives up after three taken ports, naming them and quoting influxd', async () => {
    const stranger = await impostor((res) => res.writeHead(404).end());
    try {
      const attempt = startInfluxd({}, () => Promise.resolve(stranger.port));
      const ports = `${stranger.port}, ${stranger.port}, ${stranger.port}`;
      await expect(attempt).rejects.toThrow(`ports tried (${ports})`);
      await expect(attempt).rejects.toThrow(/influxd stderr tail/);
    } finally {
      await stranger.close();
    }
  });
});

describe('startInfluxd without influxd installed', () => {
  it('says how to install it', async () => {
    const path = process.env.PATH;
    process.env.PATH = '';
    try {
      await expect(startInfluxd()).rejects.toThrow('influxd not found: run scripts/install-test-deps.sh');
    } finally {
      process.env.PATH = path;
    }
  });
});

describe('freeLoopbackUrl', () => {
  it('names a loopback address where connections are refused', async () => {
    const url = await freeLoopbackUrl();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await get(`${url}/ping`)).toBe('ECONNREFUSED');
  });
});
