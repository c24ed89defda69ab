import { FieldType as InfluxFieldType } from 'influx';

import { MEASUREMENTS, type TelemetryPoint } from '@conduit/core';

import { freeLoopbackUrl } from '../../test/helpers/freePort';
import { StoreError, StoreWriter, contractSchema, storeUrlProblem } from './storeWriter';

const POINT: TelemetryPoint = {
  measurement: 'auth',
  tags: {
    asset: 'dc-1',
    zone: 'enterprise',
    src_ip: '10.10.10.10',
    src_asset: 'ws-01',
    src_zone: 'enterprise',
    user: 'u',
    method: 'kerberos',
    result: 'success',
  },
  fields: { count: 1, reason: 'ok' },
  timestampNs: 1_700_000_000_000_000_000n,
};

describe('the store writer', () => {
  it('declares every measurement of the contract to the client, with its tags and field types', () => {
    const schema = contractSchema('conduit_ot');
    expect(schema.map((s) => s.measurement)).toEqual(MEASUREMENTS.map((m) => m.name));
    const flow = schema.find((s) => s.measurement === 'flow');
    expect(flow?.fields).toMatchObject({
      bytes_in: InfluxFieldType.INTEGER,
      duration: InfluxFieldType.FLOAT,
      conn_state: InfluxFieldType.STRING,
    });
    expect(flow?.tags).toContain('dst_port');
  });

  it('accepts http and https URLs and explains what is wrong with others', () => {
    expect(storeUrlProblem('http://localhost:8086')).toBeUndefined();
    expect(storeUrlProblem('https://user:pw@influx.example:443/prefix')).toBeUndefined();
    expect(storeUrlProblem('localhost:8086')).toMatch(/http/);
    expect(storeUrlProblem('not a url')).toMatch(/is not a URL/);
  });

  it('names the store and its URL when the store cannot be reached', async () => {
    const url = await freeLoopbackUrl();
    const writer = new StoreWriter(
      { kind: 'ot', url, database: 'conduit_ot' },
      { concurrency: 2, requestTimeoutMs: 2000 }
    );
    const failure = writer.ensureDatabase();
    await expect(failure).rejects.toBeInstanceOf(StoreError);
    await expect(failure).rejects.toThrow(`OT store at ${url} (database conduit_ot)`);
  });

  it('names a store given with credentials without its password', async () => {
    const url = new URL(await freeLoopbackUrl());
    url.username = 'conduit_writer';
    url.password = 'pa ss@word';
    const writer = new StoreWriter(
      { kind: 'it', url: url.toString(), database: 'conduit_it' },
      { concurrency: 2, requestTimeoutMs: 2000 }
    );
    const failure = writer.ensureDatabase();
    await expect(failure).rejects.toThrow(`IT store at http://conduit_writer:***@${url.host} (database conduit_it)`);
    await expect(failure).rejects.not.toThrow(/pa ss|ss@word/);
  });

  it('counts a failed batch, keeps its reason and never rejects the write itself', async () => {
    const url = await freeLoopbackUrl();
    const writer = new StoreWriter(
      { kind: 'it', url, database: 'conduit_it' },
      { concurrency: 2, requestTimeoutMs: 2000 }
    );
    await writer.write([POINT, POINT]);
    await writer.drain();
    expect(writer.failed).toBe(2);
    expect(writer.written).toBe(0);
    expect(writer.lastError).toBeDefined();
    expect(writer.error?.message).toContain(url);
  });

  it('drops a batch offered while too many requests are unanswered, counting it as failed', async () => {
    const url = await freeLoopbackUrl();
    const writer = new StoreWriter(
      { kind: 'it', url, database: 'conduit_it' },
      { concurrency: 1, requestTimeoutMs: 2000 }
    );
    writer.offer([POINT], 1);
    writer.offer([POINT, POINT, POINT], 1);
    expect(writer.failed).toBe(3);
    expect(writer.lastError).toContain('unanswered');
    await writer.drain();
  });
});
