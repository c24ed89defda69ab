import type { StoreKind } from '@conduit/core';

import type { AuthMethod, ConduitDataSourceOptions, HttpMethod } from '../types';

export const STORE_TITLES: Readonly<Record<StoreKind, string>> = { it: 'IT store', ot: 'OT store' };

export const DEFAULT_TIMEOUT_SECONDS = 30;
const MAX_TIMEOUT_SECONDS = 600;

/** One store as the datasource sees it: where it is (for messages) and how to ask it. */
export interface StoreSettings {
  kind: StoreKind;
  /** `IT store` or `OT store`. */
  title: string;
  /** As configured, for messages only: requests go to Grafana's data proxy, which reads it there. */
  url: string;
  database: string;
  retentionPolicy: string;
  auth: AuthMethod;
  httpMethod: HttpMethod;
  timeoutMs: number;
  /** A store without a URL is left out of every query and of the health check. */
  configured: boolean;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function timeoutSeconds(value: unknown): number {
  const seconds = typeof value === 'string' ? Number(value) : value;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0
    ? Math.min(seconds, MAX_TIMEOUT_SECONDS)
    : DEFAULT_TIMEOUT_SECONDS;
}

function authMethod(value: unknown): AuthMethod {
  return value === 'password' || value === 'token' ? value : 'none';
}

export function storeSettings(options: ConduitDataSourceOptions, kind: StoreKind): StoreSettings {
  const it = kind === 'it';
  const url = text(it ? options.itUrl : options.otUrl);
  return {
    kind,
    title: STORE_TITLES[kind],
    url,
    database: text(it ? options.itDatabase : options.otDatabase),
    retentionPolicy: text(it ? options.itRetentionPolicy : options.otRetentionPolicy),
    auth: authMethod(it ? options.itAuth : options.otAuth),
    httpMethod: (it ? options.itHttpMethod : options.otHttpMethod) === 'POST' ? 'POST' : 'GET',
    timeoutMs: timeoutSeconds(it ? options.itTimeoutSeconds : options.otTimeoutSeconds) * 1000,
    configured: url !== '',
  };
}

/** `OT store (http://influxdb-ot:8086)`: how every message names a store. */
export function storeLabel(store: Pick<StoreSettings, 'title' | 'url'>): string {
  return store.url === '' ? store.title : `${store.title} (${store.url})`;
}
