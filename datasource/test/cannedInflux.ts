/**
 * Canned InfluxDB 1.x answers for unit tests: what the IT and the OT store would answer to the core's
 * observation queries for a tiny plant (the core's synthetic zone model): an office workstation talking Modbus
 * straight to a PLC, which no conduit allows, and an IDS alert about it. Integration tests use real stores.
 */
import { syntheticZoneModel } from '@conduit/core';
import { dateTime, type DataQueryRequest, type DataSourceInstanceSettings } from '@grafana/data';

import type { ConduitDataSourceOptions, ConduitQuery } from '../src/types';

export const PROXY_URL = '/api/datasources/proxy/uid/conduit';
export const FROM = Date.UTC(2026, 0, 15, 6, 0, 0);
export const TO = FROM + 2 * 3_600_000;
export const VIOLATION_TIME = FROM + 90 * 60_000;

export const ZONE_MODEL_TEXT = JSON.stringify(syntheticZoneModel());

export function instanceSettings(
  jsonData: ConduitDataSourceOptions = {}
): DataSourceInstanceSettings<ConduitDataSourceOptions> {
  return {
    id: 1,
    uid: 'conduit',
    type: 'conduit-telemetry-datasource',
    name: 'Conduit telemetry',
    url: PROXY_URL,
    access: 'proxy',
    readOnly: false,
    jsonData: {
      itUrl: 'http://influxdb-it:8086',
      itDatabase: 'conduit_it',
      otUrl: 'http://influxdb-ot:8086',
      otDatabase: 'conduit_ot',
      zoneModel: ZONE_MODEL_TEXT,
      ...jsonData,
    },
    meta: {
      id: 'conduit-telemetry-datasource',
      name: 'Conduit telemetry',
      type: 'datasource',
      module: '',
      baseUrl: '',
      info: {
        author: { name: 'Conduit' },
        description: '',
        links: [],
        logos: { small: '', large: '' },
        screenshots: [],
        updated: '',
        version: '',
      },
    },
  } as DataSourceInstanceSettings<ConduitDataSourceOptions>;
}

export function queryRequest(
  targets: ConduitQuery[],
  overrides: Partial<DataQueryRequest<ConduitQuery>> = {}
): DataQueryRequest<ConduitQuery> {
  const from = dateTime(FROM);
  const to = dateTime(TO);
  return {
    requestId: 'Q1',
    interval: '10s',
    intervalMs: 10_000,
    maxDataPoints: 1000,
    range: { from, to, raw: { from, to } },
    scopedVars: {},
    targets,
    timezone: 'utc',
    app: 'dashboard',
    startTime: FROM,
    panelId: 7,
    ...overrides,
  };
}

/** The tags of the canned flow series: an office workstation's Modbus to a PLC. */
export const CANNED_FLOW_TAGS = {
  src_ip: '10.10.10.10',
  dst_ip: '10.20.1.10',
  src_asset: 'ws-0',
  dst_asset: 'plc-0',
  src_zone: 'enterprise',
  dst_zone: 'basic-control',
  transport: 'tcp',
  service: 'modbus',
  dst_port: '502',
};

function flowSeries(): unknown {
  return {
    name: 'flow',
    tags: CANNED_FLOW_TAGS,
    columns: ['time', 'count_bytes_in', 'count_bytes_out', 'bytes_out', 'bytes_in'],
    values: [
      [VIOLATION_TIME, 3, 3, 1200, 800],
      [VIOLATION_TIME + 60_000, 2, 2, 600, 300],
    ],
  };
}

function alertSeries(): unknown {
  return {
    name: 'alert',
    tags: {
      source: 'suricata',
      severity: 'high',
      asset: 'plc-0',
      zone: 'basic-control',
      src_ip: '10.10.10.10',
      dst_ip: '10.20.1.10',
      technique: 'T0855',
    },
    columns: ['time', 'signature', 'category', 'message'],
    values: [[VIOLATION_TIME + 30_000, 'ET SCADA Modbus write', 'write command', 'Modbus write from the office']],
  };
}

function assetSeries(asset: string, zone: string, ip: string, role: string): unknown {
  return {
    name: 'asset',
    tags: { asset, zone, role, vendor: 'ACME', model: 'X1' },
    columns: ['time', 'ip', 'firmware', 'criticality', 'vuln_count', 'vuln_known_exploited', 'cvss_max'],
    values: [[FROM + 60_000, ip, '1.0', 5, 2, 1, 9.8]],
  };
}

/** Which measurement an observation query reads. */
export function measurementOf(statement: string): string | undefined {
  return /FROM "([a-z_]+)"/.exec(statement)?.[1];
}

/**
 * The answer of one store to one statement: the flow on the IT store, the alert and the inventory on the OT store.
 * The user may only read, so listing users and deleting are refused as InfluxDB 1.x refuses them.
 */
export function cannedAnswer(route: string, statement: string): unknown {
  if (statement.startsWith('SHOW USERS') || statement.startsWith('DELETE')) {
    const needs = statement.startsWith('DELETE') ? `WRITE on conduit_${route}` : 'admin privilege';
    return {
      error: `error authorizing query: grafana not authorized to execute statement '${statement}', requires ${needs}`,
    };
  }
  const measurement = measurementOf(statement);
  const series: unknown[] = [];
  if (measurement === 'flow' && route === 'it') {
    series.push(flowSeries());
  }
  if (measurement === 'alert' && route === 'ot') {
    series.push(alertSeries());
  }
  if (measurement === 'asset' && route === 'ot') {
    series.push(assetSeries('plc-0', 'basic-control', '10.20.1.10', 'plc'));
  }
  if (measurement === 'asset' && route === 'it') {
    series.push(assetSeries('ws-0', 'enterprise', '10.10.10.10', 'workstation'));
  }
  if (statement.startsWith('SHOW RETENTION POLICIES')) {
    series.push({
      columns: ['name', 'duration', 'shardGroupDuration', 'replicaN', 'default'],
      values: [['autogen', '0s', '168h0m0s', 1, true]],
    });
  }
  if (statement.startsWith('SHOW MEASUREMENTS')) {
    series.push({
      name: 'measurements',
      columns: ['name'],
      values: route === 'ot' ? [['flow'], ['ot_operation']] : [['auth'], ['flow']],
    });
  }
  return { results: [{ statement_id: 0, ...(series.length > 0 ? { series } : {}) }] };
}
