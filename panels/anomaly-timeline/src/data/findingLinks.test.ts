import { evidenceExploreUrl, newIncidentUrl, techniqueUrl } from './findingLinks';
import type { TimelineFinding } from './readTimeline';

const finding = (overrides: Partial<TimelineFinding>): TimelineFinding =>
  ({ uid: '0:0', time: 3_600_000, severity: 'high', evidenceQuery: '', store: 'ot', ...overrides }) as TimelineFinding;

describe('finding links', () => {
  it('links techniques and sub-techniques to MITRE, and nothing else', () => {
    expect(techniqueUrl('T0855')).toBe('https://attack.mitre.org/techniques/T0855/');
    expect(techniqueUrl('T1078.001')).toBe('https://attack.mitre.org/techniques/T1078/001/');
    expect(techniqueUrl('javascript:alert(1)')).toBeUndefined();
    expect(techniqueUrl('')).toBeUndefined();
  });

  it('opens the evidence query in Explore as a raw query of its store around the finding', () => {
    const url = evidenceExploreUrl(finding({ evidenceQuery: 'SELECT * FROM "flow"', store: 'it' }), 'conduit');
    const panes = JSON.parse(new URL(url ?? '', 'http://grafana').searchParams.get('panes') ?? '{}');

    expect(panes.evidence.queries[0]).toMatchObject({
      store: 'it',
      editorMode: 'raw',
      rawQuery: 'SELECT * FROM "flow"',
    });
    expect(panes.evidence.range).toEqual({ from: String(3_600_000 - 900_000), to: String(3_600_000 + 900_000) });
    expect(evidenceExploreUrl(finding({}), 'conduit')).toBeUndefined();
  });

  it('carries every finding id once, encoded, to the New incident page', () => {
    const range = { datasourceUid: 'ds-1', from: 1000.4, to: 2000.2 };
    expect(newIncidentUrl({ findingIds: ['a&b', 'c', 'c'], ...range })).toBe(
      '/a/conduit-itot-app/incidents/new?finding=a%26b&finding=c&datasource=ds-1&from=1000&to=2001'
    );
    expect(newIncidentUrl({ findingIds: ['a', 'b'], chainId: 'chain-1', ...range })).toBe(
      '/a/conduit-itot-app/incidents/new?finding=a&finding=b&chain=chain-1&datasource=ds-1&from=1000&to=2001'
    );
    expect(newIncidentUrl({ findingIds: [''], ...range })).toBeUndefined();
  });
});
