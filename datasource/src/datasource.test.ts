import type { DataQueryRequest, DataSourceInstanceSettings } from '@grafana/data';
import type { BackendSrvRequest } from '@grafana/runtime';
import { of, throwError } from 'rxjs';

import { ConduitDataSource } from './datasource';
import type { ConduitDataSourceOptions, ConduitQuery } from './types';

const mockFetch = jest.fn();

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch: mockFetch }),
  getTemplateSrv: () => ({ replace: (text: string) => text.replace('$zone', 'l1-control') }),
}));

const PROXY = '/api/datasources/proxy/uid/conduit';

function dataSource(jsonData: ConduitDataSourceOptions): ConduitDataSource {
  const settings = {
    id: 1,
    uid: 'conduit',
    type: 'conduit-telemetry-datasource',
    name: 'Conduit',
    url: PROXY,
    access: 'proxy',
    readOnly: false,
    jsonData,
    meta: { id: 'conduit-telemetry-datasource' },
  } as unknown as DataSourceInstanceSettings<ConduitDataSourceOptions>;
  return new ConduitDataSource(settings);
}

function request(targets: ConduitQuery[]): DataQueryRequest<ConduitQuery> {
  return { targets, scopedVars: {}, requestId: 'Q1' } as unknown as DataQueryRequest<ConduitQuery>;
}

const oneSeries = {
  results: [{ statement_id: 0, series: [{ name: 'flow', columns: ['time', 'count'], values: [[1700000000000, 3]] }] }],
};

beforeEach(() => mockFetch.mockReset());

describe('ConduitDataSource.query', () => {
  it('sends each statement to its store through the data proxy route, with variables replaced', async () => {
    mockFetch.mockReturnValue(of({ data: oneSeries }));
    const ds = dataSource({ itUrl: 'http://it:8086', otUrl: 'http://ot:8086' });

    const response = await ds.query(
      request([
        { refId: 'A', store: 'ot', rawQuery: `SELECT count(*) FROM flow WHERE dst_zone = '$zone'` },
        { refId: 'B', store: 'it', rawQuery: '', hide: false },
      ])
    );

    expect(mockFetch).toHaveBeenCalledTimes(1);
    const sent: BackendSrvRequest = mockFetch.mock.calls[0][0];
    expect(sent.url).toBe(`${PROXY}/ot/query`);
    expect(sent.params).toEqual({ q: `SELECT count(*) FROM flow WHERE dst_zone = 'l1-control'`, epoch: 'ms' });
    expect(response.data).toHaveLength(1);
    expect(response.errors).toBeUndefined();
  });

  it('returns a failed store as an error on its query instead of rejecting', async () => {
    mockFetch.mockReturnValue(throwError(() => ({ status: 401, statusText: 'Unauthorized', data: {} })));
    const ds = dataSource({ itUrl: 'http://it:8086' });

    const response = await ds.query(request([{ refId: 'A', store: 'it', rawQuery: 'SHOW DATABASES' }]));

    expect(response.errors).toEqual([{ refId: 'A', message: 'HTTP 401: Unauthorized' }]);
  });
});

describe('ConduitDataSource.testDatasource', () => {
  it('checks every configured store and names the one that fails', async () => {
    mockFetch.mockImplementation((options: BackendSrvRequest) =>
      options.url.includes('/it/')
        ? of({ data: { results: [{ statement_id: 0 }] } })
        : of({ data: { results: [{ statement_id: 0, error: 'database not found: plant' }] } })
    );
    const ds = dataSource({ itUrl: 'http://it:8086', otUrl: 'http://ot:8086' });

    const result = await ds.testDatasource();

    expect(result.status).toBe('error');
    expect(result.message).toBe('IT store: connected. OT store: statement 0: database not found: plant.');
  });

  it('refuses a configuration without any store', async () => {
    const result = await dataSource({}).testDatasource();

    expect(result.status).toBe('error');
    expect(mockFetch).not.toHaveBeenCalled();
  });
});
