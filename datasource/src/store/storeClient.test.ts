import { setBackendSrv } from '@grafana/runtime';
import { lastValueFrom, NEVER } from 'rxjs';

import { FakeBackendSrv, httpError, ok } from '../../test/fakeBackendSrv';
import { StoreClient } from './storeClient';
import { storeSettings } from './storeSettings';

const PROXY = '/api/datasources/proxy/uid/conduit';

function client(extra: Record<string, unknown> = {}): StoreClient {
  return new StoreClient(
    storeSettings({ otUrl: 'http://influxdb-ot:8086', otDatabase: 'conduit_ot', ...extra }, 'ot'),
    PROXY
  );
}

let backend: FakeBackendSrv;

beforeEach(() => {
  backend = new FakeBackendSrv(ok({ results: [{ statement_id: 0 }] }));
  setBackendSrv(backend.asBackendSrv());
});

describe('StoreClient', () => {
  it('sends a statement to the store route with GET, q and epoch=ms, and asks for the body as text', async () => {
    const reply = await lastValueFrom(client().send('SHOW MEASUREMENTS', { requestId: 'panel-1-A' }));

    expect(reply).toEqual({ ok: true, body: '{"results":[{"statement_id":0}]}' });
    const [sent] = backend.requests;
    expect(sent.options).toMatchObject({
      url: `${PROXY}/ot/query`,
      method: 'GET',
      params: { q: 'SHOW MEASUREMENTS', epoch: 'ms' },
      responseType: 'text',
      showErrorAlert: false,
      requestId: 'panel-1-A',
    });
  });

  it('sends a form body with POST when the store is set to POST', async () => {
    await lastValueFrom(client({ otHttpMethod: 'POST' }).send(`SELECT "v" FROM "m" WHERE "z" = 'a b'`));

    const [sent] = backend.requests;
    expect(sent.options.method).toBe('POST');
    expect(sent.options.headers).toEqual({ 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(new URLSearchParams(String(sent.options.data)).get('q')).toBe(`SELECT "v" FROM "m" WHERE "z" = 'a b'`);
    expect(sent.options.params).toBeUndefined();
  });

  it.each([
    ['DROP MEASUREMENT flow', 'DROP'],
    ['SELECT * INTO "copy" FROM "flow"', 'INTO'],
    ['SELECT 1; DELETE FROM flow', 'DELETE'],
    ['CREATE DATABASE x', 'CREATE'],
    ['GRANT ALL TO bob', 'GRANT'],
  ])('refuses %s before sending anything', async (statement, word) => {
    const reply = await lastValueFrom(client().send(statement));

    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error).toMatch(/^Refused before sending to the OT store: .*only|writes/);
    expect(!reply.ok && reply.error).toContain(word);
    expect(backend.requests).toHaveLength(0);
  });

  it('names a store without a URL instead of sending', async () => {
    const reply = await lastValueFrom(new StoreClient(storeSettings({}, 'it'), PROXY).send('SHOW DATABASES'));

    expect(reply).toEqual({ ok: false, error: 'IT store: no URL is configured; set it in the datasource settings' });
    expect(backend.requests).toHaveLength(0);
  });

  it.each([
    [
      502,
      'Bad Gateway',
      '',
      /^OT store \(http:\/\/influxdb-ot:8086\): Grafana's data proxy could not reach the store \(HTTP 502 Bad Gateway\): it is down/,
    ],
    [504, 'Gateway Timeout', '', /did not answer in time \(HTTP 504 Gateway Timeout/],
    [
      401,
      'Unauthorized',
      '{"error":"authorization failed"}',
      /refused the credentials \(HTTP 401 Unauthorized: authorization failed\)/,
    ],
    [
      400,
      'Bad Request',
      '{"error":"error parsing query: found EOF"}',
      /HTTP 400 Bad Request: error parsing query: found EOF$/,
    ],
    [500, 'Internal Server Error', '<html><body><h1>boom</h1></body></html>', /HTTP 500 Internal Server Error: boom$/],
    [
      403,
      'Forbidden',
      '{"message":"plugin proxy route access denied"}',
      /access denied \(HTTP 403 Forbidden: plugin proxy route access denied\)/,
    ],
    [
      404,
      'Not Found',
      '{"message":"plugin route match not found"}',
      /nothing answers at this address \(HTTP 404 Not Found: plugin route match not found\)/,
    ],
  ])('words HTTP %i from the proxy as a message naming the store', async (status, text, body, expected) => {
    backend.handler = httpError(status, text, body);

    const reply = await lastValueFrom(client().send('SHOW DATABASES'));

    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error).toMatch(expected);
  });

  it('gives up after the store timeout and cancels the request', async () => {
    jest.useFakeTimers();
    try {
      backend.handler = () => NEVER;
      const pending = lastValueFrom(client({ otTimeoutSeconds: 2 }).send('SHOW DATABASES'));
      jest.advanceTimersByTime(2000);

      expect(await pending).toEqual({
        ok: false,
        error: "OT store (http://influxdb-ot:8086): no answer within 2 s (the store's timeout setting)",
      });
      expect(backend.cancelled).toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('reports a request Grafana cancelled as cancelled', async () => {
    backend.handler = httpError(-1, 'Request was aborted', null);

    const reply = await lastValueFrom(client().send('SHOW DATABASES'));

    expect(reply).toEqual({ ok: false, error: 'OT store (http://influxdb-ot:8086): the request was cancelled' });
  });
});
