/**
 * The analyzer's health as a Prometheus scrape target: `GET /metrics` answers the text exposition format
 * (version 0.0.4: `# HELP`, `# TYPE`, then `name value` lines), which Prometheus and Grafana Alloy read.
 */
import { createServer, type Server } from 'node:http';

import type { AnalyzerState } from './analyzerService';

/** The metrics text for a state at a clock time (milliseconds). */
export function metricsText(state: AnalyzerState, shard: string, nowMs: number): string {
  const label = `{shard="${shard.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"}`;
  const metric = (name: string, type: 'counter' | 'gauge', help: string, value: number | undefined): string =>
    value === undefined ? '' : `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name}${label} ${value}\n`;
  return [
    metric(
      'conduit_analyzer_lag_seconds',
      'gauge',
      'How far the analysed range ends behind the clock.',
      state.analysedTo === undefined ? undefined : Math.max(0, (nowMs - state.analysedTo) / 1000)
    ),
    metric('conduit_analyzer_passes_total', 'counter', 'Passes that completed.', state.passes),
    metric(
      'conduit_analyzer_findings_written_total',
      'counter',
      'Findings written (rewrites included).',
      state.findingsWritten
    ),
    metric(
      'conduit_analyzer_chains_written_total',
      'counter',
      'Chains written (rewrites included).',
      state.chainsWritten
    ),
    metric('conduit_analyzer_errors_total', 'counter', 'Passes that failed and were retried.', state.failures),
    metric(
      'conduit_analyzer_last_success_timestamp_seconds',
      'gauge',
      'Unix time of the last pass that completed.',
      state.lastSuccess === undefined ? undefined : state.lastSuccess / 1000
    ),
  ].join('');
}

/** Serves /metrics on a port (0 for any free one); resolves once listening. */
export function serveMetrics(
  port: number,
  host: string,
  read: () => string
): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url?.split('?')[0] === '/metrics') {
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      response.end(read());
    } else {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('not found: the analyzer serves /metrics\n');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address !== null ? address.port : port });
    });
  });
}
