import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { AddressInfo } from 'node:net';

import { freeLoopbackUrl, freePort } from './freePort';
import { RunningInfluxd, startInfluxd } from './influxd';

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
