import type { Aggregate, FindingCategory, Severity, StoreKind } from '@conduit/core';
import type { DataSourceJsonData } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';

/** What a query asks for; each has its own editor (components/query/QueryEditor<Type>.tsx). */
export const QUERY_TYPES = ['telemetry', 'topology', 'risk', 'findings', 'chains', 'inventory'] as const;
export type ConduitQueryType = (typeof QUERY_TYPES)[number];

/** Telemetry is written by hand or put together from parts. */
export type TelemetryEditorMode = 'builder' | 'raw';

/** Tag filters compare a tag with a value, a template variable or a list of values (multi-value variables). */
export type TagFilterOperator = '=' | '!=';

export interface TagFilter {
  /** Names the filter row in the editor, so removing one row never shows its text in another; older queries lack it. */
  id?: string;
  tag: string;
  operator: TagFilterOperator;
  /** A literal value or a template variable such as `$zone`; a multi-value variable matches any of its values. */
  value: string;
  /**
   * The values `value` stood for when a multi-value variable was replaced by its values (Explore receives queries
   * that way, through `interpolateVariablesInQueries`); they win over `value`, which then only shows them.
   */
  values?: string[];
}

/** InfluxQL's fill() options; `0` fills empty buckets with zero. */
export const FILL_OPTIONS = ['null', 'none', 'previous', 'linear', '0'] as const;
export type FillOption = (typeof FILL_OPTIONS)[number];

export type TopologyLevel = 'zone' | 'asset';
export type RiskView = 'entities' | 'overTime';
export type RiskEntityKind = 'asset' | 'zone';

/**
 * One query. Flat on purpose: Grafana saves queries as JSON in dashboards, and switching the query type keeps
 * the fields the other types share (zone, severity) instead of discarding them.
 */
export interface ConduitQuery extends DataQuery {
  queryType?: ConduitQueryType;

  // telemetry
  store?: StoreKind;
  editorMode?: TelemetryEditorMode;
  /** Raw mode: InfluxQL with `$timeFilter`, `$__interval` and dashboard variables. */
  rawQuery?: string;
  measurement?: string;
  field?: string;
  aggregation?: Aggregate;
  /** With the `percentile` aggregation: above 0 and at most 100. */
  percentile?: number;
  /** GROUP BY time(): a duration such as `5m`, or empty for `$__interval`. */
  interval?: string;
  groupByTags?: string[];
  tagFilters?: TagFilter[];
  fill?: FillOption;
  /** Display name of the value field; `$tag_<key>` names the series by one of its tags. */
  alias?: string;

  // topology, risk, findings, chains, inventory
  /** Only this zone (an id or a zone variable); empty for the whole plant. */
  zone?: string;
  /** The zones `zone` stood for when a multi-value variable was replaced by its values; they win over `zone`. */
  zones?: string[];
  topologyLevel?: TopologyLevel;
  riskView?: RiskView;
  riskEntity?: RiskEntityKind;
  /** Risk over time: how many entities (highest risk first) get a series. */
  riskLimit?: number;
  /** Risk over time: also a frame of each series' factors at every bucket end (the risk heatmap's hover card). */
  riskFactors?: boolean;
  /** Findings and chains at or above this severity. */
  minSeverity?: Severity;
  /** Findings of these categories only; empty for all. */
  categories?: FindingCategory[];
}

export const DEFAULT_QUERY: Partial<ConduitQuery> = {
  queryType: 'telemetry',
  store: 'ot',
  editorMode: 'builder',
  measurement: 'flow',
  field: 'bytes_out',
  aggregation: 'sum',
  fill: 'null',
};

export const AUTH_METHODS = ['none', 'password', 'token'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];
export type HttpMethod = 'GET' | 'POST';

/** Detection settings over the zone model's `detection` section, keyed by detector, then by setting. */
export type DetectionOverrides = Record<string, Record<string, number | string | boolean>>;

/**
 * The datasource's settings (Grafana's `jsonData`), one group of keys per store. Grafana's data proxy reads the
 * store keys through the routes in plugin.json (`{{ .JsonData.itUrl }}` ...); the browser only ever talks to
 * Grafana. docs/datasource.md documents every key.
 */
export interface ConduitDataSourceOptions extends DataSourceJsonData {
  itUrl?: string;
  itDatabase?: string;
  itRetentionPolicy?: string;
  itAuth?: AuthMethod;
  itUser?: string;
  itHttpMethod?: HttpMethod;
  itTimeoutSeconds?: number;
  otUrl?: string;
  otDatabase?: string;
  otRetentionPolicy?: string;
  otAuth?: AuthMethod;
  otUser?: string;
  otHttpMethod?: HttpMethod;
  otTimeoutSeconds?: number;
  /** The zone and conduit model, YAML or JSON, as `conduit-sim model` writes it. */
  zoneModel?: string;
  /** Detector settings that win over the zone model's `detection` section. */
  detection?: DetectionOverrides;
  /** Findings further apart than this (minutes) are not linked into one chain. */
  chainMaxGapMinutes?: number;
}

/** Write-only in the browser: Grafana stores them encrypted and fills them into the proxied requests. */
export interface ConduitSecureJsonData {
  /**
   * The user and password as `base64(user:password)`, sent as `Authorization: Basic ...` (RFC 7617; every InfluxDB
   * 1.x reads it). Stored encoded because Grafana's route templates cannot encode; the settings page encodes it.
   */
  itBasicAuth?: string;
  /** `Authorization: Token ...`: `user:password` for InfluxDB 1.8 and later, an API token for 2.x and 3.x. */
  itToken?: string;
  /** Older settings kept the password alone and sent it in the URL; it is no longer sent (the page says so). */
  itPassword?: string;
  otBasicAuth?: string;
  otToken?: string;
  otPassword?: string;
}

/** Variable queries, one kind per list a dashboard variable can offer. */
export const VARIABLE_KINDS = ['zones', 'assets', 'measurements', 'tagKeys', 'tagValues', 'protocols'] as const;
export type VariableKind = (typeof VARIABLE_KINDS)[number];

export interface ConduitVariableQuery extends DataQuery {
  kind: VariableKind;
  /** Which store to ask; both when empty. */
  store?: StoreKind;
  /** Assets: only those of this zone (an id or a zone variable). */
  zone?: string;
  /** Tag keys and values: of this measurement. */
  measurement?: string;
  /** Tag values: of this key. */
  tagKey?: string;
}
