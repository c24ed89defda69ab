/**
 * The proxy routes of plugin.json, rendered the way Grafana's data proxy renders them: the store's address,
 * database, retention policy and credentials are added on the server, and nothing is added that the settings
 * did not ask for.
 */
import plugin from './plugin.json';
import { applyRoute, renderTemplate, type ProxyRoute, type TemplateData } from './testing/grafanaDataProxy';

const routes: ProxyRoute[] = plugin.routes;

function render(path: string, data: TemplateData, query = new URLSearchParams({ q: 'SHOW DATABASES', epoch: 'ms' })) {
  const applied = applyRoute(routes, path, query, data);
  if (applied === undefined) {
    throw new Error(`no route for ${path}`);
  }
  return { url: new URL(applied.url), headers: applied.headers };
}

describe('plugin.json routes', () => {
  it('has one route per store', () => {
    expect(routes.map((route) => route.path)).toEqual(['it', 'ot']);
  });

  it('sends a store without authentication to its URL with its database and nothing else', () => {
    const { url, headers } = render('ot/query', {
      JsonData: { otUrl: 'http://influxdb-ot:8086', otDatabase: 'conduit_ot' },
      SecureJsonData: {},
    });

    expect(`${url.origin}${url.pathname}`).toBe('http://influxdb-ot:8086/query');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      q: 'SHOW DATABASES',
      epoch: 'ms',
      db: 'conduit_ot',
      rp: '',
      u: '',
      p: '',
    });
    expect(headers).toEqual({ Authorization: '' });
    expect(url.toString()).not.toContain('no value');
  });

  it('adds the user and the stored password as InfluxDB 1.x u and p parameters', () => {
    const { url, headers } = render('it/query', {
      JsonData: {
        itUrl: 'https://influx.example:8086/prefix',
        itDatabase: 'telemetry',
        itRetentionPolicy: 'week',
        itUser: 'grafana',
      },
      SecureJsonData: { itPassword: 's3cret&x' },
    });

    expect(url.pathname).toBe('/prefix/query');
    expect(url.searchParams.get('db')).toBe('telemetry');
    expect(url.searchParams.get('rp')).toBe('week');
    expect(url.searchParams.get('u')).toBe('grafana');
    expect(url.searchParams.get('p')).toBe('s3cret&x');
    expect(headers.Authorization).toBe('');
  });

  it('sends a token as Authorization: Token, and no password', () => {
    const { url, headers } = render('ot/query', {
      JsonData: { otUrl: 'http://influxdb-ot:8086', otDatabase: 'conduit_ot' },
      SecureJsonData: { otToken: 'grafana:t0ken' },
    });

    expect(headers.Authorization).toBe('Token grafana:t0ken');
    expect(url.searchParams.get('p')).toBe('');
  });

  it('never sends one store the other store credentials', () => {
    const { url, headers } = render('it/query', {
      JsonData: { itUrl: 'http://it:8086', otUrl: 'http://ot:8086', otUser: 'ot-admin' },
      SecureJsonData: { otPassword: 'ot-secret', otToken: 'ot-token' },
    });

    expect(url.toString()).not.toMatch(/ot-admin|ot-secret/);
    expect(headers.Authorization).toBe('');
  });

  it('renders Go template truthiness: a missing JsonData key prints <no value>, an if skips it', () => {
    const data: TemplateData = { JsonData: {}, SecureJsonData: {} };

    expect(renderTemplate('{{ .JsonData.x }}', data)).toBe('<no value>');
    expect(renderTemplate('{{ if .JsonData.x }}{{ .JsonData.x }}{{ else }}none{{ end }}', data)).toBe('none');
    expect(renderTemplate('{{ .SecureJsonData.y }}', data)).toBe('');
  });
});
