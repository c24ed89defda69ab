/**
 * Every key of the datasource's settings, at run time: what provisioning files may set and docs/datasource.md
 * documents. `satisfies` keeps the lists equal to the types: a key added to a type and not here fails to compile.
 */
import type { DataSourceJsonData } from '@grafana/data';

import type { ConduitDataSourceOptions, ConduitSecureJsonData } from './types';

type OwnKeys = Exclude<keyof ConduitDataSourceOptions, keyof DataSourceJsonData>;

const JSON_DATA = {
  itUrl: true,
  itDatabase: true,
  itRetentionPolicy: true,
  itAuth: true,
  itUser: true,
  itHttpMethod: true,
  itTimeoutSeconds: true,
  otUrl: true,
  otDatabase: true,
  otRetentionPolicy: true,
  otAuth: true,
  otUser: true,
  otHttpMethod: true,
  otTimeoutSeconds: true,
  zoneModel: true,
  detection: true,
  chainMaxGapMinutes: true,
} as const satisfies Record<OwnKeys, true>;

const SECURE_JSON_DATA = {
  itBasicAuth: true,
  itToken: true,
  itPassword: true,
  otBasicAuth: true,
  otToken: true,
  otPassword: true,
} as const satisfies Record<keyof ConduitSecureJsonData, true>;

export const JSON_DATA_KEYS = Object.keys(JSON_DATA) as OwnKeys[];
export const SECURE_JSON_DATA_KEYS = Object.keys(SECURE_JSON_DATA) as Array<keyof ConduitSecureJsonData>;
