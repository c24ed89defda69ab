import { request } from 'node:http';

import { metricsText, serveMetrics } from './analyzerMetrics';

const NOW = Date.UTC(2025, 2, 3, 12, 0, 0);

function get(port: number, path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('analyzer metrics', () => {
  const state = {
    passes: 12,
    failures: 2,
    findingsWritten: 30,
    chainsWritten: 3,
    pointsWritten: 900,
    analysedFrom: NOW - 3_600_000,
    analysedTo: NOW - 150_000,
    lastSuccess: NOW - 20_000,
  };

  it('reports lag, passes, findings written, errors and the last success in Prometheus text format', () => {
    expect(metricsText(state, 'plant', NOW)).toBe(
      [
        '# HELP conduit_analyzer_lag_seconds How far the analysed range ends behind the clock.',
        '# TYPE conduit_analyzer_lag_seconds gauge',
        'conduit_analyzer_lag_seconds{shard="plant"} 150',
        '# HELP conduit_analyzer_passes_total Passes that completed.',
        '# TYPE conduit_analyzer_passes_total counter',
        'conduit_analyzer_passes_total{shard="plant"} 12',
        '# HELP conduit_analyzer_findings_written_total Findings written (rewrites included).',
        '# TYPE conduit_analyzer_findings_written_total counter',
        'conduit_analyzer_findings_written_total{shard="plant"} 30',
        '# HELP conduit_analyzer_chains_written_total Chains written (rewrites included).',
        '# TYPE conduit_analyzer_chains_written_total counter',
        'conduit_analyzer_chains_written_total{shard="plant"} 3',
        '# HELP conduit_analyzer_errors_total Passes that failed and were retried.',
        '# TYPE conduit_analyzer_errors_total counter',
        'conduit_analyzer_errors_total{shard="plant"} 2',
        '# HELP conduit_analyzer_last_success_timestamp_seconds Unix time of the last pass that completed.',
        '# TYPE conduit_analyzer_last_success_timestamp_seconds gauge',
        `conduit_analyzer_last_success_timestamp_seconds{shard="plant"} ${(NOW - 20_000) / 1000}`,
        '',
      ].join('\n')
    );
  });

  it('leaves out what is not known yet and escapes the shard label', () => {
    const text = metricsText(
      { passes: 0, failures: 0, findingsWritten: 0, chainsWritten: 0, pointsWritten: 0 },
      'a"b\\c',
      NOW
    );
    expect(text).not.toContain('lag_seconds');
    expect(text).not.toContain('last_success');
    expect(text).toContain('conduit_analyzer_passes_total{shard="a\\"b\\\\c"} 0\n');
  });

  it('serves /metrics over HTTP and nothing else', async () => {
    const { server, port } = await serveMetrics(0, '127.0.0.1', () => metricsText(state, 'plant', NOW));
    try {
      const metrics = await get(port, '/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.type).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(metrics.body).toContain('conduit_analyzer_passes_total{shard="plant"} 12\n');
      expect((await get(port, '/')).status).toBe(404);
    } finally {
      server.close();
    }
  });
});
